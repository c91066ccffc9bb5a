"""Loyalty points changed by staff. Every change is a ledger entry; the balance on
CustomerStats moves in the same statement, under a row lock, and never goes below zero."""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.selectors import customers_of_shop
from shopadmin.permissions import Perm, require
from shopadmin.services import ServiceError, record_audit_event

ADD, SUBTRACT, SET = "add", "subtract", "set"

# The new balance, as SQL over the locked old one; %s is the number of points.
_NEW_BALANCE = {
    ADD: "old.points_balance + %s",
    SUBTRACT: "old.points_balance - %s",
    SET: "%s",
}


@dataclass(frozen=True)
class PointsChange:
    changed: int
    skipped: int  # would have gone below zero: left as they were


def adjust_points(*, shop, actor, customers, mode: str, points: int, reason: str) -> PointsChange:
    """Add, subtract or set the selected customers' points, with `reason` on each entry.

    One statement: lock the balances, update those that change and stay at or above zero,
    and write a ledger entry with each one's delta. Customers a subtraction would take below
    zero are skipped and counted.
    """
    require(actor, shop, Perm.ADJUST_POINTS)
    reason = " ".join(reason.split())
    if mode not in _NEW_BALANCE:
        raise ServiceError(_("Choose add, subtract or set."))
    if points < 0 or (points == 0 and mode != SET):
        raise ServiceError(_("Give a positive number of points."))
    if not reason:
        raise ServiceError(_("Give a reason: it is kept with every change."))
    selection = customers_of_shop(shop).filter(pk__in=customers.values("pk")).values("pk")
    selection_sql, selection_params = selection.query.sql_with_params()
    new_balance = _NEW_BALANCE[mode]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH old AS (
                SELECT customer_id, points_balance FROM customers_customerstats
                WHERE shop_id = %s AND customer_id IN ({selection_sql})
                FOR UPDATE
            ), changed AS (
                UPDATE customers_customerstats AS stats SET points_balance = {new_balance}
                FROM old
                WHERE stats.shop_id = %s AND stats.customer_id = old.customer_id
                  AND {new_balance} >= 0 AND {new_balance} <> old.points_balance
                RETURNING stats.customer_id, stats.points_balance - old.points_balance AS delta
            ), entries AS (
                INSERT INTO loyalty_pointsentry
                    (shop_id, customer_id, delta, reason, actor_id, created_at)
                SELECT %s, customer_id, delta, %s, %s, %s FROM changed
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM entries),
                   (SELECT count(*) FROM old WHERE {new_balance} < 0)
            """,
            [
                shop.pk, *selection_params,
                points, shop.pk, points, points,
                shop.pk, reason, actor.pk, timezone.now(),
                points,
            ],
        )  # fmt: skip
        changed, skipped = cursor.fetchone()
        record_audit_event(
            shop=shop, actor=actor, action=f"points.{mode}", count=changed,
            points=points, reason=reason, skipped=skipped,
        )  # fmt: skip
    return PointsChange(changed=changed, skipped=skipped)
