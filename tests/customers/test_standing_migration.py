"""Migration customers.0007 moves status and points to CustomerStanding and drops the old
columns. Run by an owner that is an ordinary role (not superuser, not BYPASSRLS), as
decision 13 allows: forced row-level security binds such an owner, and a copy that saw no
rows would have dropped every block and balance."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
# Named after this run's database, so that two test runs on one server (CI beside a
# developer's run) do not drop each other's.
_RUN = urlsplit(settings.DATABASE_URL).path.lstrip("/") or "shopadmin"
OWNER = f"{_RUN}_migration_test_owner"
DATABASE = f"{_RUN}_migration_test"


def url(dbname: str, user: str | None = None) -> str:
    """The test server's URL (TCP or a socket) for `dbname`, as its admin or as `user`."""
    parts = urlsplit(settings.DATABASE_URL)
    netloc = parts.netloc if user is None else f"{user}@{parts.netloc.rpartition('@')[2]}"
    return urlunsplit(parts._replace(netloc=netloc, path=f"/{dbname}"))


def server(dbname: str = "postgres", user: str | None = None):
    return psycopg.connect(url(dbname, user), autocommit=True)


def migrate(target: str) -> None:
    env = {**os.environ, "DATABASE_URL": url(DATABASE, OWNER), "DEBUG": "1"}
    env.pop("DATABASE_APP_URL", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "customers", target, "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture
def ordinary_owner_database():
    """An empty database owned by an ordinary role that may create the runtime role."""
    with server() as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(DATABASE)))
        admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(OWNER)))
        admin.execute(
            sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE").format(
                sql.Identifier(OWNER)
            )
        )
        # The runtime role exists on this server already (the test database made it); an owner
        # that is not superuser may alter it only with the admin option.
        admin.execute(
            sql.SQL("GRANT {} TO {} WITH ADMIN OPTION").format(
                sql.Identifier(settings.DATABASE_APP_ROLE), sql.Identifier(OWNER)
            )
        )
        admin.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(DATABASE), sql.Identifier(OWNER)
            )
        )
    yield
    with server() as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE))
        )
        admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(OWNER)))


def query_in_shop(connection, shop_id: int, query: str, params=()):
    """Run `query` as the owner with the shop set, as the policies expect (raw SQL on a
    psycopg connection; not tests.helpers.in_shop, which runs ORM code in shop_context)."""
    with connection.transaction():
        connection.execute("SELECT set_config('app.shop_id', %s, true)", [str(shop_id)])
        return connection.execute(query, params).fetchall()


def test_status_and_points_survive_the_move_and_the_way_back(ordinary_owner_database):
    migrate("0006")
    with server(DATABASE, user=OWNER) as owner:
        (shop_id,) = owner.execute(
            "INSERT INTO shopadmin_shop (name, slug, currency, language, created_at, "
            "customers_may_choose_several_groups, orders_go_to_account_manager, "
            "assisted_login_needs_consent) "
            "VALUES ('Sklep', 'sklep', 'PLN', 'pl', now(), false, false, false) RETURNING id"
        ).fetchone()
        customers = [("blocked", 120), ("active", 0), ("blocked", 5)]
        for number, (status, points) in enumerate(customers):
            query_in_shop(
                owner,
                shop_id,
                """
                WITH customer AS (
                    INSERT INTO customers_customer (shop_id, account_type, first_name, last_name,
                        company_name, email, phone, vat_number, street, postal_code, city,
                        country, newsletter, registered_at, assisted_login_consent, status)
                    VALUES (%s, 'guest', 'Ala', %s, '', %s, '', '', '', '', 'Łódź', 'PL',
                            false, now(), false, %s)
                    RETURNING id
                )
                INSERT INTO customers_customerstats (shop_id, customer_id, orders_count,
                    orders_value_gross, orders_value_net, points_balance)
                SELECT %s, id, 0, 0, 0, %s FROM customer RETURNING customer_id
            """,
                [shop_id, f"Nr{number}", f"ala{number}@example.com", status, shop_id, points],
            )
        before = query_in_shop(
            owner,
            shop_id,
            """
            SELECT c.last_name, c.status, s.points_balance FROM customers_customer c
            JOIN customers_customerstats s ON s.customer_id = c.id ORDER BY c.last_name
        """,
        )
        assert before == [("Nr0", "blocked", 120), ("Nr1", "active", 0), ("Nr2", "blocked", 5)]

    migrate("0007")
    with server(DATABASE, user=OWNER) as owner:
        after = query_in_shop(
            owner,
            shop_id,
            """
            SELECT c.last_name, standing.status, standing.points_balance
            FROM customers_customer c
            JOIN customers_customerstanding standing ON standing.customer_id = c.id
            ORDER BY c.last_name
        """,
        )
    assert after == before

    migrate("0006")
    with server(DATABASE, user=OWNER) as owner:
        back = query_in_shop(
            owner,
            shop_id,
            """
            SELECT c.last_name, c.status, s.points_balance FROM customers_customer c
            JOIN customers_customerstats s ON s.customer_id = c.id ORDER BY c.last_name
        """,
        )
    assert back == before
