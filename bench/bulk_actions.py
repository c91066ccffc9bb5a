"""Bulk actions on the 1,000,000-customer shop of bench/customer_list.py's database.

Times, on the big shop (Sklep Kraków): add 100,000 selected customers to a group, block
100,000, add 10 points to 100,000, and export all 1,000,000 to CSV (the job's steps run
one after another in this process, as a worker would run them). For the first three it also
times the plain per-row loop (`for c in qs: ...; c.save()`) on 10,000 rows and scales it
by 10. Each action runs in a transaction that is rolled back, so the database stays as it
was and the bench can be run again; the export's file goes to a temporary folder.

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

from customers.bulk import ACTIONS, SelectionForm  # noqa: E402
from customers.bulk.running import BULK_ACTION, run_bulk_action  # noqa: E402
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
                lambda: block_customers(shop=shop, actor=owner, customers=selected),
                block_loop,
            ),
            (
                "add 10 points to 100,000",
                lambda: adjust_points(
                    shop=shop, actor=owner, customers=selected, mode=ADD, points=10,
                    reason="bench",
                ),
                points_loop,
            ),
        ]  # fmt: skip
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

        # Over BULK_INLINE_LIMIT the list runs an action as a job in chunks (decision 23), for
        # "all customers matching": here those registered since the day that makes about
        # 100,000, with the steps run one after another in this process.
        since = (
            customers_of_shop(shop).order_by("-registered_at")
            .values_list("registered_at", flat=True)[SELECTED - 1]
        ).date()  # fmt: skip
        query = f"registered_at_after={since:%Y-%m-%d}"
        matching = customers_of_shop(shop).filter(registered_at__date__gte=since).count()
        print(f"as a job: the list's query {query} matches {matching:,}", flush=True)

        def as_job(action_name, **options):
            """Start it as the list's confirmation does, then run the job's steps."""
            data = QueryDict(mutable=True)
            data.update({"action": action_name, "scope": "all", "query": query})
            data.update({name: str(value) for name, value in options.items()})
            selection_form = SelectionForm(data, actions=ACTIONS)
            assert selection_form.is_valid(), selection_form.errors
            action = selection_form.cleaned_data["action"]
            selection = selection_form.selection(shop=shop, user=owner)
            chosen = {}
            if action.form_class is not None:
                options_form = action.form_class(data, shop=shop, selection=selection)
                assert options_form.is_valid(), options_form.errors
                chosen = options_form.cleaned_data
            run_bulk_action(
                shop=shop, actor=owner, action=action, selection=selection, options=chosen,
                data=data,
            )  # fmt: skip
            job = Job.objects.filter(shop=shop, kind=BULK_ACTION).latest("pk")
            step = 0
            while Job.objects.get(pk=job.pk).status not in (Job.Status.DONE, Job.Status.FAILED):
                run_step(shop=shop, job_id=job.pk, step=step)
                step += 1
            done = Job.objects.get(pk=job.pk)
            return f"{step} steps: {done.result_message or done.error}"

        job_cases = [
            ("block ~100,000 matching, as a job", lambda: as_job("block")),
            ("add 10 points to ~100,000 matching, as a job",
             lambda: as_job("points", mode=ADD, points=10, reason="bench")),
        ]  # fmt: skip
        for name, work in job_cases:
            vacuum()
            seconds, outcome = timed_and_rolled_back(work)
            results.append((name, seconds, None))
            print(f"{name}: {seconds:.2f} s ({outcome})", flush=True)

        with tempfile.TemporaryDirectory() as media:
            settings.MEDIA_ROOT = Path(media)

            def export_all():
                job = start_customer_export(
                    shop=shop, actor=owner, query="", ids=None, columns=["name", "email",
                    "city", "orders_count", "orders_value_gross", "registered_at"], bom=True,
                )  # fmt: skip
                step = 0
                while Job.objects.get(pk=job.pk).status != Job.Status.DONE:
                    run_step(shop=shop, job_id=job.pk, step=step)
                    step += 1
                done = Job.objects.get(pk=job.pk)
                size = (Path(media) / done.result_file).stat().st_size
                return done.progress_done, step, size

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
