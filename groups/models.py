from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shopadmin.models import ShopForeignKey, TenantModel

HEX_COLOUR = RegexValidator(r"^#[0-9A-Fa-f]{6}$", _("Enter a colour as #RRGGBB, e.g. #1E88E5."))


class PricingTemplate(TenantModel):
    """How a group's prices are made: list price minus a %, or cost plus a %, never below
    cost plus the minimum margin."""

    class Base(models.TextChoices):
        LIST_PRICE = "list_price", _("list price minus a percentage")
        COST = "cost", _("cost plus a percentage")

    name = models.CharField(_("name"), max_length=100)
    base = models.CharField(_("based on"), max_length=10, choices=Base.choices)
    adjustment_percent = models.DecimalField(
        _("adjustment %"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    min_margin_percent = models.DecimalField(
        _("minimum margin over cost %"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("pricing template")
        verbose_name_plural = _("pricing templates")
        constraints = [
            models.UniqueConstraint(fields=["shop", "name"], name="pricingtemplate_unique_name"),
            models.CheckConstraint(
                condition=models.Q(min_margin_percent__gte=0),
                name="pricingtemplate_margin_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(adjustment_percent__gte=0)
                & (models.Q(base="cost") | models.Q(adjustment_percent__lte=100)),
                name="pricingtemplate_adjustment_range",
            ),
        ]

    def __str__(self):
        return self.name


class CustomerGroup(TenantModel):
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    tag_label = models.CharField(_("tag label"), max_length=30)
    tag_colour = models.CharField(
        _("tag colour"), max_length=7, default="#607D8B", validators=[HEX_COLOUR]
    )
    self_selectable = models.BooleanField(
        _("customers may choose this group at registration"), default=False
    )
    # A customer who chooses it asks to join (GroupRequest); staff approve or reject.
    needs_approval = models.BooleanField(
        _("joining by the customer's choice needs staff approval"), default=False
    )
    pricing_template = ShopForeignKey(
        PricingTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pricing template"),
    )
    extra_discount_percent = models.DecimalField(
        _("extra discount %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    tax_exempt = models.BooleanField(_("tax exempt"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("customer group")
        verbose_name_plural = _("customer groups")
        constraints = [
            models.UniqueConstraint("shop", Lower("name"), name="customergroup_unique_name"),
            models.CheckConstraint(
                condition=models.Q(tag_colour__regex=r"^#[0-9A-Fa-f]{6}$"),
                name="customergroup_tag_colour_hex",
            ),
            models.CheckConstraint(
                condition=models.Q(extra_discount_percent__gte=0, extra_discount_percent__lte=100),
                name="customergroup_extra_discount_range",
            ),
        ]
        indexes = [
            models.Index(fields=["shop", "pricing_template"], name="customergroup_template_idx")
        ]

    def __str__(self):
        return self.name

    @property
    def tag_text_colour(self) -> str:
        """Black or white, whichever reads better on the tag colour (WCAG relative luminance)."""
        return readable_text_colour(self.tag_colour)


def readable_text_colour(background: str) -> str:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(background[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    # Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05); pick the larger.
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#FFFFFF"


class GroupMembership(TenantModel):
    """A customer in a group. Guests cannot be members: the service refuses them and a
    database trigger (migration 0002) refuses them too."""

    class Source(models.TextChoices):
        REGISTRATION = "registration", _("registration")
        STAFF = "staff", _("staff")
        BULK = "bulk", _("bulk action")
        IMPORT = "import", _("import")

    customer = ShopForeignKey(
        # The database deletes the memberships of a deleted customer (migration 0004).
        "customers.Customer",
        on_delete=models.DO_NOTHING,
        related_name="group_memberships",
    )
    group = ShopForeignKey(CustomerGroup, on_delete=models.CASCADE, related_name="memberships")
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "customer", "group"], name="groupmembership_unique"
            )
        ]
        indexes = [models.Index(fields=["shop", "group", "customer"], name="membership_group_idx")]


class GroupRequest(TenantModel):
    """A customer's wish to join a group that needs approval: not a membership (no prices, no
    tag on the list) until staff approve it, which makes the membership and removes this."""

    customer = ShopForeignKey(
        # The database deletes the requests of a deleted customer (migration 0005).
        "customers.Customer",
        on_delete=models.DO_NOTHING,
        related_name="group_requests",
    )
    group = ShopForeignKey(CustomerGroup, on_delete=models.CASCADE, related_name="requests")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("group request")
        verbose_name_plural = _("group requests")
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "customer", "group"], name="grouprequest_unique"
            )
        ]
        indexes = [
            models.Index(fields=["shop", "group", "-requested_at"], name="grouprequest_group_idx")
        ]
