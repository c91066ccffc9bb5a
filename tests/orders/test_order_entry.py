"""Staff enter an order for a customer (the customer list's "add order")."""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import CustomerStats
from discounts.models import Coupon, CouponAssignment
from discounts.services import redeem_coupon
from orders.models import Order
from shopadmin.services import ServiceError, add_staff_member
from shopadmin.tenancy import shop_context
from tests.factories import (
    PASSWORD,
    CouponFactory,
    CustomerFactory,
    CustomerGroupFactory,
    DiscountFactory,
    GroupMembershipFactory,
    PricingTemplateFactory,
    ProductFactory,
)
from tests.helpers import text


def order_url(customer):
    return reverse("staff:order_create", args=[customer.pk])


def lines(*pairs, total=6):
    data = {"lines-TOTAL_FORMS": total, "lines-INITIAL_FORMS": 0}
    for number, (sku, quantity) in enumerate(pairs):
        data[f"lines-{number}-sku"] = sku
        data[f"lines-{number}-quantity"] = quantity
    return data


@pytest.fixture
def customer(shop):
    return CustomerFactory(shop=shop, first_name="Jan", email="jan@example.com")


@pytest.fixture
def products(shop):
    return (
        ProductFactory(shop=shop, sku="MUG-1", name="Mug", list_price_net=Decimal("19.99")),
        ProductFactory(
            shop=shop,
            sku="BOOK-2",
            name="Book",
            list_price_net=Decimal("40.00"),
            vat_rate=Decimal("5.00"),
        ),
    )


def stats_of(shop, customer) -> CustomerStats:
    with shop_context(shop):
        return CustomerStats.objects.get(customer=customer)


def test_an_order_at_list_prices_updates_the_customers_figures(
    staff_client, shop, customer, products
):
    page = staff_client.get(order_url(customer)).content.decode()
    assert "New order for Jan Kowalska" in page
    assert '<option value="MUG-1 · Mug">' in page  # the SKU box suggests the shop's products

    response = staff_client.post(
        order_url(customer), lines(("MUG-1 · Mug", 3), ("BOOK-2", 1), ("", "")), follow=True
    )

    with shop_context(shop):
        order = Order.objects.get(customer=customer)
        order_lines = list(order.lines.order_by("sku").values_list("sku", "quantity", "line_gross"))
    # 3 × 19.99 = 59.97 net + 13.79 VAT (23 %, half up); 40.00 net + 2.00 VAT (5 %)
    assert order_lines == [("BOOK-2", 1, Decimal("42.00")), ("MUG-1", 3, Decimal("73.76"))]
    assert (order.net, order.tax, order.gross) == (
        Decimal("99.97"),
        Decimal("15.79"),
        Decimal("115.76"),
    )
    # The shop's first staff-entered order, whatever other shops entered.
    assert order.number == "ST-000001" and order.currency == "PLN"
    assert f"Order {order.number} for Jan Kowalska: 115.76 PLN." in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"/staff/customers/{customer.pk}/#orders")
    assert order.number in response.content.decode()  # the card's latest orders
    stats = stats_of(shop, customer)
    assert (stats.orders_count, stats.orders_value_gross, stats.orders_value_net) == (
        1,
        Decimal("115.76"),
        Decimal("99.97"),
    )
    assert stats.last_order_at == order.placed_at


def test_bad_lines_are_explained_on_the_form_and_nothing_is_saved(
    staff_client, shop, customer, products, other_shop
):
    theirs = other_shop.demo.product.sku
    response = staff_client.post(
        order_url(customer), lines(("NOPE-9", 1), (theirs, 1), ("MUG-1", "x"))
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "No product for sale has the SKU “NOPE-9”." in page
    assert f"No product for sale has the SKU “{theirs}”." in page
    assert "Enter a whole number." in page
    assert staff_client.post(order_url(customer), lines()).status_code == 200
    assert (
        "Add at least one product."
        in staff_client.post(order_url(customer), lines()).content.decode()
    )
    with shop_context(shop):
        assert not Order.objects.filter(customer=customer).exists()
    assert stats_of(shop, customer).orders_count == 0


def test_entering_orders_needs_the_permission(shop, customer, products):
    support, _ = add_staff_member(
        shop=shop, email="support@sklep-testowy.example", role="support", password=PASSWORD
    )
    client = Client()
    client.force_login(support)
    assert client.post(order_url(customer), lines(("MUG-1", 1))).status_code == 403
    with shop_context(shop):
        assert not Order.objects.filter(customer=customer).exists()


def test_an_order_for_another_shops_customer_is_a_404(staff_client, other_shop, products):
    theirs = other_shop.demo.customer
    assert staff_client.post(order_url(theirs), lines(("MUG-1", 1))).status_code == 404
    with shop_context(other_shop):
        assert Order.objects.filter(customer=theirs).count() == 1  # just the factory's one


def test_placing_an_order_is_a_post_with_a_csrf_token(shop, customer, products):
    client = Client(enforce_csrf_checks=True)
    client.force_login(shop.demo.owner)
    assert client.post(order_url(customer), lines(("MUG-1", 1))).status_code == 403


def test_the_products_of_all_lines_are_looked_up_at_once(staff_client, shop, customer):
    for number in range(5):
        ProductFactory(shop=shop, sku=f"P-{number}")

    def queries_for(pairs) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.post(order_url(customer), lines(*pairs))
        assert response.status_code == 302
        return len(captured)

    # 33 = 21 for any staff request (session, user, staff membership and shop, the role check,
    # app.user_id / app.shop_id read, set and cleared in savepoints) + the customer, the products
    # of all lines in one query, the groups and discounts for the prices + placing it in a
    # savepoint: order id, the shop's order number, order, lines in one insert, customer
    # stats, audit event.
    assert queries_for([("P-0", 1)]) == queries_for([(f"P-{n}", 1) for n in range(5)]) == 33


def test_an_order_for_a_group_member_is_priced_by_the_price_engine(
    staff_client, shop, customer, products
):
    """Example 2 of docs/pricing.md on the mug: the group's template (list −20 %) less its 5 %
    extra, then the best discount of the day; the saving is kept on the line and the order."""
    mug = products[0]
    with shop_context(shop):
        type(mug).objects.filter(pk=mug.pk).update(cost=Decimal("8.00"))  # the floor: 8.00
    template = PricingTemplateFactory(shop=shop, name="Hurt −20 %", adjustment_percent=20)
    hurt = CustomerGroupFactory(
        shop=shop, name="Hurt", pricing_template=template, extra_discount_percent=5
    )
    GroupMembershipFactory(shop=shop, customer=customer, group=hurt)
    DiscountFactory(shop=shop, name="Books −10 %", value=10, scope="products")  # no products: none

    staff_client.post(order_url(customer), lines(("MUG-1", 2)))

    with shop_context(shop):
        order = Order.objects.get(customer=customer)
        line = order.lines.get()
    # 19.99 × 0.80 × 0.95 = 15.1924 → 15.19; 2 × 15.19 = 30.38 net, 6.99 VAT (23 %)
    assert (line.unit_price_net, line.line_net, line.line_tax) == (
        Decimal("15.19"),
        Decimal("30.38"),
        Decimal("6.99"),
    )
    assert line.discount == order.discount_total == Decimal("9.60")  # 2 × (19.99 − 15.19)
    assert (order.net, order.gross) == (Decimal("30.38"), Decimal("37.37"))
    # The line keeps what the price was before the rule, and the rule: the order's page says so.
    assert (line.list_price_net, line.price_rule) == (Decimal("19.99"), "group Hurt")
    page = text(staff_client.get(reverse("staff:order_detail", args=[order.pk])))
    assert '<td class="num">19.99</td>' in page and "<td>group Hurt</td>" in page


def test_a_coupon_on_an_order_gives_its_discount_and_uses_one_of_its_uses(
    staff_client, shop, customer, products
):
    spring = DiscountFactory(shop=shop, name="Wiosna −10 %", value=10)
    coupon = CouponFactory(
        shop=shop, code="WIOSNA", discount=spring, max_uses_total=5, max_uses_per_customer=1
    )
    data = {**lines(("BOOK-2", 1)), "coupon_code": " wiosna "}

    staff_client.post(order_url(customer), data)
    again = staff_client.post(order_url(customer), data, follow=True)

    with shop_context(shop):
        order = Order.objects.get(customer=customer)  # one: the second was refused
        coupon.refresh_from_db()
        held = CouponAssignment.objects.get(coupon=coupon, customer=customer)
    assert order.net == Decimal("36.00")  # 40.00 − 10 %
    assert order.coupon_code == "WIOSNA"  # as the shop spells it, not as typed
    assert (coupon.uses_count, held.uses_count) == (1, 1)
    assert "You have used the coupon “WIOSNA” as often as it allows." in text(again)


def test_a_used_up_coupon_stops_the_order_and_its_last_use_is_redeemed_once(
    staff_client, shop, customer, products
):
    coupon = CouponFactory(
        shop=shop, code="OSTATNI", max_uses_total=1, discount=DiscountFactory(shop=shop, value=10)
    )
    with shop_context(shop):
        redeem_coupon(shop=shop, coupon_id=coupon.pk, customer=customer)  # the last use
        with pytest.raises(ServiceError):  # an order that quoted it a moment before
            redeem_coupon(shop=shop, coupon_id=coupon.pk, customer=customer)

    response = staff_client.post(
        order_url(customer), {**lines(("MUG-1", 1)), "coupon_code": "OSTATNI"}, follow=True
    )
    assert "The coupon “OSTATNI” has been used up." in text(response)
    with shop_context(shop):
        assert not Order.objects.filter(customer=customer).exists()


def test_a_coupon_used_as_often_as_a_customer_may_is_refused_and_its_total_use_undone(
    shop, customer
):
    """What an order racing another for the customer's last use meets in redeem_coupon (the
    quote had still found a use left): refused, and the total count it raised rolls back."""
    coupon = CouponFactory(
        shop=shop,
        code="RAZ",
        max_uses_per_customer=1,
        discount=DiscountFactory(shop=shop, value=10),
    )
    with shop_context(shop):
        redeem_coupon(shop=shop, coupon_id=coupon.pk, customer=customer)
        with pytest.raises(ServiceError, match="as often as it allows"), transaction.atomic():
            redeem_coupon(shop=shop, coupon_id=coupon.pk, customer=customer)
        coupon.refresh_from_db()
        held = CouponAssignment.objects.get(coupon=coupon, customer=customer)
    assert (coupon.uses_count, held.uses_count) == (1, 1)


def test_a_coupon_switched_off_after_the_quote_is_not_redeemed(shop, customer):
    """What an order meets when staff switch the coupon or its discount off, or remove the
    coupon, between its quote and its transaction: refused with the reason, nothing counted."""
    for switch_off in ("coupon", "discount", "removed"):
        discount = DiscountFactory(shop=shop, value=10)
        coupon = CouponFactory(shop=shop, code=f"OFF-{switch_off}", discount=discount)
        with shop_context(shop):
            if switch_off == "removed":
                coupon.delete()
                reason = "has been removed from the shop meanwhile"
            else:
                row = coupon if switch_off == "coupon" else discount
                type(row).objects.filter(pk=row.pk).update(is_active=False)
                reason = "does not apply now"
            with pytest.raises(ServiceError, match=reason), transaction.atomic():
                redeem_coupon(shop=shop, coupon_id=coupon.pk, customer=customer)
            assert not Coupon.objects.filter(pk=coupon.pk, uses_count__gt=0).exists()
            assert not CouponAssignment.objects.filter(coupon_id=coupon.pk).exists()


def test_an_order_with_a_coupon_that_gives_nothing_stops_and_counts_no_use(
    staff_client, shop, customer, products
):
    DiscountFactory(shop=shop, name="Wszystko −20 %", value=20)
    coupon = CouponFactory(
        shop=shop, code="DZIESIEC", discount=DiscountFactory(shop=shop, value=10)
    )

    response = staff_client.post(
        order_url(customer), {**lines(("MUG-1", 1)), "coupon_code": "dziesiec"}, follow=True
    )

    assert "The coupon “DZIESIEC” gives nothing off this order" in text(response)
    with shop_context(shop):
        assert not Order.objects.filter(customer=customer).exists()
        coupon.refresh_from_db()
    assert coupon.uses_count == 0
