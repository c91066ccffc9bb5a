"""Loyalty points changed by staff. Every change is a ledger entry; the balance on
CustomerStanding moves in the same statement, under its row lock, and never goes below zero."""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shopadmin.permissions import Perm, require
from shopadmin.services import ServiceError, record_audit_event

ADD, SUBTRACT, SET = "add", "subtract", "set"

# Add or subtract: every balance moves by the same delta, so one UPDATE does it (its own row
# locks see concurrent changes) and the ledger rows all carry that delta. When subtracting,
# the skipped are the selected rows the UPDATE left alone: counted as the selection minus the
# changed, because a balance another change lowered meanwhile is re-checked by the UPDATE on
# its newest version but would still look high enough to a count of its own (the statement's
# snapshot). When adding nobody is skipped, and the CASE never runs the count.
_MOVE_BALANCES = """
WITH changed AS (
    UPDATE customers_customerstanding SET points_balance = points_balance + %s
    WHERE shop_id = %s AND customer_id IN ({selection}) AND points_balance + %s >= 0
    RETURNING customer_id
), entries AS (
    INSERT INTO loyalty_pointsentry (shop_id, customer_id, delta, reason, actor_id, created_at)
    SELECT %s, customer_id, %s, %s, %s, %s FROM changed
    RETURNING 1
)
SELECT changed.count,
       CASE WHEN %s < 0 THEN (
           SELECT count(*) FROM customers_customerstanding
           WHERE shop_id = %s AND customer_id IN ({selection})
       ) - changed.count ELSE 0 END
FROM (SELECT count(*) FROM entries) AS changed
"""

# Set: each delta depends on the old balance, so the balances are locked and read first.
_SET_BALANCES = """
WITH old AS (
    SELECT customer_id, points_balance FROM customers_customerstanding
    WHERE shop_id = %s AND customer_id IN ({selection})
    FOR UPDATE
), changed AS (
    UPDATE customers_customerstanding AS standing SET points_balance = %s
    FROM old
    WHERE standing.shop_id = %s AND standing.customer_id = old.customer_id
      AND old.points_balance <> %s
    RETURNING standing.customer_id, standing.points_balance - old.points_balance AS delta
), entries AS (
    INSERT INTO loyalty_pointsentry (shop_id, customer_id, delta, reason, actor_id, created_at)
    SELECT %s, customer_id, delta, %s, %s, %s FROM changed
    RETURNING 1
)
SELECT (SELECT count(*) FROM entries), 0
"""


@dataclass(frozen=True)
class PointsChange:
    changed: int
    skipped: int  # would have gone below zero: left as they were


def adjust_points(*, shop, actor, customers, mode: str, points: int, reason: str) -> PointsChange:
    """Add, subtract or set the selected customers' points, with `reason` on each entry.

    One statement: update the balances that change and stay at or above zero, and write a
    ledger entry with each one's delta. Customers a subtraction would take below zero are
    skipped and counted.
    """
    require(actor, shop, Perm.ADJUST_POINTS)
    reason = " ".join(reason.split())
    if mode not in (ADD, SUBTRACT, SET):
        raise ServiceError(_("Choose add, subtract or set."))
    if points < 0 or (points == 0 and mode != SET):
        raise ServiceError(_("Give a positive number of points."))
    if not reason:
        raise ServiceError(_("Give a reason: it is kept with every change."))
    # The standing rows' own shop_id scopes the selection, as in customers.services._set_status:
    # re-scoping the customers too would slow a large change (docs/decisions.md, 24).
    selection_sql, selection_params = customers.values("pk").query.sql_with_params()
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        if mode == SET:
            sql = _SET_BALANCES
            params = [
                shop.pk,
                *selection_params,
                points,
                shop.pk,
                points,  # lock, update
                shop.pk,
                reason,
                actor.pk,
                now,  # ledger
            ]
        else:
            sql = _MOVE_BALANCES
            delta = points if mode == ADD else -points
            params = [
                delta,
                shop.pk,
                *selection_params,
                delta,  # update
                shop.pk,
                delta,
                reason,
                actor.pk,
                now,  # ledger
                delta,
                shop.pk,
                *selection_params,  # skipped
            ]
        cursor.execute(sql.replace("{selection}", selection_sql), params)
        changed, skipped = cursor.fetchone()
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
