"""A real Celery worker on real Redis runs an export job; killed mid-job, the job is resumed
by the reaper and finishes with every row exactly once; a job that keeps losing its worker is
failed with a reason, never left "running".

Skipped with a reason where Redis is not running, except in CI (CI=true), where that fails.
"""

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connections

from shopadmin.models import Job
from shopadmin.services import create_shop
from shopadmin.tenancy import shop_context
from tests.factories import CustomerFactory

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/15"
CUSTOMERS = 600
STEP_ROWS = 20  # 30 steps: time to kill the worker in the middle


@pytest.fixture
def redis_url():
    import redis

    client = redis.Redis.from_url(REDIS)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not running on 127.0.0.1:6379 in CI: .ci/run starts it.")
        pytest.skip("Redis is not running on 127.0.0.1:6379 — real-worker tests skipped.")
    client.flushdb()
    yield REDIS
    client.flushdb()


@pytest.fixture
def worker_env(redis_url, committed_db, tmp_path):
    """The environment of a worker and of `manage.py reap_jobs` on the test database."""
    db = connections["owner"].settings_dict
    env = {
        **os.environ,
        "DEBUG": "1",
        # A socket directory (the embedded server) goes into the URL percent-encoded.
        "DATABASE_URL": f"postgres://{db['USER']}@{quote(db['HOST'] or '', safe='')}:"
        f"{db['PORT']}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "CELERY_QUEUE": f"test-{os.getpid()}",
        "MEDIA_ROOT": str(tmp_path),
        "EXPORT_STEP_ROWS": str(STEP_ROWS),
        "JOB_STALLED_AFTER_SECONDS": "0",
    }
    env.pop("DATABASE_APP_URL", None)
    return env


def start_worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "shopadmin", "worker", "--concurrency=1",
         "-Q", env["CELERY_QUEUE"], "--without-gossip", "--without-mingle",
         "--without-heartbeat", "--loglevel=WARNING"],
        cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def kill(worker: subprocess.Popen) -> None:
    """SIGKILL the worker and its pool: no clean shutdown, no acknowledgement, no requeue."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def reap(env) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "reap_jobs"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def job_state(shop, pk) -> Job:
    with shop_context(shop):
        return Job.objects.get(pk=pk)


def wait_for(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


@pytest.fixture
def export_job(committed_db):
    """A shop of CUSTOMERS customers and a queued export of all of them, never started."""
    shop = create_shop(name="Sklep Worker", slug="sklep-worker")
    for number in range(CUSTOMERS):
        CustomerFactory(shop=shop, first_name=f"K{number:04d}", email=f"k{number}@example.com",
                        guest=True)  # fmt: skip
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
    assert "Resumed 1 stalled job(s)" in reap(worker_env)  # queued, never started: enqueue it
    worker = start_worker(worker_env)
    try:
        wait_for(lambda: job_state(shop, job.pk).params["step"] >= 5, seconds=60,
                 what="five steps")  # fmt: skip
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
            seconds=90, what="the job to finish",
        )  # fmt: skip
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
