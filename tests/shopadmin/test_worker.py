"""A real Celery worker on real Redis runs an export job; killed mid-job, the job is resumed
by the reaper and finishes with every row exactly once; a job that keeps losing its worker is
failed with a reason, never left "running".

Skipped with a reason where Redis is not running, except in CI (CI=true), where that fails.
"""

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from shopadmin.models import Job
from shopadmin.services import create_shop
from shopadmin.tenancy import shop_context
from tests.factories import CustomerFactory
from tests.workers import ROOT, kill, start_worker, wait_for

CUSTOMERS = 600
STEP_ROWS = 20  # 30 steps: time to kill the worker in the middle


def reap(env) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "reap_jobs"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def job_state(shop, pk) -> Job:
    with shop_context(shop):
        return Job.objects.get(pk=pk)


@pytest.fixture
def export_job(committed_db):
    """A shop of CUSTOMERS customers and a queued export of all of them, never started."""
    shop = create_shop(name="Sklep Worker", slug="sklep-worker")
    for number in range(CUSTOMERS):
        CustomerFactory(
            shop=shop, first_name=f"K{number:04d}", email=f"k{number}@example.com", guest=True
        )
    with shop_context(shop):
        job = Job.objects.create(
            shop=shop,
            kind="customer_export",
            progress_total=CUSTOMERS,
            params={"query": "", "ids": None, "columns": ["email"], "bom": False, "step": 0},
        )
    return shop, job


def test_a_worker_killed_mid_job_is_resumed_and_every_row_is_written_once(worker_env, export_job):
    shop, job = export_job
    worker_env["EXPORT_STEP_ROWS"] = str(STEP_ROWS)
    assert "Resumed 1 stalled job(s)" in reap(worker_env)  # queued, never started: enqueue it
    worker = start_worker(worker_env)
    try:
        wait_for(lambda: job_state(shop, job.pk).params["step"] >= 5, seconds=60, what="five steps")
    finally:
        kill(worker)
    stopped = job_state(shop, job.pk)
    assert stopped.status == Job.Status.RUNNING  # what a killed worker leaves behind
    assert 0 < stopped.progress_done < CUSTOMERS

    assert "Resumed 1 stalled job(s)" in reap(worker_env)
    worker = start_worker(worker_env)
    try:
        done = wait_for(
            lambda: (j := job_state(shop, job.pk)).status == Job.Status.DONE and j,
            seconds=90,
            what="the job to finish",
        )
    finally:
        kill(worker)

    # Resumed twice (above); the count of stalls in a row restarts once a step commits.
    assert (done.progress_done, done.params["attempts"]) == (CUSTOMERS, 0)
    path = Path(worker_env["MEDIA_ROOT"]) / done.result_file
    rows = list(csv.reader(path.open(encoding="utf-8")))
    emails = [row[0] for row in rows[1:]]
    assert rows[0] == ["Email"]
    assert len(emails) == CUSTOMERS == len(set(emails))  # every customer, none twice


def test_a_job_that_keeps_losing_its_worker_is_failed_with_a_reason(worker_env, export_job):
    shop, job = export_job
    with shop_context(shop):
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.RUNNING, params={**job.params, "attempts": settings.JOB_MAX_ATTEMPTS}
        )
    assert "marked 1 failed" in reap(worker_env)
    failed = job_state(shop, job.pk)
    assert failed.status == Job.Status.FAILED
    assert failed.error == "Failed: its worker stopped 3 times; it was not resumed again."
