from catalog.models import Product


def products_for_sale(shop):
    return Product.objects.filter(shop=shop, is_active=True)
