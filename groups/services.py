"""Group memberships changed in bulk. Set-based: one INSERT ... SELECT or one DELETE per
call, whatever the number of customers. Guests cannot join groups and are counted as skipped."""

from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer
from customers.selectors import selected_customers
from groups.models import CustomerGroup, GroupMembership, GroupRequest, PricingTemplate
from groups.selectors import groups_of_shop, memberships_of_shop, requests_of_customers
from shopadmin.permissions import Perm, require, require_of_shop
from shopadmin.querying import insert_select
from shopadmin.services import ServiceError, audit_text, changed_values, record_audit_event

# The fields of a group that staff edit on the group pages (groups/forms.py).
GROUP_FIELDS = (
    "name",
    "description",
    "tag_label",
    "tag_colour",
    "self_selectable",
    "needs_approval",
    "pricing_template",
    "extra_discount_percent",
    "tax_exempt",
)


def create_group(
    *,
    shop,
    actor,
    name: str,
    tag_colour: str = "#607D8B",
    tag_label: str = "",
    description: str = "",
    self_selectable: bool = False,
    needs_approval: bool = False,
    pricing_template=None,
    extra_discount_percent: Decimal = Decimal("0"),
    tax_exempt: bool = False,
) -> CustomerGroup:
    """A new group. Its tag shows its name unless given a label of its own."""
    require(actor, shop, Perm.MANAGE_GROUPS)
    group = CustomerGroup(shop=shop)
    _set_fields(
        shop,
        group,
        name=name,
        tag_colour=tag_colour,
        tag_label=tag_label,
        description=description,
        self_selectable=self_selectable,
        needs_approval=needs_approval,
        pricing_template=pricing_template,
        extra_discount_percent=extra_discount_percent,
        tax_exempt=tax_exempt,
    )
    with transaction.atomic():
        _save(shop, group)
        record_audit_event(shop=shop, actor=actor, action="group.created", target=group)
    return group


def update_group(*, shop, actor, group, **changes) -> CustomerGroup:
    """Change the group's GROUP_FIELDS given in `changes`; the audit event lists what changed,
    from what to what."""
    require(actor, shop, Perm.MANAGE_GROUPS)
    require_of_shop(shop, group)
    unknown = set(changes) - set(GROUP_FIELDS)
    if unknown:
        raise TypeError(f"update_group() got unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        # The row as it is now, locked: `group` may carry unsaved edits, and two staff members
        # saving at once must not see the same "before".
        saved = groups_of_shop(shop).select_for_update().get(pk=group.pk)
        before = _audit_values(saved)
        _set_fields(shop, saved, **{**_current_fields(saved), **changes})
        _save(shop, saved)
        changed = changed_values(before, _audit_values(saved))
        record_audit_event(
            shop=shop, actor=actor, action="group.updated", target=saved, changed=changed
        )
    for field in GROUP_FIELDS:
        setattr(group, field, getattr(saved, field))
    return group


def delete_group(*, shop, actor, group) -> int:
    """Delete the group with its memberships (its customers stay). Returns how many customers
    lost the group. Discounts name groups: `discounts.services.delete_group` takes the group
    out of them first, and this is the rest of it."""
    require(actor, shop, Perm.MANAGE_GROUPS)
    require_of_shop(shop, group)
    with transaction.atomic():
        members, _per_model = memberships_of_shop(shop).filter(group=group).delete()
        pk, name = group.pk, group.name
        group.delete()
        group.pk = pk  # for the audit event's target
        record_audit_event(
            shop=shop,
            actor=actor,
            action="group.deleted",
            target=group,
            count=members,
            name=name,
        )
    return members


def _current_fields(group) -> dict:
    return {field: getattr(group, field) for field in GROUP_FIELDS}


def _set_fields(
    shop,
    group,
    *,
    name,
    tag_colour,
    tag_label,
    description,
    self_selectable,
    needs_approval,
    pricing_template,
    extra_discount_percent,
    tax_exempt,
) -> None:
    """Put the values on `group`, tidied: spaces in the name and label collapsed, the colour
    upper case, an empty label replaced by the name."""
    if pricing_template is not None:
        require_of_shop(shop, pricing_template)
    name = " ".join((name or "").split())
    group.name = name
    group.tag_label = " ".join((tag_label or "").split()) or name[:30]
    group.tag_colour = (tag_colour or "").strip().upper()
    group.description = (description or "").strip()
    group.self_selectable = bool(self_selectable)
    group.needs_approval = bool(needs_approval)
    group.pricing_template = pricing_template
    group.extra_discount_percent = (
        Decimal("0") if extra_discount_percent is None else extra_discount_percent
    )
    group.tax_exempt = bool(tax_exempt)


def _save(shop, group) -> None:
    """Validate and save, with readable errors for a bad value or a name taken already (also
    when another request took it a moment ago: the unique constraint on lower(name))."""
    try:
        group.full_clean(exclude=["shop"], validate_constraints=False)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages)) from None
    taken = groups_of_shop(shop).filter(name__iexact=group.name).exclude(pk=group.pk)
    if taken.exists():
        raise ServiceError(name_taken_message(group.name))
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError as error:
        if "customergroup_unique_name" in str(error):
            raise ServiceError(name_taken_message(group.name)) from None
        raise


def name_taken_message(name: str) -> str:
    return _("A group named “%(name)s” exists already.") % {"name": name}


def _audit_values(group) -> dict:
    """The group's GROUP_FIELDS as its audit events record them (JSON-friendly)."""
    values = {field: getattr(group, field) for field in GROUP_FIELDS}
    values["pricing_template"] = group.pricing_template_id
    values["extra_discount_percent"] = str(Decimal(group.extra_discount_percent).normalize())
    return values


@dataclass(frozen=True)
class MembershipChange:
    added: int = 0
    removed: int = 0
    guests_skipped: int = 0


def add_customers_to_group(
    *, shop, actor, customers, group, source=GroupMembership.Source.BULK
) -> MembershipChange:
    """Add the selected customers (a queryset of this shop's customers) to `group`; `source`
    says where from (a bulk action, or a member added on the group's page)."""
    require(actor, shop, Perm.CHANGE_GROUPS)
    require_of_shop(shop, group)
    customers = selected_customers(shop, customers)
    with transaction.atomic():
        guests = customers.filter(account_type=Customer.AccountType.GUEST).count()
        added = _insert_memberships(
            shop=shop, actor=actor, customers=customers, group=group, source=source
        )
        record_audit_event(
            shop=shop,
            actor=actor,
            action="group.members_added",
            target=group,
            count=added,
            guests_skipped=guests,
        )
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
            shop=shop,
            actor=actor,
            action="group.memberships_replaced",
            count=added + removed,
            groups=[group.pk for group in groups],
            added=added,
            removed=removed,
            guests_skipped=guests,
        )
    return MembershipChange(added=added, removed=removed, guests_skipped=guests)


def _insert_memberships(
    *, shop, actor, customers, group, source=GroupMembership.Source.BULK
) -> int:
    """INSERT ... SELECT the selection's registered customers into the group; those already
    in it are left as they are. Returns how many were added."""
    return insert_select(
        GroupMembership,
        ["shop_id", "customer_id", "group_id", "added_at", "added_by_id", "source"],
        select="%s, selected.customer_id, %s, %s, %s, %s",
        params=[shop.pk, group.pk, timezone.now(), actor.pk, source],
        source=customers.filter(account_type=Customer.AccountType.LOGIN).values("pk"),
        source_columns=["customer_id"],
        skip_conflicts_on=["shop_id", "customer_id", "group_id"],
    )


# --- Groups the customers choose themselves ------------------------------------------------


GUESTS_CANNOT_CHOOSE = _("Guests cannot join groups: register first.")


@dataclass(frozen=True)
class ChosenGroups:
    joined: list  # groups the customer is now a member of
    requested: list  # groups that need approval: the customer waits for staff


def join_chosen_groups(*, shop, customer, groups) -> ChosenGroups:
    """The groups a customer chose as they registered: each one of the shop's groups that
    customers may choose, and only one unless the shop lets them choose several. A group that
    needs approval becomes a request (GroupRequest), the others memberships. The customer is
    the actor, so the events have none (nobody of the staff)."""
    require_of_shop(shop, customer, *groups)
    groups = _offered(shop, customer, groups)
    if not groups:
        return ChosenGroups(joined=[], requested=[])
    with transaction.atomic():
        chosen = _join(shop, customer, groups)
        record_audit_event(
            shop=shop,
            actor=None,
            action="customer.groups_chosen",
            target=customer,
            joined=[group.pk for group in chosen.joined],
            requested=[group.pk for group in chosen.requested],
        )
    return chosen


@dataclass(frozen=True)
class OwnGroupsChange:
    joined: list
    requested: list
    left: list  # groups the customer had chosen and no longer wants
    withdrawn: list  # requests the customer took back


def choose_own_groups(*, shop, customer, groups, actor=None) -> OwnGroupsChange:
    """The customer's choice in their account: of the groups customers may choose, they are in
    (or wait for) exactly `groups`. They leave the ones they chose before and no longer want,
    take back requests they no longer want, and join or ask to join the new ones. Groups that
    staff assigned stay, chosen or not (the account shows them but cannot leave them)."""
    require_of_shop(shop, customer, *groups)
    wanted = {group.pk: group for group in _offered(shop, customer, groups)}
    with transaction.atomic():
        # The customer's row first: two saves at once (two tabs) take turns, so a shop that
        # allows one group never ends with two.
        Customer.objects.select_for_update().filter(shop=shop, pk=customer.pk).first()
        memberships = memberships_of_shop(shop).select_for_update().filter(customer=customer)
        member_of = {m.group_id: m for m in memberships.select_related("group")}
        waiting = {
            r.group_id: r
            for r in GroupRequest.objects.filter(shop=shop, customer=customer).select_related(
                "group"
            )
        }
        leaving = [
            m
            for m in member_of.values()
            if m.group_id not in wanted and _chosen_by_customer(m) and m.group.self_selectable
        ]
        # Like memberships, only requests for groups still offered: one the shop stopped
        # offering waits for staff, unseen by the customer's form.
        withdrawing = [
            r for r in waiting.values() if r.group_id not in wanted and r.group.self_selectable
        ]
        new = [g for pk, g in wanted.items() if pk not in member_of and pk not in waiting]
        memberships.filter(pk__in=[m.pk for m in leaving]).delete()
        GroupRequest.objects.filter(shop=shop, pk__in=[r.pk for r in withdrawing]).delete()
        chosen = _join(shop, customer, new)
        change = OwnGroupsChange(
            joined=chosen.joined,
            requested=chosen.requested,
            left=[m.group for m in leaving],
            withdrawn=[r.group for r in withdrawing],
        )
        if any(vars(change).values()):
            record_audit_event(
                shop=shop,
                actor=actor,  # the staff member logged in as the customer, if one is
                action="customer.groups_chosen",
                target=customer,
                **{name: [group.pk for group in value] for name, value in vars(change).items()},
            )
    return change


def customer_may_leave(membership) -> bool:
    """Whether the customer may leave this group themselves: one they chose (at registration,
    in their account, or by a request staff approved) among those customers may choose."""
    return _chosen_by_customer(membership) and membership.group.self_selectable


def _chosen_by_customer(membership) -> bool:
    return membership.source == GroupMembership.Source.REGISTRATION


def _offered(shop, customer, groups) -> list:
    """`groups` without repeats, checked: a registered customer, the groups offered, and one
    only unless the shop lets customers choose several."""
    groups = list({group.pk: group for group in groups}.values())
    if groups and customer.is_guest:
        raise ServiceError(GUESTS_CANNOT_CHOOSE)
    if any(not group.self_selectable for group in groups):
        raise ServiceError(_("Choose among the groups offered."))
    if len(groups) > 1 and not shop.customers_may_choose_several_groups:
        raise ServiceError(_("Choose one group."))
    return groups


def _join(shop, customer, groups) -> ChosenGroups:
    """Memberships in the groups that need no approval, requests for the others."""
    now = timezone.now()
    joined = [group for group in groups if not group.needs_approval]
    requested = [group for group in groups if group.needs_approval]
    GroupMembership.objects.bulk_create(
        [
            GroupMembership(
                shop=shop,
                customer=customer,
                group=group,
                added_at=now,
                source=GroupMembership.Source.REGISTRATION,
            )
            for group in joined
        ],
        ignore_conflicts=True,
    )
    GroupRequest.objects.bulk_create(
        [GroupRequest(shop=shop, customer=customer, group=group) for group in requested],
        ignore_conflicts=True,
    )
    return ChosenGroups(joined=joined, requested=requested)


def approve_group_requests(*, shop, actor, group, customers) -> int:
    """Make the selected customers' requests to join `group` memberships (one INSERT ...
    SELECT), and remove the requests. Returns how many were approved."""
    require(actor, shop, Perm.CHANGE_GROUPS)
    require_of_shop(shop, group)
    requests = requests_of_customers(shop, group, customers)
    with transaction.atomic():
        approved = insert_select(
            GroupMembership,
            ["shop_id", "customer_id", "group_id", "added_at", "added_by_id", "source"],
            select="%s, selected.customer_id, %s, %s, %s, %s",
            params=[
                shop.pk,
                group.pk,
                timezone.now(),
                actor.pk,
                GroupMembership.Source.REGISTRATION,
            ],
            source=requests.values("customer_id"),
            source_columns=["customer_id"],
            skip_conflicts_on=["shop_id", "customer_id", "group_id"],
        )
        requests.delete()
        record_audit_event(
            shop=shop, actor=actor, action="group.requests_approved", target=group, count=approved
        )
    return approved


def reject_group_requests(*, shop, actor, group, customers) -> int:
    """Remove the selected customers' requests to join `group`; they stay out of it."""
    require(actor, shop, Perm.CHANGE_GROUPS)
    require_of_shop(shop, group)
    with transaction.atomic():
        rejected, _per_model = requests_of_customers(shop, group, customers).delete()
        record_audit_event(
            shop=shop, actor=actor, action="group.requests_rejected", target=group, count=rejected
        )
    return rejected


# --- Pricing templates: how a group's prices are made ----------------------------------------

TEMPLATE_FIELDS = ["name", "base", "adjustment_percent", "min_margin_percent"]


def create_pricing_template(*, shop, actor, name, base, adjustment_percent, min_margin_percent):
    require(actor, shop, Perm.MANAGE_DISCOUNTS)
    _check_template(base, adjustment_percent, min_margin_percent)
    template = PricingTemplate(
        shop=shop,
        name=name,
        base=base,
        adjustment_percent=adjustment_percent,
        min_margin_percent=min_margin_percent,
    )
    with _template_name_kept_unique(name):
        template.save()
        record_audit_event(
            shop=shop,
            actor=actor,
            action="pricing_template.created",
            target=template,
            name=name,
        )
    return template


def update_pricing_template(
    *, shop, actor, template, name, base, adjustment_percent, min_margin_percent
):
    require(actor, shop, Perm.MANAGE_DISCOUNTS)
    require_of_shop(shop, template)
    _check_template(base, adjustment_percent, min_margin_percent)
    # The groups using it price differently from now on: the event keeps what it was.
    before = audit_text(template, TEMPLATE_FIELDS)
    template.name, template.base = name, base
    template.adjustment_percent = adjustment_percent
    template.min_margin_percent = min_margin_percent
    changed = changed_values(before, audit_text(template, TEMPLATE_FIELDS))
    with _template_name_kept_unique(name):
        template.save(update_fields=TEMPLATE_FIELDS)
        record_audit_event(
            shop=shop,
            actor=actor,
            action="pricing_template.updated",
            target=template,
            name=name,
            changed=changed,
        )
    return template


def _check_template(base, adjustment_percent, min_margin_percent) -> None:
    """The form says the same; a service is also called from elsewhere (imports, shells)."""
    if adjustment_percent < 0 or min_margin_percent < 0:
        raise ServiceError(_("Percentages of a pricing template are 0 or more."))
    if base == PricingTemplate.Base.LIST_PRICE and adjustment_percent > 100:
        raise ServiceError(_("A template cannot take more off the list price than 100 %."))


def delete_pricing_template(*, shop, actor, template) -> int:
    """Delete the template; the groups that used it price at the list price (the foreign
    key is SET NULL). Returns how many groups used it."""
    require(actor, shop, Perm.MANAGE_DISCOUNTS)
    require_of_shop(shop, template)
    with transaction.atomic():
        groups = groups_of_shop(shop).filter(pricing_template=template).count()
        record_audit_event(
            shop=shop,
            actor=actor,
            action="pricing_template.deleted",
            target=template,
            name=template.name,
            groups=groups,
        )
        template.delete()
    return groups


@contextmanager
def _template_name_kept_unique(name: str):
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if "pricingtemplate_unique_name" not in str(error):
            raise
        raise ServiceError(
            _("A pricing template named “%(name)s” exists already.") % {"name": name}
        ) from None
