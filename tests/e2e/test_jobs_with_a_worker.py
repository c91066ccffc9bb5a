"""In a real browser, with a real Celery worker on Redis: an export started from the customer
list runs in the worker, and the jobs page shows its progress as it goes (no reload), then
100 % and the file to download."""

from pathlib import Path

from playwright.sync_api import expect

from shopadmin.models import Job
from shopadmin.tenancy import shop_context
from tests.e2e.conftest import log_in, screenshot
from tests.factories import CustomerFactory
from tests.workers import freeze, kill, start_worker, thaw, wait_for

CUSTOMERS = 150  # one row per step: a job long enough to be caught half way


def test_the_jobs_page_shows_a_real_workers_progress_live(
    page, live_url, two_committed_shops, worker_env, tasks_go_to_the_worker
):
    krakow, lyon = two_committed_shops
    for number in range(CUSTOMERS):
        CustomerFactory(shop=krakow, first_name=f"Nowak{number:03d}", email=f"n{number}@x.pl")
    CustomerFactory(shop=lyon, first_name="Nowak Lyon", email="nowak@lyon.example")
    worker_env["EXPORT_STEP_ROWS"] = "1"
    worker = start_worker(worker_env)
    try:
        log_in(page, live_url)
        page.goto(f"{live_url}/staff/customers/?q=nowak")
        everyone = f"All {CUSTOMERS} customers matching this search and these filters"
        page.get_by_label(everyone).check()
        page.get_by_label("Action", exact=True).select_option(label="Export to CSV")
        page.get_by_role("button", name="Continue…").click()
        page.get_by_role("button", name="Export to CSV").click()
        expect(page).to_have_url(f"{live_url}/staff/jobs/")
        page.evaluate("window.notReloaded = true")
        with shop_context(krakow):
            job = Job.objects.filter(kind="customer_export").latest("pk")

        def job_now() -> Job:
            with shop_context(krakow):
                return Job.objects.get(pk=job.pk)

        # Half way, hold the worker still, so that the page has a figure to catch.
        wait_for(lambda: job_now().progress_done > 0, seconds=60, what="the worker's first step")
        freeze(worker)
        halfway = job_now()
        assert halfway.status == Job.Status.RUNNING
        assert 0 < halfway.progress_done < CUSTOMERS
        row = page.locator(f'tr[data-job="{job.pk}"]')
        percent = halfway.progress_done * 100 // CUSTOMERS
        expect(row.locator(".job-percent")).to_have_text(f"{percent} %", timeout=10_000)
        expect(row.locator(".job-status")).to_have_text("running")
        screenshot(page, "jobs-worker-halfway")

        thaw(worker)
        expect(row.locator(".job-percent")).to_have_text("100 %", timeout=60_000)
        expect(row).to_contain_text(f"{CUSTOMERS} customers exported.")
        assert page.evaluate("window.notReloaded") is True  # htmx swapped the rows in place
        screenshot(page, "jobs-worker-done")
        with page.expect_download() as download:
            row.get_by_role("link", name="Download").click()
    finally:
        kill(worker)
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == CUSTOMERS + 1  # the header and every customer, once
    assert len(set(lines)) == len(lines)
    assert "Nowak Lyon" not in "\n".join(lines)
