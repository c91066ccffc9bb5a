"""Loyalty points changed by staff. Every change is a ledger entry; the balance on
CustomerStanding moves in the same transaction, under its row lock, and never goes below zero."""

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import CustomerStanding
from customers.selectors import customers_of_shop
from customers.services import move_points_balances
from loyalty.models import LoyaltyRule, PointsEntry
from loyalty.selectors import active_rule
from orders.selectors import orders_of_shop
from shopadmin.permissions import Perm, require
from shopadmin.services import ServiceError, record_audit_event

ADD, SUBTRACT, SET = "add", "subtract", "set"

# The ledger entries of the balances that moved, in one INSERT: the customers and their
# deltas arrive as two arrays, read in step by unnest.
_LEDGER = """
INSERT INTO loyalty_pointsentry (shop_id, customer_id, delta, reason, actor_id, created_at)
SELECT %s, moved.customer_id, moved.delta, %s, %s, %s
FROM unnest(%s::bigint[], %s::integer[]) AS moved (customer_id, delta)
"""


@dataclass(frozen=True)
class PointsChange:
    changed: int
    skipped: int  # would have gone below zero: left as they were


def adjust_points(*, shop, actor, customers, mode: str, points: int, reason: str) -> PointsChange:
    """Add, subtract or set the selected customers' points, with `reason` on each entry.

    The balances that change and stay at or above zero move (customers'
    `move_points_balances`), and each gets a ledger entry with its delta, in one
    transaction. Customers a subtraction would take below zero are skipped and counted.
    """
    require(actor, shop, Perm.ADJUST_POINTS)
    reason = " ".join(reason.split())
    if mode not in (ADD, SUBTRACT, SET):
        raise ServiceError(_("Choose add, subtract or set."))
    if points < 0 or (points == 0 and mode != SET):
        raise ServiceError(_("Give a positive number of points."))
    if not reason:
        raise ServiceError(_("Give a reason: it is kept with every change."))
    with transaction.atomic():
        # The balances live on the customer's standing row, written by customers' service;
        # the ledger is ours. Both in this transaction, so neither stands without the other.
        moved = move_points_balances(
            shop=shop,
            actor=actor,
            customers=customers,
            set_to=points if mode == SET else None,
            delta={ADD: points, SUBTRACT: -points}.get(mode, 0),
        )
        with connection.cursor() as cursor:
            cursor.execute(
                _LEDGER,
                [shop.pk, reason, actor.pk, timezone.now(), moved.customer_ids, moved.deltas],
            )
        changed, skipped = len(moved.customer_ids), moved.skipped
        record_audit_event(
            shop=shop,
            actor=actor,
            action=f"points.{mode}",
            count=changed,
            points=points,
            reason=reason,
            skipped=skipped,
        )
    return PointsChange(changed=changed, skipped=skipped)


# --- Points that orders earn ----------------------------------------------------------------

MAX_POINTS_PER_UNIT = 100
# What one order may earn at most: a balance is a 32-bit integer.
MAX_ORDER_POINTS = 1_000_000_000

# How far along an order is, to compare with the status its points are earned at.
_PROGRESS = ["new", "paid", "shipped", "completed"]


def set_loyalty_rule(*, shop, actor, points_per_unit, earns_at: str, rounding: str) -> LoyaltyRule:
    """Make a new rule the shop's one active rule; the old one stays, inactive, for the record
    (orders already settled keep the points they earned under it)."""
    require(actor, shop, Perm.MANAGE_DISCOUNTS)
    if not 0 <= points_per_unit <= MAX_POINTS_PER_UNIT:
        raise ServiceError(_("Points per unit are between 0 and 100."))
    if earns_at not in LoyaltyRule.EarnsAt.values or rounding not in LoyaltyRule.Rounding.values:
        raise ServiceError(_("Choose when points are earned and how they are rounded."))
    try:
        return _replace_rule(shop, actor, points_per_unit, earns_at, rounding)
    except IntegrityError:  # another rule saved at the same moment (one active rule per shop)
        raise ServiceError(
            _("Someone saved a rule at the same moment: look, then save again.")
        ) from None


def _replace_rule(shop, actor, points_per_unit, earns_at, rounding) -> LoyaltyRule:
    with transaction.atomic():
        LoyaltyRule.objects.filter(shop=shop, is_active=True).update(is_active=False)
        rule = LoyaltyRule.objects.create(
            shop=shop,
            name=_("Points per unit"),
            points_per_unit=points_per_unit,
            earns_at=earns_at,
            rounding=rounding,
        )
        record_audit_event(
            shop=shop,
            actor=actor,
            action="loyalty.rule_set",
            target=rule,
            points_per_unit=str(points_per_unit),
            earns_at=earns_at,
            rounding=rounding,
        )
    return rule


def _reached(status: str, earns_at: str) -> bool:
    return _PROGRESS.index(status) >= _PROGRESS.index(earns_at)


def points_for(order, rule) -> int:
    """What `order` earns under `rule`: its gross value times the points per unit, rounded as
    the rule says."""
    exact = Decimal(order.gross) * rule.points_per_unit
    mode = ROUND_FLOOR if rule.rounding == LoyaltyRule.Rounding.DOWN else ROUND_HALF_UP
    return int(exact.quantize(Decimal(1), rounding=mode))


def settle_order_points(*, shop, actor, order) -> int:
    """The points an order gives its customer: once it reaches the active rule's status it
    earns them (once: what it earned under an earlier rule stays), and once cancelled it gives
    back what it earned, as far as the balance goes. Called in the transaction that changed the
    order's status; running it again changes nothing, since it compares with the order's own
    ledger entries. Returns the delta."""
    order = orders_of_shop(shop).get(pk=order.pk)  # as it is now, not as the caller last saw it
    if order.customer_id is None:
        return 0
    with transaction.atomic():
        # The customer's standing row, locked: two settlements of one customer queue here.
        standing = (
            CustomerStanding.objects.select_for_update()
            .filter(shop=shop, customer_id=order.customer_id)
            .first()
        )
        entries = PointsEntry.objects.filter(shop=shop, order=order)
        earned = entries.aggregate(total=Sum("delta"))["total"] or 0
        rule = active_rule(shop)
        if order.status == "cancelled":
            delta = -min(earned, standing.points_balance if standing else 0)
        elif rule and not entries.exists() and _reached(order.status, rule.earns_at):
            delta = points_for(order, rule)
        else:
            delta = 0
        if delta == 0:
            return 0
        if abs(delta) > MAX_ORDER_POINTS:
            raise ServiceError(_("This order would earn more points than a balance can hold."))
        customers = customers_of_shop(shop).filter(pk=order.customer_id)
        moved = move_points_balances(shop=shop, actor=actor, customers=customers, delta=delta)
        if not moved.customer_ids:
            return 0
        if delta > 0:
            reason = _("Earned by order %(number)s") % {"number": order.number}
        else:
            reason = _("Taken back: order %(number)s was cancelled") % {"number": order.number}
        PointsEntry.objects.create(
            shop=shop,
            customer_id=order.customer_id,
            order=order,
            delta=delta,
            reason=reason,
            actor=actor,
        )
        record_audit_event(
            shop=shop,
            actor=actor,
            action="points.order_settled",
            target=order,
            count=1,
            delta=delta,
        )
    return delta
