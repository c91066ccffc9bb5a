"""Discounts, coupons and pricing templates, as staff create, change and delete them.

Giving a coupon is set-based: one INSERT ... SELECT whatever the number of customers; a
customer who has the coupon already keeps their one assignment. A discount's targets and
groups are replaced with one DELETE and one INSERT per link table."""

from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from customers.selectors import selected_customers
from discounts.models import (
    Coupon,
    CouponAssignment,
    Discount,
    DiscountCategory,
    DiscountGroup,
    DiscountManufacturer,
    DiscountProduct,
)
from discounts.selectors import Status, discounts_naming_group, status_q
from groups import services as group_services
from shopadmin.permissions import Perm, require, require_of_shop
from shopadmin.querying import insert_select
from shopadmin.services import ServiceError, audit_text, changed_values, record_audit_event

ZERO, HUNDRED = Decimal("0"), Decimal("100")


def create_percent_coupon(*, shop, actor, code: str, percent: Decimal) -> Coupon:
    """A coupon for `percent` off the whole catalogue, for everyone who holds the code."""
    require(actor, shop, Perm.MANAGE_DISCOUNTS)
    code = code.strip()
    if not code or len(code) > Coupon._meta.get_field("code").max_length or " " in code:
        raise ServiceError(_("A coupon code is 1 to 40 characters without spaces."))
    if not Decimal("0") < percent <= Decimal("100"):
        raise ServiceError(_("A percentage is more than 0 and at most 100."))
    try:
        with transaction.atomic():
            discount = Discount.objects.create(
                shop=shop,
                name=_("Coupon %(code)s") % {"code": code},
                kind=Discount.Kind.PERCENT,
                value=percent,
            )
            coupon = Coupon.objects.create(shop=shop, discount=discount, code=code)
    except IntegrityError:
        raise ServiceError(
            _("The coupon code “%(code)s” exists already.") % {"code": code}
        ) from None
    record_audit_event(shop=shop, actor=actor, action="coupon.created", target=coupon)
    return coupon


@dataclass(frozen=True)
class CouponGiven:
    given: int
    had_it: int


def give_coupon(*, shop, actor, customers, coupon: Coupon) -> CouponGiven:
    """Assign the coupon to each selected customer who does not hold it yet."""
    require(actor, shop, Perm.MANAGE_DISCOUNTS)
    require_of_shop(shop, coupon)
    selection = selected_customers(shop, customers)
    with transaction.atomic():
        total = selection.count()
        given = insert_select(
            CouponAssignment,
            ["shop_id", "coupon_id", "customer_id", "assigned_at", "assigned_by_id", "uses_count"],
            select="%s, %s, selected.customer_id, %s, %s, 0",
            params=[shop.pk, coupon.pk, timezone.now(), actor.pk],
            source=selection.values("pk"),
            source_columns=["customer_id"],
            skip_conflicts_on=["shop_id", "coupon_id", "customer_id"],
        )
        record_audit_event(
            shop=shop, actor=actor, action="coupon.given", target=coupon, count=given
        )
    return CouponGiven(given=given, had_it=total - given)


# --- Discounts edited on their pages ---------------------------------------------------------


@dataclass(frozen=True)
class DiscountData:
    """What a discount is, as the discount form gives it: rows are this shop's (the form's
    choices are the shop's querysets) and the service checks that again."""

    name: str
    kind: str
    value: Decimal
    scope: str = Discount.Scope.CATALOGUE
    products: tuple = ()
    categories: tuple = ()
    manufacturers: tuple = ()
    min_subtotal: Decimal | None = None
    audience: str = Discount.Audience.EVERYONE
    groups: tuple = ()
    active_from: datetime | None = None
    active_to: datetime | None = None
    priority: int = 0
    is_active: bool = True

    def targets(self) -> dict:
        """The target rows that stay, by link table: only the chosen scope's (and the groups
        only for a groups audience); every other link of the discount is removed."""
        chosen = {
            DiscountProduct: (self.scope == Discount.Scope.PRODUCTS, "product", self.products),
            DiscountCategory: (
                self.scope == Discount.Scope.CATEGORIES,
                "category",
                self.categories,
            ),
            DiscountManufacturer: (
                self.scope == Discount.Scope.MANUFACTURERS,
                "manufacturer",
                self.manufacturers,
            ),
            DiscountGroup: (self.audience == Discount.Audience.GROUPS, "group", self.groups),
        }
        return {
            model: (field, rows if used else ()) for model, (used, field, rows) in chosen.items()
        }


@dataclass(frozen=True)
class CouponData:
    """A coupon code of a discount: `id` names one it has (to change), None a new one."""

    code: str
    max_uses_total: int | None = None
    max_uses_per_customer: int | None = None
    is_active: bool = True
    id: int | None = None


DISCOUNT_FIELDS = [
    "name",
    "kind",
    "value",
    "scope",
    "min_subtotal",
    "audience",
    "active_from",
    "active_to",
    "priority",
    "is_active",
]
COUPON_FIELDS = ["code", "max_uses_total", "max_uses_per_customer", "is_active"]


def create_discount(*, shop, actor, data: DiscountData, coupons: Sequence[CouponData] = ()):
    """A new discount with its targets, its audience's groups and its coupon codes, if any
    (with codes, it applies only to those who give one)."""
    require(actor, shop, Perm.MANAGE_DISCOUNTS)
    _check_discount(shop, data)
    discount = Discount(shop=shop, **_fields(data, DISCOUNT_FIELDS))
    with _codes_kept_unique(coupons):
        discount.save()
        _replace_targets(shop, discount, data)
        coupon_changes = _save_coupons(shop, discount, coupons, remove=())
        record_audit_event(
            shop=shop,
            actor=actor,
            action="discount.created",
            target=discount,
            **_audit_data(data),
            **coupon_changes,
        )
    return discount


def update_discount(
    *,
    shop,
    actor,
    discount,
    data: DiscountData,
    coupons: Sequence[CouponData] = (),
    remove_coupons: Sequence[int] = (),
):
    """Change the discount and replace its targets and groups. Its coupons: those given with
    an id are changed in place (keeping their uses), those without are added, the ids in
    `remove_coupons` are deleted (with who holds them); any other stays as it is."""
    require(actor, shop, Perm.MANAGE_DISCOUNTS)
    require_of_shop(shop, discount)
    _check_discount(shop, data)
    # What it was, for the audit: prices change for everyone the discount reaches.
    before = audit_text(discount, DISCOUNT_FIELDS)
    for name in DISCOUNT_FIELDS:
        setattr(discount, name, getattr(data, name))
    changed = changed_values(before, audit_text(discount, DISCOUNT_FIELDS))
    with _codes_kept_unique(coupons):
        discount.save(update_fields=DISCOUNT_FIELDS)
        _replace_targets(shop, discount, data)
        coupon_changes = _save_coupons(shop, discount, coupons, remove=remove_coupons)
        record_audit_event(
            shop=shop,
            actor=actor,
            action="discount.updated",
            target=discount,
            changed=changed,
            **_audit_data(data),
            **coupon_changes,
        )
    return discount


def set_discount_active(*, shop, actor, discount, active: bool) -> Discount:
    """Switch a discount on or off (its dates, targets and coupons stay)."""
    require(actor, shop, Perm.MANAGE_DISCOUNTS)
    require_of_shop(shop, discount)
    with transaction.atomic():
        Discount.objects.filter(shop=shop, pk=discount.pk).update(is_active=active)
        discount.is_active = active
        action = "discount.activated" if active else "discount.deactivated"
        record_audit_event(shop=shop, actor=actor, action=action, target=discount)
    return discount


def delete_discount(*, shop, actor, discount) -> None:
    """Delete the discount with its targets and coupons (and who holds them)."""
    require(actor, shop, Perm.MANAGE_DISCOUNTS)
    require_of_shop(shop, discount)
    with transaction.atomic():
        record_audit_event(
            shop=shop,
            actor=actor,
            action="discount.deleted",
            target=discount,
            name=discount.name,
        )
        discount.delete()


def delete_group(*, shop, actor, group) -> int:
    """Delete a customer group: first out of the discounts for chosen groups that name it
    (its event names them: one left with no group reaches nobody), then the group itself
    with `groups.services.delete_group`. Returns how many customers lost the group."""
    require(actor, shop, Perm.MANAGE_GROUPS)
    require_of_shop(shop, group)
    with transaction.atomic():
        if discounts := discounts_naming_group(shop, group):
            DiscountGroup.objects.filter(shop=shop, group=group).delete()
            record_audit_event(
                shop=shop,
                actor=actor,
                action="discounts.group_removed",
                target=group,
                count=len(discounts),
                discounts=discounts,
            )
        return group_services.delete_group(shop=shop, actor=actor, group=group)


def _check_discount(shop, data: DiscountData) -> None:
    """What the form checks already, checked again for any other caller."""
    if data.kind == Discount.Kind.PERCENT and not ZERO < data.value <= HUNDRED:
        raise ServiceError(_("A percentage is more than 0 and at most 100."))
    if data.kind == Discount.Kind.FIXED and not data.value > ZERO:
        raise ServiceError(_("A fixed amount is more than 0."))
    if data.active_from and data.active_to and data.active_from >= data.active_to:
        raise ServiceError(_("The end must come after the start."))
    targets = data.targets()
    for _field, rows in targets.values():
        require_of_shop(shop, *rows)
    scope_rows = [rows for model, (_f, rows) in targets.items() if model is not DiscountGroup]
    if data.scope != Discount.Scope.CATALOGUE and not any(scope_rows):
        raise ServiceError(_("Choose at least one thing the discount applies to."))
    if data.audience == Discount.Audience.GROUPS and not data.groups:
        raise ServiceError(_("Choose at least one group."))


def _replace_targets(shop, discount, data: DiscountData) -> None:
    """Per link table: one DELETE of the links no longer chosen, one INSERT of the new ones."""
    for model, (field, rows) in data.targets().items():
        ids = {row.pk for row in rows}
        model.objects.filter(shop=shop, discount=discount).exclude(
            **{f"{field}_id__in": ids}
        ).delete()
        model.objects.bulk_create(
            [model(shop=shop, discount=discount, **{f"{field}_id": pk}) for pk in sorted(ids)],
            ignore_conflicts=True,
        )


def _fields(data, names) -> dict:
    return {name: getattr(data, name) for name in names}


def _save_coupons(shop, discount, coupons: Sequence[CouponData], *, remove) -> dict:
    """One DELETE of the removed codes, one UPDATE of the changed ones and one INSERT of the
    new ones, whatever their number. Returns what changed, for the audit event."""
    own = {coupon.pk: coupon for coupon in Coupon.objects.filter(shop=shop, discount=discount)}
    own_codes = {pk: coupon.code for pk, coupon in own.items()}
    named = [coupon.id for coupon in coupons if coupon.id is not None] + list(remove)
    if any(pk not in own for pk in named):
        raise ServiceError(_("Only the discount's own coupons can be changed or removed."))
    removed = sorted(own[pk].code for pk in set(remove))
    Coupon.objects.filter(shop=shop, discount=discount, pk__in=remove).delete()
    to_update, changes = [], {}
    for data in coupons:
        if data.id is None:
            continue
        coupon = own[data.id]
        before = audit_text(coupon, COUPON_FIELDS)
        for name in COUPON_FIELDS:
            setattr(coupon, name, getattr(data, name))
        if changed := changed_values(before, audit_text(coupon, COUPON_FIELDS)):
            to_update.append(coupon)
            changes[before["code"]] = changed
    # Codes are unique as they are written, row by row: codes swapped or renamed in a chain
    # (A→B, B→C) first step aside to " <id>", which no real code (no spaces) can be.
    renamed = [coupon.pk for coupon in to_update if coupon.code != own_codes[coupon.pk]]
    Coupon.objects.filter(shop=shop, pk__in=renamed).update(
        code=Concat(Value(" "), Cast("pk", output_field=CharField()))
    )
    Coupon.objects.filter(shop=shop).bulk_update(to_update, COUPON_FIELDS)
    added = Coupon.objects.bulk_create(
        Coupon(shop=shop, discount=discount, **_fields(data, COUPON_FIELDS))
        for data in coupons
        if data.id is None
    )
    events = {
        "coupons_added": [coupon.code for coupon in added],
        "coupons_changed": changes,
        "coupons_removed": removed,
    }
    return {name: value for name, value in events.items() if value}


@contextmanager
def _codes_kept_unique(coupons: Sequence[CouponData]):
    """One transaction; a coupon code taken meanwhile is a ServiceError, not a crash."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if "coupon_unique_code" not in str(error):
            raise
        codes = ", ".join(f"“{coupon.code}”" for coupon in coupons)
        message = ngettext(
            "The coupon code %(codes)s exists already in this shop.",
            "One of the coupon codes %(codes)s exists already in this shop.",
            len(coupons),
        )
        raise ServiceError(message % {"codes": codes}) from None


def _audit_data(data: DiscountData) -> dict:
    return {
        "name": data.name,
        "kind": data.kind,
        "value": str(data.value),
        "scope": data.scope,
        "targets": sum(len(rows) for _f, rows in data.targets().values()),
    }


# --- Redeeming a coupon ---------------------------------------------------------------------


def redeem_coupon(*, shop, coupon_id: int, customer) -> None:
    """Count one use of the coupon by `customer`, within its limits, inside the caller's
    transaction (the order's). Conditional updates: two orders racing for the last use cannot
    both have it, and a coupon or discount switched off since the quote is not used; the loser
    gets a ServiceError and its order is not placed."""
    require_of_shop(shop, customer)
    applies_now = Discount.objects.filter(shop=shop).filter(status_q(Status.ACTIVE))
    used = (
        Coupon.objects.filter(shop=shop, pk=coupon_id, is_active=True, discount__in=applies_now)
        .filter(Q(max_uses_total__isnull=True) | Q(uses_count__lt=F("max_uses_total")))
        .update(uses_count=F("uses_count") + 1)
    )
    coupon = Coupon.objects.filter(shop=shop, pk=coupon_id).first()
    if coupon is None:  # removed since the quote
        raise ServiceError(_("The coupon given has been removed from the shop meanwhile."))
    if not used:
        if coupon.is_active and applies_now.filter(pk=coupon.discount_id).exists():
            message = _("The coupon “%(code)s” has been used up.")
        else:
            message = _("The coupon “%(code)s” does not apply now.")
        raise ServiceError(message % {"code": coupon.code})
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO discounts_couponassignment "
            "(shop_id, coupon_id, customer_id, assigned_at, uses_count) "
            "VALUES (%s, %s, %s, %s, 1) "
            "ON CONFLICT (shop_id, coupon_id, customer_id) DO UPDATE "
            "SET uses_count = discounts_couponassignment.uses_count + 1 "
            "WHERE %s::integer IS NULL OR discounts_couponassignment.uses_count < %s::integer",
            [
                shop.pk,
                coupon_id,
                customer.pk,
                timezone.now(),
                coupon.max_uses_per_customer,
                coupon.max_uses_per_customer,
            ],
        )
        if cursor.rowcount == 0:
            message = _("This customer has used the coupon “%(code)s” as often as it allows.")
            raise ServiceError(message % {"code": coupon.code})
