"""Time `seed_demo` for one shop of 1,000,000 customers with 5 orders each.

Runs in a scratch database on the configured server (DATABASE_URL, or the private embedded
one), which it creates, migrates, seeds and drops. Prints the wall time of the seed and the
command's own per-phase figures. Sizes: BENCH_SEED_CUSTOMERS (1,000,000) and
BENCH_SEED_ORDERS (5 per customer).

    DEBUG=1 .venv/bin/python bench/seed_demo.py
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopadmin.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402

SCRATCH = "shopadmin_bench_seed"
CUSTOMERS = int(os.environ.get("BENCH_SEED_CUSTOMERS", "1000000"))
ORDERS = int(os.environ.get("BENCH_SEED_ORDERS", "5"))


def scratch_url() -> str:
    parts = urlsplit(settings.DATABASE_URL)
    return urlunsplit(parts._replace(path=f"/{SCRATCH}"))


def manage(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": scratch_url(), "DEBUG": "1"}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        text=True,
        capture_output=True,
    )


def main() -> None:
    owner = connections["owner"]
    # The server's maintenance database: the configured one need not exist yet.
    with owner._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        cursor.execute(f"CREATE DATABASE {SCRATCH}")
    try:
        manage("migrate", "--noinput")
        started = time.monotonic()
        result = manage(
            "seed_demo",
            "--shops",
            "1",
            "--customers",
            str(CUSTOMERS),
            "--orders-per-customer",
            str(ORDERS),
            "-v",
            "2",
        )
        elapsed = time.monotonic() - started
    finally:
        connections.close_all()
        with owner._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)")
    print(f"seed_demo: 1 shop, {CUSTOMERS:,} customers, {ORDERS} orders each")
    print(result.stdout.rstrip())
    print(f"wall time: {elapsed:.1f} s ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
