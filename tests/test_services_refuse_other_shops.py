"""Services check the shop of every row handed to them, not only the views: another shop's
customer, product, group or coupon is refused and nothing is written."""

import pytest
from django.core import mail

from customers.selectors import customers_of_shop
from customers.services import send_password_reset_link
from discounts.models import Coupon, CouponAssignment, Discount
from discounts.services import give_coupon
from groups.models import GroupMembership, GroupRequest
from groups.services import (
    add_customers_to_group,
    approve_group_requests,
    join_chosen_groups,
    reject_group_requests,
    replace_customers_groups,
)
from orders.models import Order
from orders.services import LineRequest, place_order
from shopadmin.permissions import PermissionDeniedForShop
from shopadmin.tenancy import shop_context


def test_another_shops_rows_are_refused_by_the_services(
    shop, other_shop, django_capture_on_commit_callbacks
):
    mine, theirs = shop.demo, other_shop.demo
    with shop_context(other_shop):
        discount = Discount.objects.create(shop=other_shop, name="D", kind="percent", value=5)
        their_coupon = Coupon.objects.create(shop=other_shop, discount=discount, code="THEIRS")
    with shop_context(shop), django_capture_on_commit_callbacks(execute=True):
        everyone = customers_of_shop(shop)
        refused = [
            lambda: place_order(
                shop=shop,
                actor=mine.owner,
                customer=theirs.customer,
                lines=[LineRequest(product=mine.product, quantity=1)],
            ),
            lambda: place_order(
                shop=shop,
                actor=mine.owner,
                customer=mine.customer,
                lines=[LineRequest(product=theirs.product, quantity=1)],
            ),
            lambda: send_password_reset_link(shop=shop, actor=mine.owner, customer=theirs.customer),
            lambda: add_customers_to_group(
                shop=shop, actor=mine.owner, customers=everyone, group=theirs.group
            ),
            lambda: replace_customers_groups(
                shop=shop, actor=mine.owner, customers=everyone, groups=[mine.group, theirs.group]
            ),
            lambda: give_coupon(
                shop=shop, actor=mine.owner, customers=everyone, coupon=their_coupon
            ),
            lambda: join_chosen_groups(shop=shop, customer=mine.customer, groups=[theirs.group]),
            lambda: join_chosen_groups(shop=shop, customer=theirs.customer, groups=[mine.group]),
            lambda: approve_group_requests(
                shop=shop, actor=mine.owner, group=theirs.group, customers=everyone
            ),
            lambda: reject_group_requests(
                shop=shop, actor=mine.owner, group=theirs.group, customers=everyone
            ),
        ]
        for call in refused:
            with pytest.raises(PermissionDeniedForShop):
                call()
        assert Order.objects.filter(shop=shop).count() == 1  # the fixture's own order
        assert GroupMembership.objects.filter(shop=shop).count() == 1  # the fixture's own
        assert not GroupRequest.objects.filter(shop=shop).exists()
    assert mail.outbox == []
    with shop_context(other_shop):
        assert Order.objects.filter(customer=theirs.customer).count() == 1
        assert not CouponAssignment.objects.filter(coupon=their_coupon).exists()
        assert GroupMembership.objects.filter(group=theirs.group).count() == 1
