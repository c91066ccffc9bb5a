"""Two staff members change the same customers' points at the same moment (two connections,
committed data): nothing is lost, no balance goes below zero, and each is told the truth
about their own change."""

import threading

from django.db import connection, connections

from customers.models import CustomerStanding
from customers.selectors import customers_of_shop
from loyalty.models import PointsEntry
from loyalty.services import ADD, SUBTRACT, adjust_points
from shopadmin.tenancy import shop_context
from tests.factories import make_shop_with_data
from tests.workers import wait_for


def at_once(shop, mode: str, points: int) -> tuple:
    """Two changes over all the shop's customers: the first holds its transaction open until
    the second is waiting for its row locks, then commits. Returns both results."""
    actor = shop.demo.owner
    first_done, go_on = threading.Event(), threading.Event()
    results = {}

    def change(name):
        try:
            with shop_context(shop):
                results[name] = adjust_points(
                    shop=shop, actor=actor, customers=customers_of_shop(shop), mode=mode,
                    points=points, reason=name,
                )  # fmt: skip
                if name == "first":
                    first_done.set()
                    go_on.wait(30)
        finally:
            connection.close()

    first = threading.Thread(target=change, args=["first"])
    first.start()
    assert first_done.wait(30)
    second = threading.Thread(target=change, args=["second"])
    second.start()
    with connections["owner"].cursor() as cursor:

        def second_waits():
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND query LIKE %s",
                ["%customers_customerstanding%"],
            )
            return cursor.fetchone()[0] == 1

        wait_for(second_waits, seconds=30, what="the second change to wait for the first")
    go_on.set()
    first.join(30)
    second.join(30)
    return results["first"], results["second"]


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
