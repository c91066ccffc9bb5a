"""Time the staff customer list (/staff/customers/) on a big shop, beside a plain Django baseline.

The database BENCH_LIST_DB (shopadmin_bench_list) on the server of DATABASE_URL (or the private
embedded one) holds one shop of BENCH_LIST_BIG customers (1,000,000, about 5 orders each) beside
BENCH_LIST_SHOPS (9) shops of BENCH_LIST_SMALL (100,000), made by `manage.py seed_demo`. It is
built once (4-5 minutes per million customers on 2 cores) and kept: the next run migrates
it, runs VACUUM (ANALYZE) and reuses it. A half-built database (a shop without its
`demo.seeded` event) is dropped and built again; one built with other sizes is refused.

Then every scenario is requested through Django's test client as the big shop's owner (the
whole page: middleware, row-level security, rendering; DEBUG's query log off), 2 warm-ups and
BENCH_LIST_RUNS (20) timed runs. The baseline does the same with the admin-style approach:
Count/Sum/Max over the orders, icontains search, Django's Paginator (COUNT(*), OFFSET) and a
small template, inside shop_context; BENCH_LIST_BASELINE_RUNS (5) runs, 1 warm-up when a run
takes over a second. Its points are the standing row's balance (a one-to-one join; a sum of
the ledger beside the orders' join would multiply rows). Its search folds case, not accents.
Prints p50 and p95 per scenario and the ratio, and writes the table to /tmp/bench_customer_list.md.

    DEBUG=1 .venv/bin/python bench/customer_list.py
    BENCH_LIST_DB=shopadmin_bench_list_small BENCH_LIST_BIG=20000 BENCH_LIST_SMALL=2000 \\
        DEBUG=1 .venv/bin/python bench/customer_list.py

BENCH_LIST_ONLY=page or baseline runs one side; BENCH_LIST_ONLY=build only builds the database.
BENCH_LIST_EMAIL sets the searched email fragment (default: six characters of a real address).
"""

import operator
import os
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta
from functools import reduce
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopadmin.settings")
os.environ.setdefault("DEBUG", "1")

DB_NAME = os.environ.get("BENCH_LIST_DB", "shopadmin_bench_list")
BIG = int(os.environ.get("BENCH_LIST_BIG", "1000000"))
SMALL = int(os.environ.get("BENCH_LIST_SMALL", "100000"))
SMALL_SHOPS = int(os.environ.get("BENCH_LIST_SHOPS", "9"))
RUNS = int(os.environ.get("BENCH_LIST_RUNS", "20"))
BASELINE_RUNS = int(os.environ.get("BENCH_LIST_BASELINE_RUNS", "5"))
ONLY = os.environ.get("BENCH_LIST_ONLY", "")
ORDERS_PER_CUSTOMER = 5
PATH = "/staff/customers/"
PER_PAGE = 25
GOAL_MS = 150
MARKDOWN = Path("/tmp/bench_customer_list.md")
if not re.fullmatch(r"[a-z_][a-z0-9_]*", DB_NAME) or ONLY not in {"", "page", "baseline", "build"}:
    sys.exit("BENCH_LIST_DB: lower-case identifier; BENCH_LIST_ONLY: page, baseline or build.")


from benchdb import percentile, point_at_bench_db  # noqa: E402

point_at_bench_db(DB_NAME)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import Count, F, Max, Q, Sum  # noqa: E402
from django.template import Context, Engine  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from customers.models import Customer, SavedFilter  # noqa: E402
from demo.seeding import SEEDED_ACTION  # noqa: E402
from demo.shops import demo_logins, demo_shops  # noqa: E402
from groups.models import CustomerGroup, GroupMembership  # noqa: E402
from orders.models import Order  # noqa: E402
from shopadmin.middleware import SESSION_SHOP_KEY  # noqa: E402
from shopadmin.models import AuditEvent, Shop, User  # noqa: E402
from shopadmin.tenancy import shop_context  # noqa: E402

SHOPS = demo_shops(1 + SMALL_SHOPS)  # the first (Sklep Kraków, Polish) is the big one
WANTED = {demo.slug: BIG if demo.number == 1 else SMALL for demo in SHOPS}

# --- The database -----------------------------------------------------------------------------


def manage(*args: str) -> None:
    # DATABASE_URL already names the bench database; unbuffered, so progress shows as it comes.
    env = {**os.environ, "DEBUG": "1", "PYTHONUNBUFFERED": "1"}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True)


def prepare_database(*, drop: bool = False) -> None:
    """Create DB_NAME if missing (after dropping it, with `drop`), then migrate it."""
    connections.close_all()
    with connections["owner"]._nodb_cursor() as cursor:  # the server's maintenance database
        if drop:
            cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE DATABASE {DB_NAME}")
    started = time.monotonic()
    manage("migrate", "--noinput", "-v", "0")
    print(f"migrate: {time.monotonic() - started:.0f} s", flush=True)


def seeded_customers() -> dict[str, int | None]:
    """Slug -> customers of each bench shop in the database; None: the shop is incomplete."""
    found = {}
    for shop in Shop.objects.filter(slug__in=WANTED):
        with shop_context(shop):
            event = AuditEvent.objects.filter(shop=shop, action=SEEDED_ACTION).first()
        found[shop.slug] = event.count if event else None
    return found


def ensure_dataset() -> None:
    prepare_database()
    found = seeded_customers()
    if None in found.values():
        print(f"{DB_NAME}: a shop has no complete data (an interrupted build); rebuilding.")
        prepare_database(drop=True)
        found = {}
    for slug, count in found.items():
        if count != WANTED[slug]:
            sys.exit(
                f"{DB_NAME}: {slug} has {count:,} customers, not {WANTED[slug]:,}. "
                "Use another BENCH_LIST_DB for other sizes."
            )
    for shops, customers in ((1, BIG), (1 + SMALL_SHOPS, SMALL)):
        if any(demo.slug not in found for demo in SHOPS[:shops]):
            print(f"building: shops 1-{shops} with {customers:,} customers each (those missing)")
            started = time.monotonic()
            manage(
                "seed_demo",
                "--shops",
                str(shops),
                "--customers",
                str(customers),
                "--orders-per-customer",
                str(ORDERS_PER_CUSTOMER),
                "--workers",
                "2",
            )
            print(f"built in {time.monotonic() - started:.0f} s", flush=True)
    started = time.monotonic()
    with connections["owner"].cursor() as cursor:
        # VACUUM too, as autovacuum would have by now: a build or a migration that rewrites a
        # table leaves its visibility map empty, and index-only scans then read the heap
        # (page 2,000 took 172 ms instead of 50). On a settled database it takes seconds.
        cursor.execute("VACUUM (ANALYZE)")
    print(f"VACUUM (ANALYZE): {time.monotonic() - started:.0f} s")
    connections.close_all()


# --- What is requested ------------------------------------------------------------------------


def ensure_saved_filter(shop, user) -> int:
    two_years_ago = (timezone.localdate() - timedelta(days=730)).isoformat()
    query = {
        "newsletter": ["true"],
        "status": ["active"],
        "orders_count_min": ["3"],
        "registered_at_after": [two_years_ago],
    }
    with shop_context(shop):
        saved, _created = SavedFilter.objects.update_or_create(
            shop=shop,
            owner=user,
            list_name="customers",
            name="bench four criteria",
            defaults={"shared": True, "query": query},
        )
    return saved.pk


def email_fragment(shop) -> str:
    """Two letters and four digits where a real address's name meets its number ("ak5001")."""
    if os.environ.get("BENCH_LIST_EMAIL"):
        return os.environ["BENCH_LIST_EMAIL"]
    with shop_context(shop):
        email = Customer.objects.filter(shop=shop).order_by("pk").values_list("email", flat=True)
        local = email[BIG // 2].split("@")[0]
    start = re.search(r"\d+$", local).start()
    return local[max(0, start - 2) : start + 4]


def scenarios(group_id: int, fragment: str, saved_filter_id: int) -> list[tuple[str, dict]]:
    today = timezone.localdate()
    found = [("default", {})]
    for key in ("name", "orders_value_gross", "last_order_at", "points_balance"):
        found += [(f"sort {key}", {"sort": key}), (f"sort -{key}", {"sort": f"-{key}"})]
    return found + [
        ("search kowal", {"q": "kowal"}),
        ("search lodz", {"q": "lodz"}),
        (f"search {fragment}", {"q": fragment}),
        (f"group {group_id}", {"group": str(group_id)}),
        (
            "value 1000-5000 + newsletter",
            {"orders_value_min": "1000", "orders_value_max": "5000", "newsletter": "true"},
        ),
        ("status blocked", {"status": "blocked"}),
        (
            "registered last 30 days",
            {"registered_at_after": (today - timedelta(days=30)).isoformat()},
        ),
        ("saved filter (4 criteria)", {"saved_filter": str(saved_filter_id)}),
        ("page 2000", {"page": "2000"}),
    ]


# --- The baseline: what Django's admin would do -----------------------------------------------

SEARCHED = ("first_name", "last_name", "company_name", "email", "phone", "city", "vat_number")
SORTS = {
    "name": ("last_name", "first_name"),
    "orders_value_gross": ("orders_value",),
    "last_order_at": ("last_order",),
    "points_balance": ("points",),
}
RANGES = {
    "orders_value_min": "orders_value__gte",
    "orders_value_max": "orders_value__lte",
    "orders_count_min": "orders_count__gte",
}
ROWS = Engine.get_default().from_string(
    "<table>{% for c in page %}<tr><td><a href='/staff/customers/{{ c.pk }}/'>{{ c.last_name }} "
    "{{ c.first_name }}</a></td><td>{{ c.company_name }}</td><td>{{ c.email }}</td>"
    "<td>{{ c.city }}</td><td>{{ c.standing.status }}</td><td>{{ c.orders_count }}</td>"
    "<td>{{ c.orders_value|floatformat:2 }}</td><td>{{ c.last_order|date:'SHORT_DATE_FORMAT' }}"
    "</td><td>{{ c.points }}</td></tr>{% endfor %}</table>"
    "<p>{{ page.number }} / {{ page.paginator.num_pages }} ({{ page.paginator.count }})</p>"
)


def baseline_queryset(shop, params: dict):
    customers = Customer.objects.filter(shop=shop).select_related("standing")
    if params.get("q"):
        term = params["q"]
        customers = customers.filter(
            reduce(operator.or_, (Q(**{f"{field}__icontains": term}) for field in SEARCHED))
        )
    if "group" in params:
        customers = customers.filter(group_memberships__group_id=int(params["group"]))
    if "newsletter" in params:
        customers = customers.filter(newsletter=params["newsletter"] == "true")
    if "status" in params:
        customers = customers.filter(standing__status=params["status"])
    if "registered_at_after" in params:
        midnight = timezone.make_aware(datetime.fromisoformat(params["registered_at_after"]))
        customers = customers.filter(registered_at__gte=midnight)
    customers = customers.annotate(
        orders_count=Count("orders"),
        orders_value=Sum("orders__gross"),
        orders_net=Sum("orders__net"),
        last_order=Max("orders__placed_at"),
        points=F("standing__points_balance"),
    ).filter(**{RANGES[name]: value for name, value in params.items() if name in RANGES})
    sort = params.get("sort", "-registered_at")
    fields = SORTS.get(sort.lstrip("-"), (sort.lstrip("-"),))
    sign = "-" if sort.startswith("-") else ""
    return customers.order_by(*(sign + field for field in fields), sign + "pk")


def baseline_page(shop, params: dict) -> tuple[str, int]:
    with shop_context(shop):
        if "saved_filter" in params:
            saved = SavedFilter.objects.get(shop=shop, pk=params["saved_filter"])
            params = {name: values[0] for name, values in saved.query.items()}
        page = Paginator(baseline_queryset(shop, params), PER_PAGE).get_page(params.get("page"))
        return ROWS.render(Context({"page": page})), page.paginator.count


# --- Timing -----------------------------------------------------------------------------------


def timed(call, runs: int) -> list[float]:
    """Milliseconds of `runs` calls after 2 warm-ups (1 when a call takes over a second)."""
    started = time.perf_counter()
    call()
    if time.perf_counter() - started < 1:
        call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def time_page(client: Client, params: dict, path: str = PATH) -> list[float] | str:
    """RUNS timings of the page at `path` with `params`, or the HTTP error it gave."""
    url = path + ("?" + urlencode(params) if params else "")

    def call():
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"HTTP {response.status_code}")

    try:
        return timed(call, RUNS)
    except AssertionError as error:
        return str(error)


def staff_client(shop) -> tuple[Client, User]:
    """A session of the big shop's owner (made by seed_demo), in that shop."""
    user = User.objects.get(shop__isnull=True, email=demo_logins(SHOPS[:1])[0].email)
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_SHOP_KEY] = shop.pk
    session.save()
    return client, user


def time_baseline(shop, params: dict) -> tuple[list[float], int]:
    found = {}

    def call():
        found["count"] = baseline_page(shop, params)[1]

    return timed(call, BASELINE_RUNS), found["count"]


# --- Output -----------------------------------------------------------------------------------


def header(shop, group, fragment: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    with shop_context(shop):
        orders = Order.objects.filter(shop=shop).count()
        members = GroupMembership.objects.filter(shop=shop, group=group).count()
    return [
        f"Customer list, {os.cpu_count()} cores, PostgreSQL {version}, database {DB_NAME}",
        f"Big shop {shop.slug}: {BIG:,} customers, {orders:,} orders; beside {SMALL_SHOPS} "
        f"shops of {SMALL:,} customers",
        f"Group {group.name} (id {group.pk}): {members:,} members; email fragment {fragment!r}",
        f"Runs: page {RUNS} (2 warm-ups), baseline {BASELINE_RUNS}; times in ms, p95 nearest-rank",
    ]


def cells(result) -> tuple[str, str]:
    if result is None:
        return "-", "-"
    if isinstance(result, str):
        return result, result
    return f"{percentile(result, 50):.1f}", f"{percentile(result, 95):.1f}"


def table(rows: list[tuple[str, object, object, int | None]]) -> list[list[str]]:
    lines = [
        [
            "scenario",
            "page p50",
            "page p95",
            "baseline p50",
            "baseline p95",
            "ratio",
            "matches (baseline)",
        ]
    ]
    for name, page, base, matches in rows:
        ratio = "-"
        if isinstance(page, list) and isinstance(base, list):
            ratio = f"{percentile(base, 95) / percentile(page, 95):.1f}x"
        count = "-" if matches is None else f"{matches:,}"
        lines.append([name, *cells(page), *cells(base), ratio, count])
    return lines


def report(head: list[str], lines: list[list[str]], slow: list[str]) -> None:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    notes = [f"NOTE: page p95 over {GOAL_MS} ms: {', '.join(slow)}"] if slow else []
    print("\n".join(head))
    for line in lines:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(line, widths, strict=True))
            )
        )
    print("\n".join(notes))
    markdown = [*head, "", "| " + " | ".join(lines[0]) + " |", "|---" + "|--:" * 6 + "|"]
    markdown += ["| " + " | ".join(line) + " |" for line in lines[1:]]
    MARKDOWN.write_text("\n".join([*markdown, "", *notes, ""]))
    print(f"(also in {MARKDOWN})")


def main() -> None:
    ensure_dataset()
    if ONLY == "build":
        return
    settings.DEBUG = False  # no query log: time the page as it runs in production
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    shop = Shop.objects.get(slug=SHOPS[0].slug)
    client, user = staff_client(shop)
    with shop_context(shop):
        group = CustomerGroup.objects.get(shop=shop, name="VIP")
    fragment = email_fragment(shop)
    todo = scenarios(group.pk, fragment, ensure_saved_filter(shop, user))
    head = header(shop, group, fragment)
    pages, bases, matches = {}, {}, {}
    for name, params in todo if ONLY != "baseline" else []:
        pages[name] = time_page(client, params)
        print(f"page      {name}: p95 {cells(pages[name])[1]}", flush=True)
    for name, params in todo if ONLY != "page" else []:
        bases[name], matches[name] = time_baseline(shop, params)
        print(f"baseline  {name}: p95 {cells(bases[name])[1]}", flush=True)
    rows = [(name, pages.get(name), bases.get(name), matches.get(name)) for name, _ in todo]
    slow = [n for n, p, _b, _m in rows if isinstance(p, list) and percentile(p, 95) > GOAL_MS]
    report(head, table(rows), slow)
    if any(isinstance(page, str) for page in pages.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
