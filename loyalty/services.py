"""Loyalty points changed by staff. Every change is a ledger entry; the balance on
CustomerStanding moves in the same transaction, under its row lock, and never goes below zero."""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.services import move_points_balances
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
