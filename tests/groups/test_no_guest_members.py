import pytest
from django.db import IntegrityError, transaction

from groups.models import GroupMembership
from shopadmin.tenancy import shop_context


def test_the_database_refuses_a_guest_as_a_group_member(shop):
    with (
        shop_context(shop),
        pytest.raises(IntegrityError, match="guest customer cannot be a group member"),
        transaction.atomic(),
    ):
        GroupMembership.objects.create(
            shop=shop, customer=shop.demo.guest, group=shop.demo.group, source="staff"
        )


def test_the_database_refuses_to_turn_a_group_member_into_a_guest(shop):
    customer = shop.demo.customer
    with (
        shop_context(shop),
        pytest.raises(IntegrityError, match="cannot become a guest"),
        transaction.atomic(),
    ):
        type(customer).objects.filter(pk=customer.pk).update(account_type="guest", user=None)
