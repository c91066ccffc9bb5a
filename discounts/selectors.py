"""Reads of discounts, coupons and pricing templates, always of one shop. Rows named by an id
in a URL or a form are fetched through the `get_*_for_shop` functions, which 404 for another
shop's id exactly as for a missing one."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Upper
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, Manufacturer
from catalog.selectors import products_of_shop
from discounts.models import (
    Coupon,
    CouponAssignment,
    Discount,
    DiscountCategory,
    DiscountGroup,
    DiscountManufacturer,
    DiscountProduct,
)

# --- Discounts ------------------------------------------------------------------------------


def discounts_of_shop(shop):
    return Discount.objects.filter(shop=shop)


def get_discount_for_shop(shop, pk):
    return get_object_or_404(discounts_of_shop(shop), pk=pk)


class Status:
    """Where a discount stands now: switched off, waiting for its start, over, or in force."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    SCHEDULED = "scheduled"
    ENDED = "ended"
    CHOICES = [
        (ACTIVE, _("active")),
        (SCHEDULED, _("scheduled")),
        (ENDED, _("ended")),
        (INACTIVE, _("inactive")),
    ]
    LABELS = dict(CHOICES)


def status_q(status: str, at=None) -> Q:
    """The discounts in `status` at the moment `at` (now), as a filter."""
    at = at or timezone.now()
    if status == Status.INACTIVE:
        return Q(is_active=False)
    if status == Status.SCHEDULED:
        return Q(is_active=True, active_from__gt=at)
    if status == Status.ENDED:
        return Q(is_active=True, active_to__lte=at)  # "from" comes before "to"
    return (
        Q(is_active=True)
        & (Q(active_from__isnull=True) | Q(active_from__lte=at))
        & (Q(active_to__isnull=True) | Q(active_to__gt=at))
    )


def status_of(discount, at=None) -> str:
    at = at or timezone.now()
    if not discount.is_active:
        return Status.INACTIVE
    if discount.active_from is not None and discount.active_from > at:
        return Status.SCHEDULED
    if discount.active_to is not None and discount.active_to <= at:
        return Status.ENDED
    return Status.ACTIVE


def _count_of(model, shop):
    """How many rows of a link table belong to the outer discount (a scalar subquery: joins
    of three link tables would multiply each other's rows)."""
    rows = (
        model.objects.filter(shop=shop, discount=OuterRef("pk"))
        .order_by()
        .values("discount")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def search_discounts(shop, discounts, q: str):
    """The discounts whose name, or one of whose coupon codes, contains `q` (any case)."""
    codes = Coupon.objects.filter(shop=shop, discount=OuterRef("pk"), code__icontains=q)
    return discounts.filter(Q(name__icontains=q) | Q(Exists(codes)))


def discount_list(shop):
    """The discounts page: newest first, with the number of each kind of target. The coupons
    and the audience's groups come with `with_coupons_and_groups`, for a page of them."""
    return (
        discounts_of_shop(shop)
        .annotate(
            products_count=_count_of(DiscountProduct, shop),
            categories_count=_count_of(DiscountCategory, shop),
            manufacturers_count=_count_of(DiscountManufacturer, shop),
        )
        .order_by("-created_at", "-pk")
    )


def with_coupons_and_groups(shop, discounts):
    """Prefetch each discount's coupons and the groups of its audience, of this shop only."""
    return discounts.prefetch_related(
        Prefetch("coupons", queryset=Coupon.objects.filter(shop=shop).order_by("pk")),
        Prefetch(
            "group_links",
            queryset=DiscountGroup.objects.filter(shop=shop)
            .filter(group__shop=shop)
            .select_related("group")
            .order_by("group__name"),
        ),
    )


def coupons_of_discount(shop, discount):
    return Coupon.objects.filter(shop=shop, discount=discount).order_by("pk")


def coupons_of_shop(shop):
    return Coupon.objects.filter(shop=shop, is_active=True)


def coupon_codes_taken(shop, codes, *, except_discount=None) -> set[str]:
    """Which of `codes` (in capitals) the shop's coupons have already, in any case; the
    coupons of `except_discount` (the one being edited) do not count."""
    coupons = Coupon.objects.filter(shop=shop).annotate(code_upper=Upper("code"))
    if except_discount is not None:
        coupons = coupons.exclude(discount=except_discount)
    return set(coupons.filter(code_upper__in=codes).values_list("code_upper", flat=True))


def coupon_holders_count(shop, discount) -> int:
    """How many customers hold one of the discount's coupons."""
    return (
        CouponAssignment.objects.filter(shop=shop, coupon__shop=shop, coupon__discount=discount)
        .values("customer")
        .distinct()
        .count()
    )


# --- What a discount applies to, and to whom -------------------------------------------------


def categories_of_shop(shop):
    return Category.objects.filter(shop=shop).select_related("parent").order_by("name", "pk")


def manufacturers_of_shop(shop):
    return Manufacturer.objects.filter(shop=shop).order_by("name", "pk")


def target_ids(shop, discount) -> dict[str, list[int]]:
    """The ids of the discount's chosen products, categories, manufacturers and groups."""
    links = {
        "products": (DiscountProduct, "product_id"),
        "categories": (DiscountCategory, "category_id"),
        "manufacturers": (DiscountManufacturer, "manufacturer_id"),
        "groups": (DiscountGroup, "group_id"),
    }
    return {
        name: list(
            model.objects.filter(shop=shop, discount=discount).values_list(column, flat=True)
        )
        for name, (model, column) in links.items()
    }


def skus_of_products(shop, ids) -> list[str]:
    products = products_of_shop(shop).filter(pk__in=ids).order_by("sku")
    return list(products.values_list("sku", flat=True))


def discounts_naming_group(shop, group) -> list[int]:
    """The ids of the discounts for chosen groups that name `group` (a discount left with no
    group reaches nobody: deleting the group says which)."""
    links = DiscountGroup.objects.filter(shop=shop, group=group)
    return sorted(links.values_list("discount_id", flat=True))


def coupons_of_customer(shop, customer):
    """The coupons given to the customer, newest first, each with its discount and uses."""
    assignments = CouponAssignment.objects.filter(shop=shop, customer=customer)
    return assignments.select_related("coupon__discount").order_by("-assigned_at", "-pk")
