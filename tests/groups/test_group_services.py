"""The group services check the shop and the role themselves, not only the views."""

from decimal import Decimal

import pytest

from groups import services
from groups.models import CustomerGroup, GroupMembership
from shopadmin.permissions import PermissionDeniedForShop
from shopadmin.services import ServiceError, add_staff_member
from shopadmin.tenancy import shop_context
from tests.conftest import SENTINEL
from tests.factories import PASSWORD, discount_data_of


def test_another_shops_group_or_template_is_refused(shop, other_shop):
    mine, theirs = shop.demo, other_shop.demo
    their_template = discount_data_of(other_shop).template
    with shop_context(shop):
        refused = [
            lambda: services.update_group(
                shop=shop, actor=mine.owner, group=theirs.group, name="Taken"
            ),
            lambda: services.delete_group(shop=shop, actor=mine.owner, group=theirs.group),
            lambda: services.update_group(
                shop=shop, actor=mine.owner, group=mine.group, pricing_template=their_template
            ),
            lambda: services.create_group(
                shop=shop, actor=mine.owner, name="New", pricing_template=their_template
            ),
        ]
        for call in refused:
            with pytest.raises(PermissionDeniedForShop):
                call()
        assert list(CustomerGroup.objects.filter(shop=shop).values_list("name", flat=True)) == [
            "Group Alpha"
        ]
    with shop_context(other_shop):
        group = CustomerGroup.objects.get(pk=theirs.group.pk)
        assert group.name == f"Group {SENTINEL}"
        assert GroupMembership.objects.filter(group=group).count() == 1


def test_a_role_without_manage_groups_is_refused(shop):
    support, _ = add_staff_member(
        shop=shop, email="support@sklep-testowy.example", role="support", password=PASSWORD
    )
    with shop_context(shop):
        for call in (
            lambda: services.create_group(shop=shop, actor=support, name="Mine"),
            lambda: services.update_group(
                shop=shop, actor=support, group=shop.demo.group, name="Mine"
            ),
            lambda: services.delete_group(shop=shop, actor=support, group=shop.demo.group),
        ):
            with pytest.raises(PermissionDeniedForShop):
                call()


def test_a_name_taken_a_moment_ago_is_a_readable_error(shop, monkeypatch):
    """Two requests naming a group alike at once: the second's check saw no such group, and
    the unique constraint on lower(name) refuses it; the service says so in words."""
    monkeypatch.setattr(services, "groups_of_shop", lambda shop: CustomerGroup.objects.none())
    with shop_context(shop), pytest.raises(ServiceError, match="exists already"):
        services.create_group(shop=shop, actor=shop.demo.owner, name="GROUP alpha")
    with shop_context(shop):
        assert CustomerGroup.objects.filter(shop=shop).count() == 1  # and the transaction lives


def test_the_services_tidy_what_they_store(shop):
    owner = shop.demo.owner
    with shop_context(shop):
        group = services.create_group(
            shop=shop, actor=owner, name="  Nowi  klienci ", tag_colour="#a1b2c3"
        )
        assert (group.name, group.tag_label, group.tag_colour) == (
            "Nowi klienci",
            "Nowi klienci",
            "#A1B2C3",
        )
        services.update_group(
            shop=shop, actor=owner, group=group, extra_discount_percent=Decimal("2.50")
        )
        group.refresh_from_db()
        assert group.extra_discount_percent == Decimal("2.5")
        assert group.name == "Nowi klienci"  # the fields not given stay
        with pytest.raises(ServiceError, match="#RRGGBB"):
            services.update_group(shop=shop, actor=owner, group=group, tag_colour="red")
        with pytest.raises(ServiceError):
            services.update_group(
                shop=shop, actor=owner, group=group, extra_discount_percent=Decimal("101")
            )


def test_delete_group_counts_the_members_who_lost_it(shop):
    with shop_context(shop):
        lost = services.delete_group(shop=shop, actor=shop.demo.owner, group=shop.demo.group)
        assert lost == 1
        assert not GroupMembership.objects.filter(shop=shop).exists()
