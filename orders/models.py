from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shopadmin.models import ShopForeignKey, TenantModel

MONEY = {"max_digits": 14, "decimal_places": 2, "default": Decimal("0")}


class Order(TenantModel):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        PAID = "paid", _("paid")
        SHIPPED = "shipped", _("shipped")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    number = models.CharField(_("number"), max_length=32)
    # Deleting a customer keeps their orders: the database clears this link itself
    # (migration 0003), so Django has nothing to do here.
    customer = ShopForeignKey(
        "customers.Customer",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="orders",
    )
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    currency = models.CharField(_("currency"), max_length=3)
    net = models.DecimalField(_("net"), **MONEY)
    tax = models.DecimalField(_("tax"), **MONEY)
    gross = models.DecimalField(_("gross"), **MONEY)
    discount_total = models.DecimalField(_("discount"), **MONEY)
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The code as the shop spells it, kept as it was when the order was placed: a coupon
    # removed later still shows on the orders that used it.
    coupon_code = models.CharField(_("coupon"), max_length=40, blank=True, db_default="")
    # The gross value in cents, kept by PostgreSQL, for the staff list's value range: numeric
    # comparisons are not leakproof, so under row-level security the planner may use neither
    # their statistics nor their index; bigint ones it may (decision 17).
    gross_cents = models.GeneratedField(
        expression=Cast(models.F("gross") * 100, models.BigIntegerField()),
        output_field=models.BigIntegerField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        constraints = [
            models.UniqueConstraint(fields=["shop", "number"], name="order_unique_number"),
            models.CheckConstraint(
                condition=models.Q(gross=models.F("net") + models.F("tax")),
                name="order_gross_is_net_plus_tax",
            ),
        ]
        indexes = [
            models.Index(fields=["shop", "customer", "-placed_at"], name="order_customer_idx"),
            # The staff list's sorts and filters, each index walked in the list's order with
            # the id as the tie-breaker, so a deep page is an index-only walk
            # (docs/performance.md, "the order list at five million").
            models.Index(fields=["shop", "-placed_at", "-id"], name="order_placed_idx"),
            models.Index(fields=["shop", "status", "-placed_at", "-id"], name="order_status_idx"),
            models.Index(
                fields=["shop", "account_manager", "-placed_at", "-id"], name="order_manager_idx"
            ),
            models.Index(fields=["shop", "gross_cents", "id"], name="order_gross_idx"),
            models.Index(
                fields=["shop", "-placed_at", "-id"],
                condition=~models.Q(coupon_code=""),
                name="order_coupon_idx",
            ),
        ]

    def __str__(self):
        return self.number


class OrderLine(TenantModel):
    order = ShopForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = ShopForeignKey(
        "catalog.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sku = models.CharField(_("SKU"), max_length=64)
    name = models.CharField(_("name"), max_length=255)
    quantity = models.PositiveIntegerField(_("quantity"))
    # What the product cost before any rule, and the rule that decided the price paid (the
    # price engine's "why this price"), kept as they were when the order was placed.
    list_price_net = models.DecimalField(
        _("list price (net)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    price_rule = models.CharField(_("price rule"), max_length=255, blank=True, db_default="")
    unit_price_net = models.DecimalField(_("unit price (net)"), max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate %"), max_digits=5, decimal_places=2)
    discount = models.DecimalField(_("discount"), **MONEY)
    line_net = models.DecimalField(_("net"), **MONEY)
    line_tax = models.DecimalField(_("tax"), **MONEY)
    line_gross = models.DecimalField(_("gross"), **MONEY)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        indexes = [
            models.Index(fields=["shop", "order"], name="orderline_order_idx"),
            models.Index(fields=["shop", "product"], name="orderline_product_idx"),
        ]
