from django.db.models import Case, Q, Value, When
from django.shortcuts import get_object_or_404

from catalog.models import Product


def products_of_shop(shop):
    return Product.objects.filter(shop=shop)


def products_for_sale(shop):
    return Product.objects.filter(shop=shop, is_active=True)


def get_product_for_sale(shop, pk):
    """The shop's active product `pk`, with its category and manufacturer; 404 for an inactive
    product, another shop's and a missing one alike."""
    return get_object_or_404(
        products_for_sale(shop).select_related("category", "manufacturer"), pk=pk
    )


def products_for_sale_by_name(shop, name_contains: str = ""):
    """The shop's active products in name order (then id, so pages never overlap), those
    whose name contains `name_contains` in any case when it is given."""
    products = products_for_sale(shop)
    if name_contains.strip():
        products = products.filter(name__icontains=name_contains.strip())
    return products.order_by("name", "pk")


def product_suggestions(products, query: str, *, limit: int = 20):
    """Up to `limit` of `products` whose SKU starts with, or whose name contains, `query`
    (in any case): what a product box suggests as staff type. SKU matches come first (a
    typed SKU is never crowded out by names), then by name."""
    query = query.strip()
    matching = products.filter(Q(sku__istartswith=query) | Q(name__icontains=query))
    by_sku = Case(When(sku__istartswith=query, then=Value(0)), default=Value(1))
    return matching.order_by(by_sku, "name", "sku").values("sku", "name", "is_active")[:limit]
