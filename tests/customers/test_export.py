"""Exporting customers to CSV: a job in steps, formulas neutralised, the file for this shop's
staff only, for a limited time."""

import csv
import io
import os
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backoffice.customers import exports
from shopadmin.jobs import purge_old_job_files
from shopadmin.models import Job
from shopadmin.tasks import run_job_step
from shopadmin.tenancy import shop_context
from tests.factories import CustomerFactory
from tests.helpers import latest_job

BULK = reverse("staff:customer_bulk")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def export(client, capture, *, scope="all", query="", columns="all", bom=False, ids=()):
    data = {
        "action": "export",
        "scope": scope,
        "query": query,
        "columns": columns,
        "ids": list(ids),
    }
    if bom:
        data["bom"] = "on"
    with capture(execute=True):
        response = client.post(BULK, data, follow=True)
    return response


def downloaded(client, job) -> bytes:
    response = client.get(reverse("staff:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content)


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_an_export_of_the_search_runs_in_steps_and_neutralises_formulas(
    staff_client, shop, other_shop, django_capture_on_commit_callbacks, settings
):
    settings.EXPORT_STEP_ROWS = 2  # four rows: three steps (the last one finds none)
    for first, company in [
        ('=HYPERLINK("x")', "+48 600"),
        ("Ada", "-5"),
        ("Ela", "@sum"),
        ("\tTab", "==x"),
    ]:
        standing = {"status": "blocked", "points_balance": 70} if first == "Ada" else {}
        CustomerFactory(
            shop=shop, first_name=first, last_name="Zet", company_name=company, **standing
        )

    response = export(staff_client, django_capture_on_commit_callbacks, query="q=zet")

    job = latest_job(shop)
    assert response.redirect_chain[-1][0] == reverse("staff:jobs")
    assert f"Export #{job.number} started: 4 customers." in response.content.decode()
    assert (job.status, job.progress_done, job.progress_total) == ("done", 4, 4)
    assert job.params["step"] == 3 and job.result_message == "4 customers exported."
    rows = rows_of(downloaded(staff_client, job))
    header = rows[0]
    assert header[:3] == ["ID", "First name", "Last name"]
    by_name = {row[header.index("Last name")] + row[0]: row for row in rows[1:]}
    assert len(rows) == 5 and len(by_name) == 4  # no row twice, none lost
    firsts = {row[header.index("First name")] for row in rows[1:]}
    companies = {row[header.index("Company")] for row in rows[1:]}
    assert firsts == {'\'=HYPERLINK("x")', "'\tTab", "Ada", "Ela"}
    assert companies == {"'+48 600", "'-5", "'==x", "'@sum"}
    assert {row[header.index("Orders")] for row in rows[1:]} == {"0"}  # numbers stay numbers
    # Status and points come from the customer's standing row.
    ada = next(row for row in rows[1:] if row[header.index("First name")] == "Ada")
    assert (ada[header.index("Status")], ada[header.index("Points")]) == ("blocked", "70")


def test_the_visible_columns_in_their_order_and_a_bom_for_excel(
    staff_client, shop, django_capture_on_commit_callbacks
):
    staff_client.post(
        reverse("staff:customer_list_columns"),
        {"columns": ["email", "name", "orders_count", "options"]},
    )
    export(
        staff_client,
        django_capture_on_commit_callbacks,
        scope="selected",
        ids=[shop.demo.customer.pk],
        columns="visible",
        bom=True,
    )
    content = downloaded(staff_client, latest_job(shop))
    assert content.startswith("\ufeff".encode())
    assert rows_of(content) == [
        ["Email", "Name", "Orders"],
        ["c@sklep-testowy.example", "Customer Alpha Kowalska", "0"],
    ]


def test_a_step_delivered_again_does_nothing_twice(
    staff_client, shop, django_capture_on_commit_callbacks
):
    export(staff_client, django_capture_on_commit_callbacks)
    job = latest_job(shop)
    before = downloaded(staff_client, job)
    run_job_step.apply(args=[shop.pk, job.pk, 0])  # the broker redelivers the first step
    again = latest_job(shop)
    assert (again.status, again.progress_done, again.result_file) == (
        "done",
        job.progress_done,
        job.result_file,
    )
    assert downloaded(staff_client, again) == before


def test_an_export_whose_group_filter_is_deleted_midway_fails_instead_of_an_empty_file(
    staff_client, shop, settings, django_capture_on_commit_callbacks
):
    group = shop.demo.group  # the fixture's customer is in it
    settings.EXPORT_STEP_ROWS = 1
    with django_capture_on_commit_callbacks() as first_step:
        staff_client.post(
            BULK,
            {"action": "export", "scope": "all", "columns": "all", "query": f"group={group.pk}"},
        )
    with shop_context(shop):
        group.delete()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in first_step:
            callback()

    job = latest_job(shop)
    assert job.status == "failed" and not job.result_file
    assert job.error == "Failed: The list's filters are no longer valid; the job stopped."


def test_the_file_is_for_this_shops_staff_with_the_export_permission_and_expires(
    staff_client, support_client, shop, other_shop, django_capture_on_commit_callbacks
):
    export(staff_client, django_capture_on_commit_callbacks)
    job = latest_job(shop)
    url = reverse("staff:job_download", args=[job.pk])
    assert support_client.get(url).status_code == 403
    other_staff = Client()
    other_staff.force_login(other_shop.demo.owner)
    assert other_staff.get(url).status_code == 404
    with shop_context(shop):
        Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=8))
    expired = staff_client.get(url)
    assert expired.status_code == 410
    assert "This file has expired" in expired.content.decode()


def test_the_jobs_page_shows_progress_and_the_download(
    staff_client, shop, other_shop, django_capture_on_commit_callbacks
):
    with shop_context(shop):  # the fixture's own job, queued: finish it
        Job.objects.filter(pk=shop.demo.job.pk).update(status=Job.Status.DONE)
    export(staff_client, django_capture_on_commit_callbacks)
    job = latest_job(shop)
    page = staff_client.get(reverse("staff:jobs")).content.decode()
    assert f'data-job="{job.pk}"' in page
    assert 'value="100"' in page and "Download" in page
    assert f'data-job="{other_shop.demo.job.pk}"' not in page
    assert "hx-trigger" not in page  # nothing running: the page stops refreshing


def test_a_failing_step_marks_the_job_failed_with_a_reason(
    staff_client, shop, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(self, shop, job, step):
        raise OSError("disk full")

    monkeypatch.setattr(exports.CustomerExport, "run_step", broken)
    export(staff_client, django_capture_on_commit_callbacks)
    job = latest_job(shop)
    assert (job.status, job.error) == ("failed", "Failed: disk full")
    page = staff_client.get(reverse("staff:jobs")).content.decode()
    assert "Failed: disk full" in page


def test_the_jobs_page_refreshes_itself_while_a_job_is_queued(staff_client, shop):
    page = staff_client.get(reverse("staff:jobs")).content.decode()  # the fixture's job queued
    assert 'hx-trigger="every 2s"' in page and "htmx.min.js" in page


def test_files_older_than_the_kept_days_are_deleted_from_disk(
    staff_client, shop, django_capture_on_commit_callbacks, settings
):
    export(staff_client, django_capture_on_commit_callbacks)
    job = latest_job(shop)
    done = settings.MEDIA_ROOT / job.result_file
    leftover = settings.MEDIA_ROOT / "exports" / str(shop.pk) / "999" / "part-00000.csv"
    leftover.parent.mkdir(parents=True)
    leftover.write_text("a failed job's part")
    eight_days_ago = (timezone.now() - timedelta(days=8)).timestamp()
    os.utime(leftover.parent, (eight_days_ago, eight_days_ago))

    assert purge_old_job_files() == 1
    assert done.is_file() and not leftover.parent.exists()
    os.utime(done, (eight_days_ago, eight_days_ago))
    assert purge_old_job_files() == 1
    assert not done.exists()


def test_the_kept_days_setting_ends_the_download_and_the_file_together(
    staff_client, shop, django_capture_on_commit_callbacks, settings
):
    """The link says "expired" (by the job's finish) on the day the purge deletes the file (by
    its time on disk), also when an operator changes JOB_FILES_KEPT_DAYS."""
    settings.JOB_FILES_KEPT_DAYS = 2
    export(staff_client, django_capture_on_commit_callbacks)
    job = latest_job(shop)
    path = settings.MEDIA_ROOT / job.result_file
    url = reverse("staff:job_download", args=[job.pk])

    def finished_days_ago(days):
        then = timezone.now() - timedelta(days=days)
        with shop_context(shop):
            Job.objects.filter(pk=job.pk).update(finished_at=then)
        os.utime(path, (then.timestamp(), then.timestamp()))

    finished_days_ago(1.9)
    assert "Customer Alpha" in downloaded(staff_client, job).decode()  # still served
    assert purge_old_job_files() == 0 and path.is_file()

    finished_days_ago(2.1)
    gone = staff_client.get(url)
    assert gone.status_code == 410 and "kept for 2 days" in gone.content.decode()
    assert purge_old_job_files() == 1 and not path.exists()


def test_a_cell_starting_with_a_carriage_return_is_neutralised(
    staff_client, shop, django_capture_on_commit_callbacks
):
    CustomerFactory(shop=shop, first_name="\rRet", last_name="Zet")

    export(staff_client, django_capture_on_commit_callbacks, query="q=zet")

    rows = rows_of(downloaded(staff_client, latest_job(shop)))
    first_names = [row[rows[0].index("First name")] for row in rows[1:]]
    assert first_names == ["'\rRet"]
