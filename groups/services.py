"""Group memberships changed in bulk. Set-based: one INSERT ... SELECT or one DELETE per
call, whatever the number of customers. Guests cannot join groups and are counted as skipped."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer
from customers.selectors import selected_customers
from groups.models import CustomerGroup, GroupMembership
from groups.selectors import groups_of_shop, memberships_of_shop
from shopadmin.permissions import Perm, require, require_of_shop
from shopadmin.services import ServiceError, record_audit_event


def create_group(*, shop, actor, name: str, tag_colour: str = "#607D8B") -> CustomerGroup:
    """A new group whose tag shows its name (the group pages of issue 5 edit the rest)."""
    require(actor, shop, Perm.MANAGE_GROUPS)
    name = " ".join(name.split())
    group = CustomerGroup(shop=shop, name=name, tag_label=name[:30], tag_colour=tag_colour)
    try:
        group.full_clean(exclude=["shop"])
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages)) from None
    if groups_of_shop(shop).filter(name__iexact=name).exists():
        raise ServiceError(_("A group named “%(name)s” exists already.") % {"name": name})
    group.save()
    record_audit_event(shop=shop, actor=actor, action="group.created", target=group)
    return group


@dataclass(frozen=True)
class MembershipChange:
    added: int = 0
    removed: int = 0
    guests_skipped: int = 0


def add_customers_to_group(*, shop, actor, customers, group) -> MembershipChange:
    """Add the selected customers (a queryset of this shop's customers) to `group`."""
    require(actor, shop, Perm.CHANGE_GROUPS)
    require_of_shop(shop, group)
    customers = selected_customers(shop, customers)
    with transaction.atomic():
        guests = customers.filter(account_type=Customer.AccountType.GUEST).count()
        added = _insert_memberships(shop=shop, actor=actor, customers=customers, group=group)
        record_audit_event(
            shop=shop, actor=actor, action="group.members_added", target=group, count=added,
            guests_skipped=guests,
        )  # fmt: skip
    return MembershipChange(added=added, guests_skipped=guests)


def remove_customers_from_group(*, shop, actor, customers, group) -> MembershipChange:
    require(actor, shop, Perm.CHANGE_GROUPS)
    require_of_shop(shop, group)
    customers = selected_customers(shop, customers)
    with transaction.atomic():
        removed, _per_model = (
            memberships_of_shop(shop).filter(group=group, customer__in=customers).delete()
        )
        record_audit_event(
            shop=shop, actor=actor, action="group.members_removed", target=group, count=removed
        )
    return MembershipChange(removed=removed)


def replace_customers_groups(*, shop, actor, customers, groups) -> MembershipChange:
    """Make `groups` the selected customers' only groups (no groups: remove them from all)."""
    require(actor, shop, Perm.CHANGE_GROUPS)
    require_of_shop(shop, *groups)
    customers = selected_customers(shop, customers)
    with transaction.atomic():
        guests = customers.filter(account_type=Customer.AccountType.GUEST).count()
        removed, _per_model = (
            memberships_of_shop(shop)
            .filter(customer__in=customers)
            .exclude(group__in=[group.pk for group in groups])
            .delete()
        )
        added = sum(
            _insert_memberships(shop=shop, actor=actor, customers=customers, group=group)
            for group in groups
        )
        record_audit_event(
            shop=shop, actor=actor, action="group.memberships_replaced", count=added + removed,
            groups=[group.pk for group in groups], added=added, removed=removed,
            guests_skipped=guests,
        )  # fmt: skip
    return MembershipChange(added=added, removed=removed, guests_skipped=guests)


def _insert_memberships(*, shop, actor, customers, group) -> int:
    """INSERT ... SELECT the selection's registered customers into the group; those already
    in it are left as they are. Returns how many were added."""
    selected = customers.filter(account_type=Customer.AccountType.LOGIN).values("pk")
    select_sql, select_params = selected.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO groups_groupmembership "
            "(shop_id, customer_id, group_id, added_at, added_by_id, source) "
            "SELECT %s, selected.customer_id, %s, %s, %s, %s "
            f"FROM ({select_sql}) AS selected(customer_id) "
            "ON CONFLICT (shop_id, customer_id, group_id) DO NOTHING",
            [shop.pk, group.pk, timezone.now(), actor.pk, GroupMembership.Source.BULK,
             *select_params],
        )  # fmt: skip
        return cursor.rowcount
