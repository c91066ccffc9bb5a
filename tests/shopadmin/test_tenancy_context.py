import pytest
from django.db import transaction

from customers.models import Customer
from shopadmin.tenancy import (
    NoCurrentShop,
    current_shop_or_none,
    get_current_shop,
    get_db_setting,
    shop_context,
)


def test_shop_context_sets_and_then_clears_the_current_shop(shop):
    with shop_context(shop):
        inside = (get_current_shop(), get_db_setting("app.shop_id"))
    with transaction.atomic():
        after = (current_shop_or_none(), get_db_setting("app.shop_id"))
    assert inside == (shop, str(shop.pk))
    assert after == (None, "")


def test_nested_contexts_restore_the_outer_shop(shop, other_shop):
    with shop_context(shop):
        with shop_context(other_shop):
            inner = list(Customer.objects.values_list("shop_id", flat=True).distinct())
        outer = list(Customer.objects.values_list("shop_id", flat=True).distinct())
        outer_setting = get_db_setting("app.shop_id")
    assert inner == [other_shop.pk]
    assert outer == [shop.pk]
    assert outer_setting == str(shop.pk)


def test_an_exception_inside_the_context_leaves_no_shop_behind(shop):
    with pytest.raises(ZeroDivisionError), shop_context(shop):
        1 / 0  # noqa: B018
    with transaction.atomic():
        assert get_db_setting("app.shop_id") == ""
    assert current_shop_or_none() is None


def test_code_that_needs_a_shop_says_so_outside_a_context(db):
    with pytest.raises(NoCurrentShop):
        get_current_shop()
