from django.db.models import Q

from catalog.models import Product


def products_of_shop(shop):
    return Product.objects.filter(shop=shop)


def products_for_sale(shop):
    return Product.objects.filter(shop=shop, is_active=True)


def product_suggestions(products, query: str, *, limit: int = 20):
    """Up to `limit` of `products` whose SKU starts with, or whose name contains, `query`
    (in any case), by name: what a product box suggests as staff type."""
    query = query.strip()
    matching = products.filter(Q(sku__istartswith=query) | Q(name__icontains=query))
    return matching.order_by("name", "sku").values("sku", "name", "is_active")[:limit]
