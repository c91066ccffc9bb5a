"""Orders earn points under the shop's loyalty rule once they reach its status, and give them
back when cancelled, each as a ledger entry on the order; the balance always equals the
ledger, and settling an order twice changes nothing."""

from decimal import Decimal

from django.urls import reverse

from customers.models import CustomerStanding
from loyalty.models import LoyaltyRule, PointsEntry
from loyalty.services import set_loyalty_rule, settle_order_points
from orders.services import change_order_status
from shopadmin.tenancy import shop_context
from tests.factories import CustomerFactory, OrderFactory
from tests.helpers import audit, text

RULES = reverse("staff:loyalty_rules")


def to_status(client, order, status):
    url = reverse(
        "staff:order_cancel" if status == "cancelled" else "staff:order_status", args=[order.pk]
    )
    return client.post(url, {"status": status}, follow=True)


def points(shop, customer) -> tuple[int, list]:
    with shop_context(shop):
        balance = CustomerStanding.objects.get(customer=customer).points_balance
        ledger = list(
            PointsEntry.objects.filter(customer=customer)
            .order_by("pk")
            .values_list("delta", "order")
        )
    return balance, ledger


def an_order(shop, gross: str):
    customer = CustomerFactory(shop=shop, first_name="Jan")
    gross = Decimal(gross)
    order = OrderFactory(
        shop=shop, customer=customer, number="P-1", net=gross - 10, tax=Decimal(10), gross=gross
    )
    return customer, order


def test_staff_set_the_rule_and_the_old_one_stays_for_the_record(staff_client, shop):
    response = staff_client.post(
        RULES, {"points_per_unit": "0.1", "earns_at": "completed", "rounding": "down"}, follow=True
    )
    assert "The new rule applies to orders from now on." in text(response)
    staff_client.post(RULES, {"points_per_unit": "0.5", "earns_at": "paid", "rounding": "nearest"})
    with shop_context(shop):
        rules = list(
            LoyaltyRule.objects.filter(shop=shop)
            .order_by("pk")
            .values_list("points_per_unit", "earns_at", "rounding", "is_active")
        )
    assert rules == [
        (Decimal("0.1000"), "completed", "down", False),
        (Decimal("0.5000"), "paid", "nearest", True),
    ]
    page = text(staff_client.get(RULES))
    assert (
        "Points per PLN of an order's gross value: 0.5, earned once the order is paid, rounded "
        "to the nearest whole point." in page
    )
    assert [event["data"] for event in audit(shop, "loyalty.rule_set")] == [
        {"points_per_unit": "0.1", "earns_at": "completed", "rounding": "down"},
        {"points_per_unit": "0.5", "earns_at": "paid", "rounding": "nearest"},
    ]


def test_a_rule_needs_sensible_values(staff_client, shop):
    page = text(
        staff_client.post(RULES, {"points_per_unit": "-1", "earns_at": "never", "rounding": ""})
    )
    assert "Ensure this value is greater than or equal to 0." in page
    assert "Select a valid choice. never is not one of the available choices." in page


def test_support_may_not_change_the_rule(support_client, shop):
    assert support_client.get(RULES).status_code == 403


def test_an_order_earns_its_points_when_completed_and_gives_them_back_when_cancelled(
    staff_client, shop
):
    with shop_context(shop):
        set_loyalty_rule(
            shop=shop,
            actor=shop.demo.owner,
            points_per_unit=Decimal("0.1"),
            earns_at="completed",
            rounding="down",
        )
    customer, order = an_order(shop, "129.00")

    for status in ["paid", "shipped"]:
        to_status(staff_client, order, status)
        assert points(shop, customer) == (0, [])
    to_status(staff_client, order, "completed")
    assert points(shop, customer) == (12, [(12, order.pk)])  # 12.9 rounded down
    with shop_context(shop):  # settling again changes nothing
        assert settle_order_points(shop=shop, actor=shop.demo.owner, order=order) == 0
    to_status(staff_client, order, "cancelled")
    assert points(shop, customer) == (0, [(12, order.pk), (-12, order.pk)])


def test_points_at_payment_rounded_to_the_nearest_and_taken_back_only_as_far_as_the_balance(
    staff_client, shop
):
    with shop_context(shop):
        set_loyalty_rule(
            shop=shop,
            actor=shop.demo.owner,
            points_per_unit=Decimal("0.1"),
            earns_at="paid",
            rounding="nearest",
        )
    customer, order = an_order(shop, "125.00")
    to_status(staff_client, order, "paid")
    assert points(shop, customer) == (13, [(13, order.pk)])  # 12.5 rounded half up
    with shop_context(shop):  # the customer spent 10 of them
        CustomerStanding.objects.filter(customer=customer).update(points_balance=3)
    to_status(staff_client, order, "cancelled")
    assert points(shop, customer) == (0, [(13, order.pk), (-3, order.pk)])


def test_points_per_unit_are_between_0_and_100(staff_client, shop):
    page = text(
        staff_client.post(RULES, {"points_per_unit": "101", "earns_at": "paid", "rounding": "down"})
    )
    assert "Ensure this value is less than or equal to 100." in page


def test_points_earned_stay_as_earned_when_the_rule_changes(staff_client, shop):
    owner = shop.demo.owner
    with shop_context(shop):
        set_loyalty_rule(
            shop=shop,
            actor=owner,
            points_per_unit=Decimal("0.1"),
            earns_at="paid",
            rounding="down",
        )
    customer, order = an_order(shop, "100.00")
    to_status(staff_client, order, "paid")
    with shop_context(shop):
        set_loyalty_rule(
            shop=shop,
            actor=owner,
            points_per_unit=Decimal("1"),
            earns_at="completed",
            rounding="down",
        )
    for status in ["shipped", "completed"]:
        to_status(staff_client, order, status)
    assert points(shop, customer) == (10, [(10, order.pk)])  # not 100, not 0
    with shop_context(shop):  # no rule at all now: a cancellation still gives them back
        LoyaltyRule.objects.filter(shop=shop).update(is_active=False)
    to_status(staff_client, order, "cancelled")
    assert points(shop, customer) == (0, [(10, order.pk), (-10, order.pk)])


def test_the_status_service_settles_points_whoever_calls_it(shop):
    """Not only the order page: a job or an import that changes a status through the service
    moves the points in the same transaction."""
    owner = shop.demo.owner
    with shop_context(shop):
        set_loyalty_rule(
            shop=shop,
            actor=owner,
            points_per_unit=Decimal("1"),
            earns_at="paid",
            rounding="down",
        )
        customer, order = an_order(shop, "40.00")
        change_order_status(shop=shop, actor=owner, order=order, status="paid")
    assert points(shop, customer) == (40, [(40, order.pk)])


def test_an_order_whose_points_cannot_be_settled_keeps_its_status(staff_client, shop):
    with shop_context(shop):
        set_loyalty_rule(
            shop=shop,
            actor=shop.demo.owner,
            points_per_unit=Decimal("100"),
            earns_at="paid",
            rounding="down",
        )
    customer, order = an_order(shop, "999999999999.00")
    page = text(to_status(staff_client, order, "paid"))
    assert "This order would earn more points than a balance can hold." in page
    with shop_context(shop):
        order.refresh_from_db()
    assert order.status == "new"
    assert points(shop, customer) == (0, [])
    assert audit(shop, "order.status_changed") == []
