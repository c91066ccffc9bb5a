"""`manage.py seed_demo`: the demo shops a new developer logs into after `make run`."""

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Sum

from customers.models import Customer, CustomerStanding, CustomerStats
from demo.seeding import seed_shop_data
from demo.shops import DEMO_PASSWORD
from groups.models import GroupMembership
from loyalty.models import PointsEntry
from orders.models import Order, OrderLine
from shopadmin.models import AuditEvent, Shop, StaffMembership, User
from shopadmin.services import create_shop
from shopadmin.tenancy import shop_context

# The command ends with ANALYZE, which runs as the schema's owner.
pytestmark = pytest.mark.django_db(databases=["default", "owner"])

POLISH_LETTERS = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")


@pytest.fixture
def seeded(capsys):
    call_command("seed_demo", shops=2, customers=60, orders_per_customer=2)
    capsys.readouterr()
    return {
        shop.slug: shop for shop in Shop.objects.filter(slug__in=["sklep-krakow", "boutique-lyon"])
    }


def test_demo_staff_log_in_with_the_demo_password_and_have_their_roles(seeded):
    krakow, lyon = seeded["sklep-krakow"], seeded["boutique-lyon"]
    expected = {
        "owner@sklep-krakow.example": {krakow.pk: "owner"},
        "owner@boutique-lyon.example": {lyon.pk: "owner"},
        "anna@shopadmin.example": {krakow.pk: "manager", lyon.pk: "manager"},
        "support@sklep-krakow.example": {krakow.pk: "support"},
    }
    for email, roles in expected.items():
        user = authenticate(email=email, password=DEMO_PASSWORD, shop=None)
        assert user is not None, email
        found = {}
        for shop in (krakow, lyon):
            with shop_context(shop):
                role = StaffMembership.objects.filter(shop=shop, user=user).first()
            if role is not None:
                found[shop.pk] = role.role
        assert found == roles, email
    assert authenticate(email="anna@shopadmin.example", password="wrong", shop=None) is None


def test_each_shop_has_the_requested_customers_with_statistics(seeded):
    for shop in seeded.values():
        with shop_context(shop):
            assert Customer.objects.filter(shop=shop).count() == 60
            assert CustomerStats.objects.filter(shop=shop).count() == 60
            assert CustomerStanding.objects.filter(shop=shop).count() == 60
            logins = Customer.objects.filter(shop=shop, account_type="login")
            assert logins.filter(user__isnull=True).count() == 0
            # A demo customer logs in on the storefront with the demo password.
            customer = logins.order_by("email").first()
            user = authenticate(email=customer.email, password=DEMO_PASSWORD, shop=shop)
            assert user == customer.user


def test_statistics_equal_the_customers_orders_and_points_ledger(seeded):
    for shop in seeded.values():
        with shop_context(shop):
            orders = {
                row["customer"]: row
                for row in Order.objects.filter(shop=shop)
                .values("customer")
                .annotate(
                    count=Count("id"), gross=Sum("gross"), net=Sum("net"), last=Max("placed_at")
                )
            }
            points = dict(
                PointsEntry.objects.filter(shop=shop)
                .values("customer")
                .annotate(total=Sum("delta"))
                .values_list("customer", "total")
            )
            stats = list(CustomerStats.objects.filter(shop=shop))
            balances = dict(
                CustomerStanding.objects.filter(shop=shop).values_list("customer", "points_balance")
            )
        assert sum(row["count"] for row in orders.values()) > 0
        for stat in stats:
            row = orders.get(stat.customer_id, {})
            assert stat.orders_count == row.get("count", 0)
            assert stat.orders_value_gross == row.get("gross", Decimal("0.00"))
            assert stat.orders_value_net == row.get("net", Decimal("0.00"))
            assert stat.last_order_at == row.get("last")
            assert balances[stat.customer_id] == points.get(stat.customer_id, 0)
            assert balances[stat.customer_id] >= 0


def test_order_totals_add_up_from_their_lines(seeded):
    shop = seeded["sklep-krakow"]
    with shop_context(shop):
        lines = defaultdict(lambda: [Decimal("0")] * 3)
        for line in OrderLine.objects.filter(shop=shop):
            totals = lines[line.order_id]
            totals[0] += line.line_net
            totals[1] += line.line_tax
            totals[2] += line.discount
            assert line.line_gross == line.line_net + line.line_tax
        orders = list(Order.objects.filter(shop=shop))
    assert orders
    for order in orders:
        assert order.number.startswith("KRK-")
        assert order.currency == "PLN"
        assert [order.net, order.tax, order.discount_total] == lines[order.id]
        assert order.gross == order.net + order.tax


def test_no_guest_is_in_a_group_but_other_customers_are(seeded):
    for shop in seeded.values():
        with shop_context(shop):
            memberships = GroupMembership.objects.filter(shop=shop)
            assert memberships.filter(customer__account_type="guest").count() == 0
            assert memberships.count() > 0
            assert Customer.objects.filter(shop=shop, account_type="guest").count() > 0


def test_polish_shop_names_have_polish_letters(seeded):
    shop = seeded["sklep-krakow"]
    with shop_context(shop):
        names = Customer.objects.filter(shop=shop).values_list("first_name", "last_name", "city")
        letters = {char for row in names for text in row for char in text}
        emails = list(Customer.objects.filter(shop=shop).values_list("email", flat=True))
    assert letters & POLISH_LETTERS
    assert all(email.isascii() and email == email.lower() for email in emails)


def test_a_second_run_changes_nothing_and_says_so(seeded, capsys):
    def counts():
        result = {"users": User.objects.filter(shop__isnull=True).count()}
        for shop in seeded.values():
            with shop_context(shop):
                result[shop.slug] = (
                    Customer.objects.filter(shop=shop).count(),
                    Order.objects.filter(shop=shop).count(),
                    AuditEvent.objects.filter(shop=shop).count(),
                )
        return result

    before = counts()
    call_command("seed_demo", shops=2, customers=60, orders_per_customer=2)
    assert capsys.readouterr().out == "Demo data is already there.\n"
    assert counts() == before
    assert Shop.objects.count() == 2


def test_the_same_seed_gives_the_same_customers_and_orders(db):
    now = datetime(2026, 1, 15, tzinfo=UTC)

    def generate(slug, seed):
        shop = create_shop(name=slug, slug=slug, currency="PLN", language="pl")
        seed_shop_data(shop, customers=30, orders_per_customer=2, seed=seed, now=now)
        with shop_context(shop):
            people = list(
                Customer.objects.filter(shop=shop)
                .order_by("email")
                .values_list("first_name", "last_name", "email", "city", "registered_at")
            )
            orders = list(
                Order.objects.filter(shop=shop)
                .order_by("number")
                .values_list("number", "customer__email", "placed_at", "gross")
            )
        return people, orders

    first = generate("determinism-a", seed=7)
    second = generate("determinism-b", seed=7)
    other_seed = generate("determinism-c", seed=8)
    assert len(first[0]) == 30
    assert first == second
    assert [row[2] for row in other_seed[0]] != [row[2] for row in first[0]]


def test_bad_numbers_are_refused_with_a_clear_message(db):
    with pytest.raises(CommandError, match="--customers cannot be negative"):
        call_command("seed_demo", customers=-1)
    with pytest.raises(CommandError, match="--shops must be at least 1"):
        call_command("seed_demo", shops=0)
    assert Shop.objects.count() == 0


def test_a_demo_shop_made_by_hand_is_not_mistaken_for_demo_data(db):
    create_shop(name="Sklep Kraków", slug="sklep-krakow")
    with pytest.raises(CommandError, match="“sklep-krakow” exists but has no complete demo data"):
        call_command("seed_demo", shops=1, customers=5)
