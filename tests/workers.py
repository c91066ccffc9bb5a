"""A real Celery worker on real Redis, for the tests that are about one: the fixtures that give
it the test database and its own queue, and starting, freezing and killing its process.

Redis missing skips those tests with a reason, except in CI (CI=true), where that fails.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connections

ROOT = Path(__file__).resolve().parents[1]
REDIS = "redis://127.0.0.1:6379/15"


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
    """The environment of a worker and of `manage.py reap_jobs` on the test database; a test
    may change it (EXPORT_STEP_ROWS, say) before it starts the worker."""
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
        "JOB_STALLED_AFTER_SECONDS": "0",
    }
    env.pop("DATABASE_APP_URL", None)
    return env


def start_worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "shopadmin",
            "worker",
            "--concurrency=1",
            "-Q",
            env["CELERY_QUEUE"],
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill(worker: subprocess.Popen) -> None:
    """SIGKILL the worker and its pool: no clean shutdown, no acknowledgement, no requeue."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def freeze(worker: subprocess.Popen) -> None:
    """Stop the worker and its pool where they are (SIGSTOP), until thaw()."""
    os.killpg(worker.pid, signal.SIGSTOP)


def thaw(worker: subprocess.Popen) -> None:
    os.killpg(worker.pid, signal.SIGCONT)


def wait_for(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


@pytest.fixture
def tasks_go_to_the_worker(worker_env, settings):
    """Tasks sent by this process (a live server's views) go to the worker's queue on Redis
    instead of running eagerly, and its files are the worker's: what `make run` does with
    REDIS_URL set."""
    from shopadmin.celery import app

    changed = {
        "broker_url": worker_env["REDIS_URL"],
        "task_always_eager": False,
        "task_default_queue": worker_env["CELERY_QUEUE"],
    }
    saved = {name: app.conf[name] for name in changed}

    def use(conf):
        app.conf.update(conf)
        app._pool = None  # the connection pool and the queues are made from the conf once
        app.__dict__.pop("amqp", None)

    settings.MEDIA_ROOT = Path(worker_env["MEDIA_ROOT"])
    use(changed)
    yield
    if app._pool is not None:
        app._pool.force_close_all()
    use(saved)
