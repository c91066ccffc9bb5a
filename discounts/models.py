from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shopadmin.models import ShopForeignKey, TenantModel


class Discount(TenantModel):
    class Kind(models.TextChoices):
        PERCENT = "percent", _("percentage")
        FIXED = "fixed", _("fixed amount")

    class Scope(models.TextChoices):
        CATALOGUE = "catalogue", _("whole catalogue")
        PRODUCTS = "products", _("chosen products")
        CATEGORIES = "categories", _("chosen categories")
        MANUFACTURERS = "manufacturers", _("chosen manufacturers")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("everyone")
        GROUPS = "groups", _("chosen groups")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=7, choices=Kind.choices)
    value = models.DecimalField(
        _("value"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    scope = models.CharField(
        _("applies to"), max_length=13, choices=Scope.choices, default=Scope.CATALOGUE
    )
    min_subtotal = models.DecimalField(
        _("minimum order subtotal"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    audience = models.CharField(
        _("audience"), max_length=8, choices=Audience.choices, default=Audience.EVERYONE
    )
    active_from = models.DateTimeField(_("active from"), null=True, blank=True)
    active_to = models.DateTimeField(_("active to"), null=True, blank=True)
    priority = models.IntegerField(_("priority"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("discount")
        verbose_name_plural = _("discounts")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="percent") | models.Q(value__lte=100),
                name="discount_percent_at_most_100",
            ),
            models.CheckConstraint(
                condition=models.Q(active_from__isnull=True)
                | models.Q(active_to__isnull=True)
                | models.Q(active_from__lt=models.F("active_to")),
                name="discount_from_before_to",
            ),
        ]
        indexes = [models.Index(fields=["shop", "is_active"], name="discount_active_idx")]

    def __str__(self):
        return self.name


# The targets of a discount. Explicit through tables, because every tenant table carries
# shop_id (Django's automatic many-to-many tables would not).
# A link to a row of an app below (a product, a group, a customer) goes when that row goes:
# the database deletes it (migration 0006, ON DELETE CASCADE), so those apps write no table
# of ours; hence DO_NOTHING here.


class DiscountProduct(TenantModel):
    discount = ShopForeignKey(Discount, on_delete=models.CASCADE, related_name="product_links")
    product = ShopForeignKey("catalog.Product", on_delete=models.DO_NOTHING, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "discount", "product"], name="discountproduct_unique"
            )
        ]
        indexes = [models.Index(fields=["shop", "product"], name="discountproduct_product_idx")]


class DiscountCategory(TenantModel):
    discount = ShopForeignKey(Discount, on_delete=models.CASCADE, related_name="category_links")
    category = ShopForeignKey("catalog.Category", on_delete=models.DO_NOTHING, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "discount", "category"], name="discountcategory_unique"
            )
        ]
        indexes = [models.Index(fields=["shop", "category"], name="discountcat_category_idx")]


class DiscountManufacturer(TenantModel):
    discount = ShopForeignKey(Discount, on_delete=models.CASCADE, related_name="manufacturer_links")
    manufacturer = ShopForeignKey(
        "catalog.Manufacturer", on_delete=models.DO_NOTHING, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "discount", "manufacturer"], name="discountmanufacturer_unique"
            )
        ]
        indexes = [models.Index(fields=["shop", "manufacturer"], name="discountmanuf_target_idx")]


class DiscountGroup(TenantModel):
    discount = ShopForeignKey(Discount, on_delete=models.CASCADE, related_name="group_links")
    group = ShopForeignKey("groups.CustomerGroup", on_delete=models.DO_NOTHING, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "discount", "group"], name="discountgroup_unique"
            )
        ]
        indexes = [models.Index(fields=["shop", "group"], name="discountgroup_group_idx")]


class Coupon(TenantModel):
    code = models.CharField(_("code"), max_length=40)
    discount = ShopForeignKey(Discount, on_delete=models.CASCADE, related_name="coupons")
    max_uses_total = models.PositiveIntegerField(_("uses in total"), null=True, blank=True)
    max_uses_per_customer = models.PositiveIntegerField(
        _("uses per customer"), null=True, blank=True
    )
    uses_count = models.PositiveIntegerField(_("used"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("coupon")
        verbose_name_plural = _("coupons")
        constraints = [
            # Codes are typed by people: "summer10" and "SUMMER10" are the same coupon.
            models.UniqueConstraint("shop", Upper("code"), name="coupon_unique_code"),
        ]
        indexes = [models.Index(fields=["shop", "discount"], name="coupon_discount_idx")]

    def __str__(self):
        return self.code


class CouponAssignment(TenantModel):
    coupon = ShopForeignKey(Coupon, on_delete=models.CASCADE, related_name="assignments")
    customer = ShopForeignKey(
        "customers.Customer", on_delete=models.DO_NOTHING, related_name="coupon_assignments"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uses_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "coupon", "customer"], name="couponassignment_unique"
            )
        ]
        indexes = [models.Index(fields=["shop", "customer"], name="couponassignment_customer_idx")]
