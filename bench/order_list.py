"""Time the staff order list (/staff/orders/) on the big shop of bench/customer_list.py.

The same database (BENCH_LIST_DB, built by that bench once and kept): the big shop's 1,000,000
customers have about 5,000,000 orders, beside nine shops of 100,000 customers. The seed places
no order with a coupon, so this bench gives one order in 40 of the big shop the code
BENCH-COUPON (once: it does nothing when the shop has orders with a coupon).

Every scenario is requested through Django's test client as the big shop's owner (the whole
page: middleware, row-level security, rendering; DEBUG's query log off), 2 warm-ups and
BENCH_LIST_RUNS (20) timed runs. Prints p50 and p95 per scenario and writes the table to
/tmp/bench_order_list.md.

    DEBUG=1 .venv/bin/python bench/order_list.py
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The customer list's bench points this process at the bench database and builds it if need be.
import customer_list as bench  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from orders.models import Order  # noqa: E402
from shopadmin.models import Shop  # noqa: E402
from shopadmin.tenancy import shop_context  # noqa: E402

PATH = "/staff/orders/"
GOAL_MS = 150
COUPON = "BENCH-COUPON"
MARKDOWN = Path("/tmp/bench_order_list.md")


def ensure_coupon_orders(shop) -> None:
    with shop_context(shop):
        if Order.objects.filter(shop=shop).exclude(coupon_code="").exists():
            return
    with connections["owner"].cursor() as cursor:
        cursor.execute(
            "UPDATE orders_order SET coupon_code = %s WHERE shop_id = %s AND id %% 40 = 0",
            [COUPON, shop.pk],
        )
        print(f"gave {cursor.rowcount:,} orders the coupon {COUPON}", flush=True)
        cursor.execute("VACUUM (ANALYZE) orders_order")


def samples(shop) -> dict:
    """A real order number, customer email, account manager and surname of the big shop."""
    with shop_context(shop):
        orders = Order.objects.filter(shop=shop).order_by("pk")
        middle = orders.select_related("customer")[orders.count() // 2]
        manager = (
            orders.exclude(account_manager=None).values_list("account_manager", flat=True).first()
        )
    return {
        "number": middle.number,
        "email": middle.customer.email,
        "surname_city": f"{middle.customer.last_name} {middle.customer.city}",
        "manager": manager,
    }


def scenarios(found: dict) -> list[tuple[str, dict]]:
    today = timezone.localdate()
    month_ago = (today - timedelta(days=30)).isoformat()
    year_ago = today - timedelta(days=365)
    todo = [
        ("default (newest first)", {}),
        ("sort oldest first", {"sort": "placed_at"}),
        ("sort highest value", {"sort": "-gross"}),
        ("sort lowest value", {"sort": "gross"}),
        ("status new", {"status": "new"}),
        ("status paid", {"status": "paid"}),
        ("status cancelled (none)", {"status": "cancelled"}),
        ("placed last 30 days", {"placed_after": month_ago}),
        (
            "placed one month a year ago",
            {
                "placed_after": year_ago.isoformat(),
                "placed_before": (year_ago + timedelta(30)).isoformat(),
            },
        ),
        ("value 1000-5000", {"gross_min": "1000", "gross_max": "5000"}),
        (
            "value 1000-5000, highest first",
            {"gross_min": "1000", "gross_max": "5000", "sort": "-gross"},
        ),
        ("with a coupon", {"with_coupon": "on"}),
        ("search order number", {"q": found["number"]}),
        ("search customer email", {"q": found["email"]}),
        ("search surname + city", {"q": found["surname_city"]}),
        ("search kowal (22,000 customers)", {"q": "kowal"}),
        ("search lodz (too broad: says so)", {"q": "lodz"}),
        ("status paid + last 30 days", {"status": "paid", "placed_after": month_ago}),
        ("page 2000", {"page": "2000"}),
    ]
    if found["manager"]:
        todo.insert(10, ("account manager", {"account_manager": str(found["manager"])}))
    return todo


def main() -> None:
    bench.ensure_dataset()
    settings.DEBUG = False  # no query log: time the page as it runs in production
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    shop = Shop.objects.get(slug=bench.SHOPS[0].slug)
    ensure_coupon_orders(shop)
    client, _user = bench.staff_client(shop)
    found = samples(shop)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    with shop_context(shop):
        orders = Order.objects.filter(shop=shop).count()
        coupons = Order.objects.filter(shop=shop).exclude(coupon_code="").count()
    head = [
        f"Order list, {os.cpu_count()} cores, PostgreSQL {version}, database {bench.DB_NAME}",
        f"Big shop {shop.slug}: {orders:,} orders ({coupons:,} with a coupon) of "
        f"{bench.BIG:,} customers; beside {bench.SMALL_SHOPS} shops of {bench.SMALL:,} customers",
        f"Runs: {bench.RUNS} (2 warm-ups); times in ms, p95 nearest-rank",
    ]
    lines = [["scenario", "p50", "p95"]]
    slow = []
    for name, params in scenarios(found):
        result = bench.time_page(client, params, path=PATH)
        p50, p95 = bench.cells(result)
        print(f"{name}: p50 {p50} p95 {p95}", flush=True)
        lines.append([name, p50, p95])
        if isinstance(result, list) and bench.percentile(result, 95) > GOAL_MS:
            slow.append(name)
    print("\n".join(head))
    widths = [max(len(line[i]) for line in lines) for i in range(3)]
    for line in lines:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(line, widths, strict=True))
            )
        )
    notes = [f"NOTE: p95 over {GOAL_MS} ms: {', '.join(slow)}"] if slow else []
    print("\n".join(notes))
    markdown = [*head, "", "| scenario | p50 | p95 |", "|---|--:|--:|"]
    markdown += [f"| {' | '.join(line)} |" for line in lines[1:]]
    MARKDOWN.write_text("\n".join([*markdown, "", *notes, ""]))
    print(f"(also in {MARKDOWN})")
    if any(line[1].startswith("HTTP") for line in lines[1:]):
        sys.exit(1)


if __name__ == "__main__":
    main()
