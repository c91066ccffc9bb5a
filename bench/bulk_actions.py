"""Bulk actions on the 1,000,000-customer shop of bench/customer_list.py's database.

Times, on the big shop (Sklep Kraków): add 100,000 selected customers to a group, block
100,000, add 10 points to 100,000, and export all 1,000,000 to CSV (the job's steps run
one after another in this process, as a worker would run them). For the first three it also
times the plain per-row loop (`for c in qs: ...; c.save()`) on 10,000 rows and scales it
by 10. The selection of these three is the first 100,000 customers with a login, by id, and
each starts after a VACUUM; block also runs once more right after +10 points to the same rows
with no VACUUM between (the worst case for its HOT updates), and says how many were HOT.

Then block and +10 points as the list runs them for "all matching" a query (customers
registered since a day, guests included: about 100,000), as a job in chunks of 5,000. The
job's steps run one after another in this process; each step's transaction is a savepoint
of the case's, so the per-step commits are not in the figure.

Each case runs in a transaction that is rolled back, so the database stays as it was and the
bench can be run again (the deferred foreign-key checks made at commit are not timed); the
export's file goes to a temporary folder.

Run bench/customer_list.py first (BENCH_LIST_ONLY=build is enough); then
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shopadmin DEBUG=1 \\
    .venv/bin/python bench/bulk_actions.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopadmin.settings")
os.environ.setdefault("DEBUG", "1")
DB_NAME = os.environ.get("BENCH_LIST_DB", "shopadmin_bench_list")
SELECTED = 100_000
LOOP_ROWS = 10_000

if not os.environ.get("DATABASE_URL"):
    sys.exit("Set DATABASE_URL to the server that holds the bench database (see the docstring).")
os.environ["DATABASE_URL"] = urlunsplit(
    urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{DB_NAME}")
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.http import QueryDict  # noqa: E402

from backoffice.customers.bulk.running import BULK_ACTION, bind_action, run_bulk_action  # noqa: E402
from customers.models import CustomerStanding  # noqa: E402
from customers.selectors import customers_of_shop  # noqa: E402
from customers.services import block_customers, start_customer_export  # noqa: E402
from groups.models import CustomerGroup, GroupMembership  # noqa: E402
from groups.services import add_customers_to_group  # noqa: E402
from loyalty.models import PointsEntry  # noqa: E402
from loyalty.services import ADD, adjust_points  # noqa: E402
from shopadmin.jobs import run_step  # noqa: E402
from shopadmin.models import Job, Shop, StaffMembership  # noqa: E402
from shopadmin.tenancy import shop_context  # noqa: E402


class Rollback(Exception):
    pass


def timed_and_rolled_back(work) -> tuple[float, object]:
    """Run `work` in a transaction, time it, then undo it."""
    result = None
    started = time.perf_counter()
    try:
        with transaction.atomic():
            result = work()
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return elapsed, result


def run_to_the_end(job) -> tuple[Job, int]:
    """Run the job's steps one after another in this process, as a worker would take them
    (each step's own transaction is a savepoint here: the case is rolled back as a whole)."""
    steps = 0
    while (done := Job.objects.get(pk=job.pk)).status not in Job.FINISHED:
        run_step(shop=job.shop, job_id=job.pk, step=steps)
        steps += 1
    return done, steps


def blocked_and_hot(block) -> str:
    """Run `block` and say how many of its updates of the standing rows stayed on their page
    (HOT: no index touched), from this transaction's statistics before and after."""

    def updates() -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n_tup_hot_upd, n_tup_upd FROM pg_stat_xact_user_tables "
                "WHERE relname = 'customers_customerstanding'"
            )
            return cursor.fetchone()

    hot_before, updated_before = updates()
    blocked = block()
    hot, updated = updates()
    return f"{blocked:,} blocked, {hot - hot_before:,} of {updated - updated_before:,} HOT"


def vacuum() -> None:
    """Clear the dead rows a rolled-back case leaves, so that each case starts as on a tidy
    database (pages with free space for HOT updates). The owner may; the runtime role may not."""
    with connections["owner"].cursor() as cursor:
        cursor.execute(
            "VACUUM customers_customer, customers_customerstanding, loyalty_pointsentry, "
            "groups_groupmembership"
        )


def main() -> None:
    shop = Shop.objects.get(slug="sklep-krakow")
    with shop_context(shop):
        owner = StaffMembership.objects.filter(shop=shop, role="owner").first().user
        total = customers_of_shop(shop).count()
        # The first 100,000 registered customers with a login (guests cannot join groups).
        last = (
            customers_of_shop(shop)
            .filter(account_type="login")
            .order_by("pk")
            .values_list("pk", flat=True)[SELECTED - 1]
        )
        selected = customers_of_shop(shop).filter(account_type="login", pk__lte=last)
        loop_ids = list(selected.order_by("pk").values_list("pk", flat=True)[:LOOP_ROWS])
        loop_qs = customers_of_shop(shop).filter(pk__in=loop_ids)
        print(f"{shop.name}: {total:,} customers; selection {selected.count():,}", flush=True)
        results = []

        def new_group():
            return CustomerGroup.objects.create(shop=shop, name="Bench group", tag_label="B")

        def add_set():
            group = new_group()
            return add_customers_to_group(shop=shop, actor=owner, customers=selected, group=group)

        def add_loop():
            group = new_group()
            for customer in loop_qs:
                GroupMembership.objects.create(
                    shop=shop, customer=customer, group=group, source="bulk"
                )

        def block_loop():
            for standing in CustomerStanding.objects.filter(shop=shop, customer__in=loop_qs):
                standing.status = CustomerStanding.Status.BLOCKED
                standing.save()

        def points_loop():
            for standing in CustomerStanding.objects.filter(shop=shop, customer__in=loop_qs):
                standing.points_balance += 10
                standing.save()
                PointsEntry.objects.create(
                    shop=shop,
                    customer_id=standing.customer_id,
                    delta=10,
                    reason="bench",
                    actor=owner,
                )

        cases = [
            ("add 100,000 to a group", add_set, add_loop),
            (
                "block 100,000",
                lambda: blocked_and_hot(
                    lambda: block_customers(shop=shop, actor=owner, customers=selected)
                ),
                block_loop,
            ),
            (
                "add 10 points to 100,000",
                lambda: adjust_points(
                    shop=shop,
                    actor=owner,
                    customers=selected,
                    mode=ADD,
                    points=10,
                    reason="bench",
                ),
                points_loop,
            ),
        ]
        for name, set_based, loop in cases:
            vacuum()
            seconds, outcome = timed_and_rolled_back(set_based)
            vacuum()
            loop_seconds, _ = timed_and_rolled_back(loop)
            scaled = loop_seconds * SELECTED / LOOP_ROWS
            results.append((name, seconds, scaled))
            print(
                f"{name}: {seconds:.2f} s set-based ({outcome}); per-row loop on "
                f"{LOOP_ROWS:,} rows {loop_seconds:.1f} s, scaled x10 {scaled:.0f} s "
                f"= {scaled / seconds:.0f}x",
                flush=True,
            )

        # The cases above start from a VACUUM. The worst case for the block's HOT updates: the
        # same rows were just rewritten (+10 points, not HOT: the balance is indexed) in this
        # transaction, whose old row versions no pruning may reclaim yet; then the block.
        def block_after_points():
            adjust_points(
                shop=shop, actor=owner, customers=selected, mode=ADD, points=10, reason="bench"
            )
            started = time.perf_counter()
            outcome = blocked_and_hot(
                lambda: block_customers(shop=shop, actor=owner, customers=selected)
            )
            return time.perf_counter() - started, outcome

        name = "block 100,000 right after +10 points to them, no VACUUM"
        _both, (seconds, outcome) = timed_and_rolled_back(block_after_points)
        print(f"{name}: {seconds:.2f} s for the block ({outcome})", flush=True)
        results.append((name, seconds, None))

        # Over BULK_INLINE_LIMIT the list runs an action as a job in chunks (decision 23), for
        # "all customers matching": here those registered since the day that makes about
        # 100,000, with the steps run one after another in this process.
        since = (
            customers_of_shop(shop)
            .order_by("-registered_at")
            .values_list("registered_at", flat=True)[SELECTED - 1]
        ).date()
        query = f"registered_at_after={since:%Y-%m-%d}"
        matching = customers_of_shop(shop).filter(registered_at__date__gte=since).count()
        print(f"as a job: the list's query {query} matches {matching:,}", flush=True)

        def as_job(action_name, **options):
            """Start it as the list's confirmation does, then run the job's steps."""
            data = QueryDict(mutable=True)
            data.update({"action": action_name, "scope": "all", "query": query})
            data.update({name: str(value) for name, value in options.items()})
            action, selection, chosen = bind_action(data, shop=shop, user=owner)
            run_bulk_action(
                shop=shop,
                actor=owner,
                action=action,
                selection=selection,
                options=chosen,
                data=data,
            )
            job = Job.objects.filter(shop=shop, kind=BULK_ACTION).latest("pk")
            done, steps = run_to_the_end(job)
            return f"{steps} steps: {done.result_message or done.error}"

        job_cases = [
            ("block ~100,000 matching, as a job", lambda: as_job("block")),
            (
                "add 10 points to ~100,000 matching, as a job",
                lambda: as_job("points", mode=ADD, points=10, reason="bench"),
            ),
        ]
        for name, work in job_cases:
            vacuum()
            seconds, outcome = timed_and_rolled_back(work)
            results.append((name, seconds, None))
            print(f"{name}: {seconds:.2f} s ({outcome})", flush=True)

        with tempfile.TemporaryDirectory() as media:
            settings.MEDIA_ROOT = Path(media)

            def export_all():
                job = start_customer_export(
                    shop=shop,
                    actor=owner,
                    query="",
                    ids=None,
                    columns=[
                        "name",
                        "email",
                        "city",
                        "orders_count",
                        "orders_value_gross",
                        "registered_at",
                    ],
                    bom=True,
                )
                done, steps = run_to_the_end(job)
                assert done.status == Job.Status.DONE, done.error
                size = (Path(media) / done.result_file).stat().st_size
                return done.progress_done, steps, size

            export_seconds, (rows, steps, size) = timed_and_rolled_back(export_all)
        print(
            f"export all: {rows:,} rows in {steps} steps, {size / 1e6:.0f} MB, "
            f"{export_seconds:.1f} s = {rows / export_seconds:,.0f} rows/s",
            flush=True,
        )
    print(f"\nBulk actions, 2 cores, {connection.cursor().connection.info.server_version}")
    print("| action | set-based s | per-row loop s (10,000 rows x10) | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name, seconds, scaled in results:
        if scaled is None:
            print(f"| {name} | {seconds:.2f} | | |")
        else:
            print(f"| {name} | {seconds:.2f} | {scaled:.0f} | {scaled / seconds:.0f}x |")
    rate = rows / export_seconds
    print(f"| export all {rows:,} to CSV | {export_seconds:.1f} | {rate:,.0f} rows/s | |")


if __name__ == "__main__":
    main()
