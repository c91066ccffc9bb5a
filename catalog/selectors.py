from django.db.models import Case, Q, Value, When

from catalog.models import Product


def products_of_shop(shop):
    return Product.objects.filter(shop=shop)


def products_for_sale(shop):
    return Product.objects.filter(shop=shop, is_active=True)


def product_suggestions(products, query: str, *, limit: int = 20):
    """Up to `limit` of `products` whose SKU starts with, or whose name contains, `query`
    (in any case): what a product box suggests as staff type. SKU matches come first (a
    typed SKU is never crowded out by names), then by name."""
    query = query.strip()
    matching = products.filter(Q(sku__istartswith=query) | Q(name__icontains=query))
    by_sku = Case(When(sku__istartswith=query, then=Value(0)), default=Value(1))
    return matching.order_by(by_sku, "name", "sku").values("sku", "name", "is_active")[:limit]
