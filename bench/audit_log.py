"""Time the audit log (/staff/audit/) of a shop with a million events.

The database BENCH_AUDIT_DB (shopadmin_bench_audit) on the server of DATABASE_URL (or the
private embedded one) is created and migrated if need be, and holds one shop, "bench-audit",
built once and kept: 1,000,000 events over a year from 20 staff members, of 12 kinds, a
third of them about one of 50,000 customers. Each scenario is requested through Django's
test client as the shop's owner (the whole page: middleware, row-level security, the words
and names of 50 events, rendering), 2 warm-ups and BENCH_AUDIT_RUNS (20) timed runs.

    DEBUG=1 .venv/bin/python bench/audit_log.py
"""

import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopadmin.settings")
os.environ.setdefault("DEBUG", "1")

DB_NAME = os.environ.get("BENCH_AUDIT_DB", "shopadmin_bench_audit")
RUNS = int(os.environ.get("BENCH_AUDIT_RUNS", "20"))
SLUG = "bench-audit"
EVENTS, CUSTOMERS, STAFF = 1_000_000, 50_000, 20

from benchdb import create_and_migrate, percentile, point_at_bench_db  # noqa: E402

point_at_bench_db(DB_NAME)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from shopadmin.models import Shop, User  # noqa: E402
from shopadmin.services import add_staff_member, create_shop  # noqa: E402
from shopadmin.tenancy import shop_context  # noqa: E402

PASSWORD = "bench-audit-Secret-1"
ACTIONS = [
    "customer.updated",
    "customer.card_printed",
    "customer.created",
    "group.members_added",
    "group.members_removed",
    "customers.deleted",
    "order.created",
    "order.status_changed",
    "coupon.given",
    "discount.updated",
    "customers.account_manager_assigned",
    "shop.settings_changed",
]


def build_shop() -> Shop:
    shop = Shop.objects.filter(slug=SLUG).first()
    if shop is not None:
        return shop
    shop = create_shop(name="Bench: dziennik zdarzeń", slug=SLUG, language="en")
    staff = [
        add_staff_member(
            shop=shop,
            email=f"staff{n}@bench-audit.example",
            role="owner" if n == 0 else "manager",
            password=PASSWORD,
            first_name=f"Staff{n}",
        )[0]
        for n in range(STAFF)
    ]
    started = time.perf_counter()
    with shop_context(shop), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO shopadmin_auditevent
                (shop_id, actor_id, action, target_type, target_id, count, data, at)
            SELECT %s,
                   (%s::bigint[])[1 + (n %% %s)],
                   (%s::text[])[1 + (n %% %s)],
                   CASE WHEN n %% 3 = 0 THEN 'customers.customer' ELSE '' END,
                   CASE WHEN n %% 3 = 0 THEN (1 + n %% %s)::text ELSE '' END,
                   1 + n %% 40,
                   '{}'::jsonb,
                   now() - (n * interval '31 seconds')
              FROM generate_series(1, %s) AS n
            """,
            [
                shop.pk,
                [user.pk for user in staff],
                STAFF,
                ACTIONS,
                len(ACTIONS),
                CUSTOMERS,
                EVENTS,
            ],
        )
        cursor.execute("ANALYZE shopadmin_auditevent")
    print(f"built {EVENTS:,} events in {time.perf_counter() - started:.0f} s")
    return shop


def timed(client, path, params) -> list[float]:
    for _ in range(2):
        client.get(path, params)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(path, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def main() -> None:
    create_and_migrate(DB_NAME)
    build_shop()
    settings.DEBUG = False  # no query log
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.login(email="staff0@bench-audit.example", password=PASSWORD)
    page = client.get("/staff/audit/")
    deep_cursor = ""
    for _ in range(200):  # 10,000 events in, following "Older"
        deep_cursor = re.search(r"after=(\d+-\d+)", page.content.decode())[1]
        page = client.get("/staff/audit/", {"after": deep_cursor})
    someone = User.objects.get(email="staff19@bench-audit.example")
    scenarios = [
        ("first page, everything", {}),
        ("page 201 (10,000 in)", {"after": deep_cursor}),
        ("one staff member", {"actor": someone.pk}),
        ("one kind of event", {"action": "coupon.given"}),
        (
            "one week, one kind",
            {"action": "order.created", "since": "2026-06-01", "until": "2026-06-07"},
        ),
    ]
    print(f"Audit log, {EVENTS:,} events, 2 cores; {RUNS} runs after 2 warm-ups (ms)")
    for name, params in scenarios:
        values = timed(client, "/staff/audit/", params)
        median, p95 = statistics.median(values), percentile(values, 95)
        print(f"{name:<32} median {median:7.1f}   p95 {p95:7.1f}")


if __name__ == "__main__":
    main()
