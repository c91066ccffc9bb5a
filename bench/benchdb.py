"""What the benches share: a database of their own on the server of DATABASE_URL (or the
private embedded one), so that timing never touches the dev or test databases, and the
percentile they print."""

import math
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def point_at_bench_db(db_name: str) -> None:
    """Before django.setup(): this process and its manage.py children use `db_name`."""
    url = os.environ.get("DATABASE_URL")
    if not url:  # the private embedded server, as shopadmin.settings would start it
        from shopadmin.devdb import embedded_database_url

        url = embedded_database_url(ROOT / "var" / "pgdata")
    os.environ["DATABASE_URL"] = _with_db(url, db_name)
    if os.environ.get("DATABASE_APP_URL"):
        os.environ["DATABASE_APP_URL"] = _with_db(os.environ["DATABASE_APP_URL"], db_name)


def _with_db(url: str, db_name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{db_name}"))


def create_and_migrate(db_name: str) -> None:
    """After django.setup(): create `db_name` if missing, then migrate it as the owner."""
    import subprocess
    import sys

    from django.db import connections

    connections.close_all()
    with connections["owner"]._nodb_cursor() as cursor:  # the server's maintenance database
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE DATABASE {db_name}")
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
        env={**os.environ, "DEBUG": "1", "PYTHONUNBUFFERED": "1"},
        check=True,
    )
    connections.close_all()


def percentile(times: list[float], p: int) -> float:
    """The p-th percentile of `times`, nearest rank (what every bench prints as p95)."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]
