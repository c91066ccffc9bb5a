from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shopadmin.models import ShopForeignKey, TenantModel


class Category(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    parent = ShopForeignKey("self", on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["shop", "parent", "name"], name="category_unique_name")
        ]

    def __str__(self):
        return self.name


class Manufacturer(TenantModel):
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("manufacturer")
        verbose_name_plural = _("manufacturers")
        constraints = [
            models.UniqueConstraint(fields=["shop", "name"], name="manufacturer_unique_name")
        ]

    def __str__(self):
        return self.name


class Product(TenantModel):
    sku = models.CharField(_("SKU"), max_length=64)
    name = models.CharField(_("name"), max_length=255)
    list_price_net = models.DecimalField(
        _("list price (net)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    cost = models.DecimalField(
        _("cost"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    vat_rate = models.DecimalField(
        _("VAT rate %"), max_digits=5, decimal_places=2, default=Decimal("23.00")
    )
    category = ShopForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True)
    manufacturer = ShopForeignKey(Manufacturer, on_delete=models.PROTECT, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["shop", "sku"], name="product_unique_sku"),
            models.CheckConstraint(
                condition=models.Q(list_price_net__gte=0, cost__gte=0),
                name="product_prices_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(vat_rate__gte=0, vat_rate__lte=100),
                name="product_vat_rate_range",
            ),
        ]
        indexes = [
            models.Index(fields=["shop", "name"], name="product_shop_name_idx"),
            models.Index(fields=["shop", "category"], name="product_category_idx"),
            models.Index(fields=["shop", "manufacturer"], name="product_manufacturer_idx"),
        ]

    def __str__(self):
        return f"{self.sku} {self.name}"
