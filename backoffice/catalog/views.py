"""Product suggestions for the staff pages' product boxes (order entry, the price preview, a
discount's products): the shop's own products only, as JSON, while staff type."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from backoffice.decorators import staff_view
from catalog.selectors import product_suggestions, products_for_sale, products_of_shop

MIN_QUERY_LENGTH = 2


@staff_view()
def product_suggestions_json(request):
    """?q=… (2 characters or more); &all=1 includes products that are not for sale (a
    discount may name one before it goes on sale)."""
    query = request.GET.get("q", "").strip()
    if len(query) < MIN_QUERY_LENGTH:
        return JsonResponse({"products": []})
    if request.GET.get("all") == "1":
        products = products_of_shop(request.shop)
    else:
        products = products_for_sale(request.shop)
    found = [
        {"sku": product["sku"], "label": _label(product)}
        for product in product_suggestions(products, query)
    ]
    return JsonResponse({"products": found})


def _label(product: dict) -> str:
    """ "SKU · name", as the product boxes take it (what follows the SKU is ignored)."""
    if product["is_active"]:
        return f"{product['sku']} · {product['name']}"
    return _("%(sku)s · %(name)s (not for sale)") % product
