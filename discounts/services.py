"""Coupons created and given by staff. Giving is set-based: one INSERT ... SELECT whatever the
number of customers; a customer who has the coupon already keeps their one assignment."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.selectors import selected_customers
from discounts.models import Coupon, Discount
from shopadmin.permissions import Perm, require, require_of_shop
from shopadmin.services import ServiceError, record_audit_event


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
    select_sql, select_params = selection.values("pk").query.sql_with_params()
    with transaction.atomic():
        total = selection.count()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO discounts_couponassignment "
                "(shop_id, coupon_id, customer_id, assigned_at, assigned_by_id, uses_count) "
                "SELECT %s, %s, selected.customer_id, %s, %s, 0 "
                f"FROM ({select_sql}) AS selected(customer_id) "
                "ON CONFLICT (shop_id, coupon_id, customer_id) DO NOTHING",
                [shop.pk, coupon.pk, timezone.now(), actor.pk, *select_params],
            )
            given = cursor.rowcount
        record_audit_event(
            shop=shop, actor=actor, action="coupon.given", target=coupon, count=given
        )
    return CouponGiven(given=given, had_it=total - given)
