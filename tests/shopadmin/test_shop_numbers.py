"""Numbers that belong to the shop: a shop's first job is its job 1 and its first staff order
ST-000001, whatever the other shops did; two at once never share a number."""

from shopadmin.counters import next_number
from shopadmin.jobs import start_job
from shopadmin.tenancy import shop_context
from tests.helpers import latest_job


def test_each_shop_counts_its_own_jobs(shop, other_shop):
    with shop_context(other_shop):
        for _ in range(3):
            start_job(
                shop=other_shop, actor=other_shop.demo.owner, kind="export", params={}, total=0
            )
    with shop_context(shop):
        start_job(shop=shop, actor=shop.demo.owner, kind="export", params={}, total=0)
    assert latest_job(shop).number == 1
    assert latest_job(other_shop).number == 3


def test_numbers_are_taken_one_by_one_per_shop_and_name(shop, other_shop):
    with shop_context(shop):
        taken = [next_number(shop, "staff_order") for _ in range(3)]
        other_name = next_number(shop, "invoice")
    with shop_context(other_shop):
        elsewhere = next_number(other_shop, "staff_order")
    assert (taken, other_name, elsewhere) == ([1, 2, 3], 1, 1)
