"""`manage.py seed_demo`: demo shops with staff logins, customers, groups, orders and points.

Cheap to call every time (`make run` does): when the demo shops are already there it says so
and changes nothing. The generation itself lives in demo/seeding.py.
"""

import time
from contextlib import nullcontext

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from demo.seeding import CHUNK_SIZE, SEEDED_ACTION, analyze_seeded_tables, seed_shop_data
from demo.shops import DEMO_PASSWORD, demo_logins, demo_shops
from shopadmin.models import AuditEvent, Shop, User
from shopadmin.services import add_staff_member, create_shop
from shopadmin.tenancy import shop_context

PHASES = {
    "catalogue": gettext_lazy("catalogue, groups, discounts"),
    "customer_plan": gettext_lazy("customer plan"),
    "users": gettext_lazy("customer logins"),
    "customers": gettext_lazy("customers"),
    "order_plan": gettext_lazy("order plan"),
    "orders": gettext_lazy("orders"),
    "order_lines": gettext_lazy("order lines"),
    "statistics": gettext_lazy("statistics and points"),
    "memberships": gettext_lazy("group memberships"),
    "commit": gettext_lazy("commit (foreign-key checks)"),
}


class Command(BaseCommand):
    help = gettext_lazy(
        "Create demo shops with staff logins, customers, groups, a catalogue, orders and "
        "loyalty points. Does nothing when the demo shops are already there."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # argparse wraps the description as a plain string: the lazy one, in the language now.
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument(
            "--shops", type=int, default=3, help=gettext_lazy("Number of demo shops (3).")
        )
        parser.add_argument(
            "--customers", type=int, default=2000, help=gettext_lazy("Customers per shop (2000).")
        )
        parser.add_argument(
            "--orders-per-customer",
            type=int,
            default=3,
            help=gettext_lazy("Orders per customer on average (3)."),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=42,
            help=gettext_lazy("The same seed gives the same data (42); shop n uses seed + n - 1."),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help=gettext_lazy("Database connections writing at once in big runs (2)."),
        )

    def handle(self, *args, shops, customers, orders_per_customer, seed, workers, **options):
        self.verbosity = options["verbosity"]
        self._check_numbers(shops, customers, orders_per_customer, seed, workers)
        wanted = demo_shops(shops)
        existing = {
            shop.slug: shop for shop in Shop.objects.filter(slug__in=[w.slug for w in wanted])
        }
        for slug, shop in existing.items():
            with shop_context(shop):
                complete = AuditEvent.objects.filter(shop=shop, action=SEEDED_ACTION).exists()
            if not complete:
                raise CommandError(
                    _(
                        "The shop “%(slug)s” exists but has no complete demo data (an earlier "
                        "run stopped, or the shop was made by hand). Use a fresh database, or "
                        "another number of shops."
                    )
                    % {"slug": slug}
                )
        missing = [demo for demo in wanted if demo.slug not in existing]
        if not missing:
            self.stdout.write(_("Demo data is already there."))
            return

        started = time.monotonic()
        # A small run is one transaction: if anything fails, nothing is left half made. A big
        # run commits chunk by chunk so that it can use several connections at once.
        atomic = transaction.atomic() if customers <= CHUNK_SIZE else nullcontext()
        with atomic:
            for demo in missing:
                self._seed_shop(demo, customers, orders_per_customer, seed, workers)
        self._analyze()
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data made in %(seconds).1f s. Password of every demo login: %(password)s")
                % {"seconds": time.monotonic() - started, "password": DEMO_PASSWORD}
            )
        )
        for login in demo_logins(wanted):
            self.stdout.write(f"  {login.email}  ({login.role}: {', '.join(login.shop_slugs)})")

    def _check_numbers(self, shops, customers, orders_per_customer, seed, workers):
        if shops < 1:
            raise CommandError(_("--shops must be at least 1."))
        if customers < 0:
            raise CommandError(_("--customers cannot be negative."))
        if orders_per_customer < 0:
            raise CommandError(_("--orders-per-customer cannot be negative."))
        if not -(2**62) < seed < 2**62:
            raise CommandError(_("--seed must be an integer between -2^62 and 2^62."))
        if workers < 1:
            raise CommandError(_("--workers must be at least 1."))

    def _seed_shop(self, demo, customers, orders_per_customer, seed, workers):
        started = time.monotonic()
        shop = create_shop(
            name=demo.name, slug=demo.slug, currency=demo.currency, language=demo.language
        )
        # Registration offers tick boxes: a customer may choose several groups.
        shop.customers_may_choose_several_groups = True
        shop.save(update_fields=["customers_may_choose_several_groups"])
        for login in demo_logins(demo_shops(demo.number)):
            if demo.slug in login.shop_slugs:
                self._add_staff(shop, login)

        def progress(report):
            if customers > CHUNK_SIZE and self.verbosity >= 1:
                self.stdout.write(
                    _("  %(shop)s: %(done)s of %(total)s customers")
                    % {"shop": demo.slug, "done": report.customers, "total": customers}
                )

        report = seed_shop_data(
            shop,
            customers=customers,
            orders_per_customer=orders_per_customer,
            seed=seed + demo.number - 1,
            order_prefix=demo.order_prefix,
            workers=workers,
            progress=progress,
        )
        self.stdout.write(
            _(
                "%(name)s (%(slug)s): %(customers)s customers (%(users)s with a login), "
                "%(orders)s orders with %(lines)s lines, %(memberships)s group memberships, "
                "%(points)s points entries, %(products)s products in %(seconds).1f s."
            )
            % {
                "name": demo.name,
                "slug": demo.slug,
                "customers": report.customers,
                "users": report.users,
                "orders": report.orders,
                "lines": report.order_lines,
                "memberships": report.memberships,
                "points": report.points_entries,
                "products": report.products,
                "seconds": time.monotonic() - started,
            }
        )
        if self.verbosity >= 2 or customers > CHUNK_SIZE:
            self.stdout.write(_("  Time per phase, summed over chunks and connections:"))
            for phase, seconds in report.seconds.items():
                self.stdout.write(
                    _("    %(phase)s: %(seconds).1f s")
                    % {"phase": PHASES[phase], "seconds": seconds}
                )

    def _add_staff(self, shop, login):
        # An account made for an earlier demo shop keeps its password: no second slow hash.
        exists = User.objects.filter(shop__isnull=True, email=login.email).exists()
        add_staff_member(
            shop=shop,
            email=login.email,
            role=login.role,
            password=None if exists else DEMO_PASSWORD,
            first_name=login.first_name,
            last_name=login.last_name,
        )

    def _analyze(self):
        started = time.monotonic()
        if analyze_seeded_tables():
            if self.verbosity >= 2:
                self.stdout.write(
                    _("ANALYZE of the filled tables: %(seconds).1f s")
                    % {"seconds": time.monotonic() - started}
                )
        else:
            self.stderr.write(
                _("Could not ANALYZE the filled tables as the schema's owner; autovacuum will.")
            )
