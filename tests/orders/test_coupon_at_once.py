"""Two staff members place orders with the same coupon at the same moment (two connections,
committed data). The coupon has one use left: one order gets it, the other is refused with
the reason and not placed, and the coupon counts exactly one use."""

from discounts.models import Coupon, CouponAssignment
from orders.models import Order
from orders.services import LineRequest, place_order
from shopadmin.services import ServiceError
from shopadmin.tenancy import shop_context
from tests.at_once import first_holds_until_second_waits
from tests.factories import CouponFactory, CustomerFactory, DiscountFactory, make_shop_with_data


def test_two_orders_racing_for_a_coupons_last_use_cannot_both_have_it(committed_db):
    shop = make_shop_with_data(name="Sklep Kupon", slug="sklep-kupon", marker="Alpha")
    with shop_context(shop):
        discount = DiscountFactory(shop=shop, name="−10 %", value=10)
        coupon = CouponFactory(shop=shop, code="OSTATNI", max_uses_total=1, discount=discount)
        buyers = {"first": shop.demo.customer, "second": CustomerFactory(shop=shop)}

    def order(name):
        return lambda: place_order(
            shop=shop,
            actor=shop.demo.owner,
            customer=buyers[name],
            lines=[LineRequest(product=shop.demo.product, quantity=1)],
            coupon_code="ostatni",
        )

    # The second quotes the coupon as usable (the first has not committed) and then waits,
    # at its conditional update, for the first's lock on the coupon's row.
    first, second = first_holds_until_second_waits(
        shop, order("first"), order("second"), table="discounts_coupon"
    )

    assert isinstance(first, Order)
    assert isinstance(second, ServiceError)
    assert str(second) == "The coupon “OSTATNI” has been used up."
    with shop_context(shop):
        entered = Order.objects.filter(number__startswith="ST-")  # not the demo's order
        assert list(entered.values_list("customer", flat=True)) == [buyers["first"].pk]
        assert Coupon.objects.get(pk=coupon.pk).uses_count == 1
        assert list(CouponAssignment.objects.values_list("customer", "uses_count")) == [
            (buyers["first"].pk, 1)
        ]
