"""In a real browser: the jobs page follows a running job's progress by itself (htmx) and
stops asking once nothing runs."""

from playwright.sync_api import expect

from shopadmin.models import Job
from shopadmin.tenancy import shop_context
from tests.e2e.conftest import log_in


def test_the_jobs_page_follows_a_running_job_without_a_reload(page, live_url, two_committed_shops):
    krakow, _lyon = two_committed_shops
    job = krakow.demo.job
    with shop_context(krakow):
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.RUNNING, progress_total=10, progress_done=0
        )
    log_in(page, live_url)
    page.goto(f"{live_url}/staff/jobs/")
    percent = page.locator(f'tr[data-job="{job.pk}"] .job-percent')
    expect(percent).to_have_text("0 %")
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    with shop_context(krakow):
        Job.objects.filter(pk=job.pk).update(progress_done=7)
    expect(percent).to_have_text("70 %", timeout=10_000)  # polled every 2 s, no reload

    with shop_context(krakow):
        Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, progress_done=10)
    expect(percent).to_have_text("100 %", timeout=10_000)
    expect(page.locator("#jobs[hx-trigger]")).to_have_count(0)  # nothing runs: no more polling
    polls = len(requests)
    assert polls > 0  # the listener saw the polls that brought 70 % and 100 %
    # Nothing to wait for here: two poll periods pass and no request may go out in them.
    page.wait_for_timeout(4_500)
    assert len(requests) == polls
    expect(page).to_have_url(f"{live_url}/staff/jobs/")
