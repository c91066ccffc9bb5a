"""Set-based generation of a shop's customers, orders, statistics, points and memberships.

`seed_shop_data(shop, customers=..., orders_per_customer=..., seed=...)` fills one shop, for
the demo and for benchmarks (one shop of 1,000,000 customers, nine of 100,000).

How it stays fast and deterministic:
- Every value is drawn in SQL from `hashint8extended(key, seed)` (demo/sql.py): customer
  number, order number and line number are the keys, so the same seed gives the same people,
  addresses and orders whatever the database already holds (only the ids differ).
- Customers are made in chunks. For each chunk a temporary "plan" table is built once with
  INSERT ... SELECT from generate_series (ids taken from the real sequences), and the real
  tables are copied from it: users, customers, orders, order lines, then statistics and the
  points ledger aggregated from the same plan. No Python loop touches a row.
- Each chunk is one shop_context transaction (the runtime role is bound by row-level security
  and may not COPY into these tables), so a run of millions of rows keeps its memory bounded;
  with `workers` > 1 two chunks are written at once on their own connections.
"""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime

from django.contrib.auth.hashers import make_password
from django.db import DatabaseError, connection, connections

from demo import names, sql
from demo.catalogue import LANGUAGES, create_catalogue
from demo.places import PLACES
from demo.shops import DEMO_PASSWORD
from shopadmin.models import Role, StaffMembership
from shopadmin.services import record_audit_event
from shopadmin.tenancy import shop_context

SEEDED_ACTION = "demo.seeded"  # the audit event that marks a shop's demo data as complete
CHUNK_SIZE = 50_000
YEARS_OF_HISTORY = 5


@dataclass
class SeedReport:
    customers: int = 0
    users: int = 0
    orders: int = 0
    order_lines: int = 0
    memberships: int = 0
    points_entries: int = 0
    products: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # phase -> seconds, all chunks

    def add(self, other: "SeedReport") -> None:
        for count in fields(self)[:-1]:  # the row counts; then the timings
            setattr(self, count.name, getattr(self, count.name) + getattr(other, count.name))
        for phase, seconds in other.seconds.items():
            self.seconds[phase] = self.seconds.get(phase, 0.0) + seconds


@dataclass(frozen=True)
class Chunk:
    first: int  # customer numbers first..last
    last: int
    first_order_no: int


def seed_shop_data(
    shop,
    *,
    customers: int,
    orders_per_customer: int,
    seed: int,
    now: datetime | None = None,
    order_prefix: str = "ORD",
    chunk_size: int = CHUNK_SIZE,
    workers: int = 1,
    progress: Callable[[SeedReport], None] | None = None,
) -> SeedReport:
    """Fill a new, empty shop: catalogue, groups, discounts, a loyalty rule, then `customers`
    customers with `orders_per_customer` orders each on average, their statistics, points and
    group memberships. The shop's staff (owners, managers) become account managers.

    The same seed gives the same data; dates are drawn back from `now` (default: today at
    midnight UTC, so that two runs on one day agree). With `workers` > 1, and outside any
    transaction, chunks are written by that many threads at once.
    """
    if customers < 0 or orders_per_customer < 0 or chunk_size < 1 or workers < 1:
        raise ValueError("customers, orders_per_customer >= 0 and chunk_size, workers >= 1.")
    language = shop.language if shop.language in LANGUAGES else "pl"
    now = now or datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    report = SeedReport()
    started = time.monotonic()
    with shop_context(shop):
        catalogue = create_catalogue(shop, language=language, now=now)
        managers = list(
            StaffMembership.objects.filter(shop=shop, role__in=[Role.OWNER, Role.MANAGER])
            .order_by("user__email")
            .values_list("user_id", flat=True)
        )
    report.products = len(catalogue.products)
    report.seconds["catalogue"] = time.monotonic() - started

    params = _params(shop, language, catalogue, managers, seed, now, order_prefix)
    statements = sql.statements(orders_per_customer, PLACES[language].phones, bool(managers))
    chunks = _chunks(customers, orders_per_customer, chunk_size, params)

    def seed_chunk(chunk: Chunk) -> SeedReport:
        with shop_context(shop):
            chunk_report = _seed_chunk(chunk, statements, params)
            committing = time.monotonic()
        # Foreign keys are DEFERRABLE INITIALLY DEFERRED: their checks run at the commit.
        chunk_report.seconds["commit"] = time.monotonic() - committing
        return chunk_report

    for chunk_report in _map(seed_chunk, chunks, workers):
        report.add(chunk_report)
        if progress:
            progress(report)
    with shop_context(shop):
        # The mark of a complete shop: seed_demo checks for it before it skips a shop.
        record_audit_event(
            shop=shop, actor=None, action=SEEDED_ACTION, count=report.customers, seed=seed
        )
    return report


def _params(shop, language, catalogue, managers, seed, now, order_prefix) -> dict:
    places = PLACES[language]
    last_m = names.surnames(language, female=False)
    last_f = names.surnames(language, female=True)
    arrays = {
        "first_f": names.FIRST_NAMES_FEMALE[language],
        "first_m": names.FIRST_NAMES_MALE[language],
        "first_f_ascii": [names.fold(n) for n in names.FIRST_NAMES_FEMALE[language]],
        "first_m_ascii": [names.fold(n) for n in names.FIRST_NAMES_MALE[language]],
        "last_f": last_f,
        "last_m": last_m,
        "last_f_ascii": [names.fold(n) for n in last_f],
        "last_m_ascii": [names.fold(n) for n in last_m],
        "cities": [city for city, _postal in places.cities],
        "postal_codes": [postal for _city, postal in places.cities],
        "streets": places.streets,
        "house_suffixes": places.house_suffixes,
        "domains": places.email_domains,
        "companies": places.companies,
        "company_words": places.company_words,
        "managers": managers,
        "price_cents": [int(p.list_price_net * 100) for p in catalogue.products],
        "vat_bp": [int(p.vat_rate * 100) for p in catalogue.products],
    }
    keys, per_mille, companies_only, sources = zip(*catalogue.membership_rules, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_serial_sequence('customers_customer', 'id'), "
            "pg_get_serial_sequence('shopadmin_user', 'id'), "
            "pg_get_serial_sequence('orders_order', 'id')"
        )
        customer_seq, user_seq, order_seq = cursor.fetchone()
    return {
        **arrays,
        **{f"{name}_len": len(values) for name, values in arrays.items()},
        "shop": shop.pk,
        "seed": seed,
        "now": now,
        "history_seconds": YEARS_OF_HISTORY * 365.25 * 86400,
        "customer_seq": customer_seq,
        "user_seq": user_seq,
        "order_seq": order_seq,
        # One hash for every demo customer: hashing a million passwords would take days.
        "password": make_password(DEMO_PASSWORD, salt=f"demoseed{seed}"),
        "country": places.country,
        "currency": shop.currency,
        "prefix": f"{order_prefix}-",
        "vat_prefix": places.vat_prefix,
        "vat_digits": places.vat_digits,
        "vat_modulus": 10**places.vat_digits,
        "street_format": places.street_format,
        "orders_go_to_manager": shop.orders_go_to_account_manager,
        "points_per_unit": catalogue.points_per_unit,
        "points_reason": catalogue.points_reason,
        "product_ids": [p.pk for p in catalogue.products],
        "group_ids": [catalogue.groups[key].pk for key in keys],
        "group_per_mille": list(per_mille),
        "group_companies_only": list(companies_only),
        "group_sources": list(sources),
    }


def _chunks(customers: int, orders_per_customer: int, chunk_size: int, params) -> list[Chunk]:
    """Chunks of customer numbers, each with the number of its first order: order numbers
    run on without gaps from one customer to the next, whatever the chunk size."""
    if customers == 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            sql.orders_per_chunk_sql(orders_per_customer),
            {**params, "customers": customers, "chunk_size": chunk_size},
        )
        chunks, next_order_no = [], 1
        for first, last, orders in cursor.fetchall():
            chunks.append(Chunk(first, last, next_order_no))
            next_order_no += int(orders)
    return chunks


def _seed_chunk(chunk: Chunk, statements: sql.Statements, params: dict) -> SeedReport:
    report = SeedReport()
    params = {
        **params,
        "first": chunk.first,
        "last": chunk.last,
        "first_order_no": chunk.first_order_no,
    }

    with connection.cursor() as cursor:

        def run(phase: str, statement: str):
            started = time.monotonic()
            cursor.execute(statement, params)
            report.seconds[phase] = time.monotonic() - started
            return cursor

        # Hash joins and aggregates of a chunk fit in memory; commits need not wait for disk.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        # Just-in-time compilation costs more than it saves on these statements (measured).
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            "CREATE TEMP TABLE demo_product AS SELECT p.*, x.product_no "
            "FROM unnest(%(product_ids)s::bigint[]) WITH ORDINALITY AS x(id, product_no) "
            "JOIN catalog_product AS p ON p.shop_id = %(shop)s AND p.id = x.id",
            params,
        )
        run("customer_plan", statements.customer_plan)
        report.users = run("users", sql.INSERT_USERS).rowcount
        report.customers = run("customers", sql.INSERT_CUSTOMERS).rowcount
        run("order_plan", statements.order_plan)
        report.orders = run("orders", sql.INSERT_ORDERS).rowcount
        report.order_lines = run("order_lines", statements.insert_lines).rowcount
        _stats, report.points_entries = run("statistics", sql.INSERT_STATS_AND_POINTS).fetchone()
        report.memberships = run("memberships", statements.insert_memberships).rowcount
        # Dropped here rather than ON COMMIT: inside an outer transaction (tests) the next
        # chunk would otherwise find them still there.
        cursor.execute("DROP TABLE demo_product, demo_customer, demo_order")
    return report


def _map(function, items: list, workers: int):
    """`function` over `items`, in `workers` threads when that can help. Each thread has its
    own database connection, closed when its work is done. Inside a transaction (a test, a
    caller's atomic block) other connections would not see the shop, so it runs in line."""
    if workers == 1 or len(items) < 2 or connection.in_atomic_block:
        yield from map(function, items)
        return

    def in_thread(item):
        try:
            return function(item)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(in_thread, items)


SEEDED_TABLES = [
    "shopadmin_user",
    "customers_customer",
    "customers_customerstats",
    "customers_customerstanding",
    "orders_order",
    "orders_orderline",
    "loyalty_pointsentry",
    "groups_groupmembership",
    "catalog_product",
]


def analyze_seeded_tables(using: str = "owner") -> bool:
    """Refresh the planner's statistics after a big load. The runtime role does not own the
    tables (PostgreSQL would skip them with a warning), so this runs as the schema's owner;
    returns False if that is not possible."""
    try:
        with connections[using].cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(SEEDED_TABLES))
    except DatabaseError:
        return False
    return True
