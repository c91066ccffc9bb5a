import pytest

from shopadmin.permissions import (
    ROLE_PERMISSIONS,
    Perm,
    PermissionDeniedForShop,
    Role,
    can,
    require,
)
from shopadmin.services import add_staff_member
from tests.factories import PASSWORD


def test_each_role_has_exactly_its_written_permissions():
    assert ROLE_PERMISSIONS[Role.OWNER] == set(Perm.values)
    assert ROLE_PERMISSIONS[Role.MANAGER] == set(Perm.values) - {"manage_staff"}
    assert ROLE_PERMISSIONS[Role.SUPPORT] == {
        "view_customers",
        "edit_customers",
        "change_groups",
        "view_orders",
        "impersonate",
    }


def test_a_role_answers_only_for_its_own_shop(shop, other_shop):
    support, _ = add_staff_member(
        shop=shop, email="s@example.com", role="support", password=PASSWORD
    )
    assert can(support, shop, Perm.VIEW_CUSTOMERS) is True
    assert can(support, shop, Perm.EXPORT) is False
    assert can(support, other_shop, Perm.VIEW_CUSTOMERS) is False


def test_services_refuse_an_actor_without_the_permission(shop):
    support, _ = add_staff_member(
        shop=shop, email="s@example.com", role="support", password=PASSWORD
    )
    with pytest.raises(PermissionDeniedForShop):
        require(support, shop, Perm.MANAGE_STAFF)
    with pytest.raises(PermissionDeniedForShop):
        add_staff_member(
            shop=shop, actor=support, email="x@example.com", role="owner", password="x"
        )


def test_an_inactive_account_may_do_nothing(shop):
    owner = shop.demo.owner
    owner.is_active = False
    assert can(owner, shop, Perm.VIEW_CUSTOMERS) is False
