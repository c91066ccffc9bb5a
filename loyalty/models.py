from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shopadmin.models import ShopForeignKey, TenantModel


class LoyaltyRule(TenantModel):
    name = models.CharField(_("name"), max_length=100)
    points_per_unit = models.DecimalField(
        _("points per unit of currency"),
        max_digits=8,
        decimal_places=4,
        default=Decimal("1"),
        validators=[MinValueValidator(0)],
    )

    class EarnsAt(models.TextChoices):
        """The order status from which an order has earned its points."""

        PAID = "paid", _("paid")
        SHIPPED = "shipped", _("shipped")
        COMPLETED = "completed", _("completed")

    class Rounding(models.TextChoices):
        DOWN = "down", _("down to a whole point")
        NEAREST = "nearest", _("to the nearest whole point")

    earns_at = models.CharField(
        _("earned when the order is"),
        max_length=10,
        choices=EarnsAt.choices,
        default=EarnsAt.COMPLETED,
        db_default=EarnsAt.COMPLETED,
    )
    rounding = models.CharField(
        _("rounding"),
        max_length=10,
        choices=Rounding.choices,
        default=Rounding.DOWN,
        db_default=Rounding.DOWN,
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("loyalty rule")
        verbose_name_plural = _("loyalty rules")
        constraints = [
            # One rule earns points at a time; older rules stay for the record.
            models.UniqueConstraint(
                fields=["shop"], condition=models.Q(is_active=True), name="loyaltyrule_one_active"
            )
        ]


class PointsEntry(TenantModel):
    """The append-only points ledger. The balance on CustomerStanding is the sum of the deltas.

    `idempotency_key` makes a retried job harmless: the same key cannot earn points twice.
    The runtime role may insert and read entries but not change or delete them.
    """

    # Empty once the customer is deleted: the database clears it (migration 0003), and the
    # entry stays, as every ledger entry does.
    customer = ShopForeignKey(
        "customers.Customer",
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="points_entries",
    )
    delta = models.IntegerField(_("points"))
    reason = models.CharField(_("reason"), max_length=255)
    order = ShopForeignKey(
        "orders.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "idempotency_key"], name="pointsentry_unique_idempotency_key"
            ),
            models.CheckConstraint(condition=~models.Q(delta=0), name="pointsentry_delta_not_zero"),
        ]
        indexes = [
            models.Index(
                fields=["shop", "customer", "-created_at"], name="pointsentry_customer_idx"
            ),
            models.Index(fields=["shop", "order"], name="pointsentry_order_idx"),
        ]
