"""The jobs page: while a job runs, htmx asks every 2 s for the table alone; it holds this
shop's jobs only, and says how long each ran."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from shopadmin.formatting import duration
from shopadmin.models import Job
from shopadmin.tenancy import shop_context

JOBS = reverse("staff:jobs")


def test_htmx_gets_the_jobs_table_alone_with_this_shops_jobs_only(staff_client, shop, other_shop):
    mine, theirs = shop.demo.job, other_shop.demo.job
    with shop_context(shop):
        started = timezone.now() - timedelta(minutes=3, seconds=12)
        Job.objects.filter(pk=mine.pk).update(status=Job.Status.RUNNING, started_at=started)

    table = staff_client.get(JOBS, headers={"HX-Request": "true"})
    page = staff_client.get(JOBS)

    fragment = table.content.decode()
    assert "<html" not in fragment and "<html" in page.content.decode()
    assert fragment.strip().startswith('<div id="jobs" hx-get="/staff/jobs/" hx-trigger="every 2s"')
    assert f'data-job="{mine.pk}"' in fragment and "3 min 12 s" in fragment
    assert f'data-job="{theirs.pk}"' not in fragment
    assert other_shop.demo.job.result_message not in fragment
    assert "HX-Request" in table["Vary"] and "HX-Request" in page["Vary"]


def test_durations_read_as_people_say_them():
    assert [duration(seconds) for seconds in (8, 192, 7_500)] == ["8 s", "3 min 12 s", "2 h 5 min"]
