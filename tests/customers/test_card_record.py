"""The customer card shows the whole record: orders, coupons, the points ledger and the
history of changes, each paged on its own, in the same number of queries however long the
customer's history is."""

import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import CustomerStanding
from discounts.models import CouponAssignment
from loyalty.models import PointsEntry
from loyalty.services import ADD, adjust_points
from shopadmin.tenancy import shop_context
from tests.factories import CouponFactory, DiscountFactory, OrderFactory
from tests.helpers import text


def card_url(customer, **params) -> str:
    url = reverse("staff:customer_card", args=[customer.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def give_history(shop, customer, *, size: int):
    """`size` orders, coupons, points entries and edits of the customer."""
    owner = shop.demo.owner
    discount = DiscountFactory(shop=shop, name=f"Welcome {customer.pk}")
    for number in range(size):
        OrderFactory(shop=shop, customer=customer, number=f"H{customer.pk}-{number:03d}")
        coupon = CouponFactory(shop=shop, discount=discount, code=f"HELLO{customer.pk}X{number}")
        with shop_context(shop):
            CouponAssignment.objects.create(shop=shop, coupon=coupon, customer=customer)
            adjust_points(
                shop=shop,
                actor=owner,
                customers=type(customer).objects.filter(pk=customer.pk),
                mode=ADD,
                points=number + 1,
                reason=f"Reason {number}",
            )


def section(page: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}">(.*?)</table>', page, re.S)
    assert found, testid
    return found[1]


def test_the_card_shows_orders_coupons_points_and_history(staff_client, shop, other_shop):
    customer = shop.demo.customer
    give_history(shop, customer, size=2)
    staff_client.post(
        reverse("staff:customer_edit", args=[customer.pk]),
        {"first_name": "Zofia", "last_name": "Nowak", "email": customer.email, "groups": []},
    )
    page = text(staff_client.get(card_url(customer)))

    orders = section(page, "card-orders")
    assert f"H{customer.pk}-000" in orders and f"H{customer.pk}-001" in orders
    assert f"HELLO{customer.pk}X1" in section(page, "card-coupons")
    points = section(page, "card-points")
    assert "+2" in points and "Reason 1" in points and "Owner Alpha" in points
    history = section(page, "card-history")
    assert "customer changed" in history and "first_name: Customer Alpha → Zofia" in history
    assert other_shop.demo.customer.first_name not in page


def test_each_section_pages_on_its_own(staff_client, shop):
    customer = shop.demo.customer
    give_history(shop, customer, size=12)

    first = text(staff_client.get(card_url(customer)))
    assert section(first, "card-points").count("<tr>") == 10 + 1  # the header row too
    assert "Reason 11" in first and "Reason 0" not in first  # newest first
    assert 'href="?points_page=2"' in first

    second = text(staff_client.get(card_url(customer, points_page=2, orders_page=2)))
    points = section(second, "card-points")
    assert "Reason 1" in points and "Reason 0" in points and "Reason 11" not in points
    assert f"H{customer.pk}-000" in section(second, "card-orders")
    # The coupons stay on their first page while the others move.
    assert f"HELLO{customer.pk}X11" in section(second, "card-coupons")
    junk = staff_client.get(card_url(customer, points_page="x", history_page=10**30))
    assert junk.status_code == 200


def queries_of_card(client, customer) -> int:
    client.get(card_url(customer))  # warm: the session and the role are cached per request
    with CaptureQueriesContext(connection) as queries:
        assert client.get(card_url(customer)).status_code == 200
    return len(queries)


def test_a_card_runs_as_many_queries_for_a_long_history_as_for_a_short_one(staff_client, shop):
    short, long = shop.demo.customer, shop.demo.guest
    give_history(shop, short, size=1)
    with shop_context(shop):
        CustomerStanding.objects.filter(customer=long).update(points_balance=0)
    give_history(shop, long, size=15)
    with shop_context(shop):
        assert PointsEntry.objects.filter(customer=long).count() == 15
    # The request's 21 (session, membership, row-level security settings), the customer, the
    # groups, and one page of each of the five sections, never counted.
    assert queries_of_card(staff_client, short) == queries_of_card(staff_client, long) == 28


def test_the_card_shows_the_customers_figures(staff_client, shop):
    customer = shop.demo.customer
    with shop_context(shop):
        type(customer).objects.filter(pk=customer.pk).update(
            last_visit_at="2026-11-20T10:00:00Z", terms_accepted_at="2026-01-05T10:00:00Z"
        )
        customer.stats.__class__.objects.filter(customer=customer).update(
            orders_value_gross=Decimal("123.00"),
            orders_value_net=Decimal("100.00"),
            last_order_at="2026-11-30T10:00:00Z",
        )
    page = text(staff_client.get(card_url(customer)))
    assert "123.00 PLN (net 100.00 PLN)" in page
    for label, date in [
        ("Last order", "11/30/2026"),
        ("Last visit", "11/20/2026"),
        ("Terms accepted", "01/05/2026"),
    ]:
        assert f"<dt>{label}</dt><dd>{date}</dd>" in page
