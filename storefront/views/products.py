"""The product list and a product's page, priced for the visitor: a logged-in customer of this
shop sees their price (their groups' and the discounts for them), anyone else the price for
nobody in particular (the list price, less a discount for everyone). A page of products is
priced by one pass of the engine over all of them, with the rules read once."""

from django.core.paginator import Paginator
from django.shortcuts import render

from catalog.selectors import get_product_for_sale, products_for_sale_by_name
from customers.selectors import customer_of_user
from discounts.pricing import PricedProduct, load_price_rules, shelf_prices
from storefront.forms import ProductSearchForm
from storefront.views.common import shop_page

PRODUCTS_PER_PAGE = 24


def pricing_customer(request):
    """Whom the page prices for: the logged-in customer of this shop, unless blocked; else
    None, a guest (the middleware has made another shop's customer and staff anonymous)."""
    if not request.user.is_authenticated:
        return None
    customer = customer_of_user(shop=request.shop, user=request.user)
    if customer is None or customer.standing.is_blocked:
        return None
    return customer


def priced(shop, customer, products) -> list[tuple]:
    """Each of `products` with its ShelfPrice for `customer` (None: a guest): two queries for
    the rules and one engine pass, whatever the number of products."""
    products = list(products)
    rules = load_price_rules(shop, customer)
    prices = shelf_prices(rules, [PricedProduct.of(product) for product in products])
    return [(product, prices[product.pk]) for product in products]


@shop_page
def product_list(request):
    form = ProductSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    products = products_for_sale_by_name(request.shop, query)
    # get_page takes any ?page=: not a number gives the first page, past the end the last.
    page = Paginator(products, PRODUCTS_PER_PAGE).get_page(request.GET.get("page"))
    customer = pricing_customer(request)
    context = {
        "form": form,
        "query": query,
        "page": page,
        "items": priced(request.shop, customer, page),
        "priced_for_customer": customer is not None,
    }
    return render(request, "storefront/products.html", context)


@shop_page
def product_detail(request, pk):
    product = get_product_for_sale(request.shop, pk)
    customer = pricing_customer(request)
    ((_product, price),) = priced(request.shop, customer, [product])
    context = {"product": product, "price": price, "priced_for_customer": customer is not None}
    return render(request, "storefront/product.html", context)
