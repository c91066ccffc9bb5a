"""Where a bench keeps its data: a database of its own on the server of DATABASE_URL (or the
private embedded one), so that timing never touches the dev or test databases."""

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
