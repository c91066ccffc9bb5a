"""Two staff members change the same customers' points at the same moment (two connections,
committed data): nothing is lost, no balance goes below zero, and each is told the truth
about their own change."""

from customers.models import CustomerStanding
from customers.selectors import customers_of_shop
from loyalty.models import PointsEntry
from loyalty.services import ADD, SUBTRACT, adjust_points
from shopadmin.tenancy import shop_context
from tests.at_once import first_holds_until_second_waits
from tests.factories import make_shop_with_data


def at_once(shop, mode: str, points: int) -> tuple:
    """Two changes over all the shop's customers, the second waiting for the first's locks."""

    def change(name):
        return lambda: adjust_points(
            shop=shop,
            actor=shop.demo.owner,
            customers=customers_of_shop(shop),
            mode=mode,
            points=points,
            reason=name,
        )

    return first_holds_until_second_waits(
        shop, change("first"), change("second"), table="customers_customerstanding"
    )


def standing(shop):
    with shop_context(shop):
        customer = shop.demo.customer
        balance = CustomerStanding.objects.get(customer=customer).points_balance
        entries = list(PointsEntry.objects.filter(customer=customer).values_list("reason", "delta"))
        return balance, sorted(entries)


def test_two_additions_at_once_both_count(committed_db):
    shop = make_shop_with_data(name="Sklep Punkty", slug="sklep-punkty", marker="Alpha")

    first, second = at_once(shop, ADD, 10)

    assert (first.changed, second.changed) == (2, 2)  # the customer and the guest
    assert standing(shop) == (20, [("first", 10), ("second", 10)])


def test_two_subtractions_at_once_never_go_below_zero_and_the_second_hears_why(committed_db):
    shop = make_shop_with_data(name="Sklep Punkty", slug="sklep-punkty", marker="Alpha")
    with shop_context(shop):
        CustomerStanding.objects.update(points_balance=10)

    first, second = at_once(shop, SUBTRACT, 10)

    assert (first.changed, first.skipped) == (2, 0)
    assert (second.changed, second.skipped) == (0, 2)  # would have gone below zero
    assert standing(shop) == (0, [("first", -10)])
