from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backoffice.decorators import staff_view
from backoffice.navigation import next_url
from backoffice.orders.filters import OrderFilter
from backoffice.orders.forms import OrderCouponForm, OrderLineFormSet
from backoffice.paging import list_page, page_number, page_size
from catalog.selectors import products_for_sale
from customers.selectors import get_customer_for_shop
from orders.models import Order
from orders.selectors import (
    get_order_for_shop,
    lines_of_order,
    order_rows,
    orders_of_shop,
    status_history_of_order,
)
from orders.services import NEXT_STATUSES, change_order_status, place_order
from shopadmin.money import format_money
from shopadmin.permissions import Perm, can
from shopadmin.services import ServiceError

PRODUCT_SUGGESTIONS = 500  # the SKU box suggests this many; any SKU of the shop can be typed


@staff_view(Perm.EDIT_ORDERS)
def order_create(request, customer_pk):
    """Enter an order for a customer (the customer list's "add order")."""
    customer = get_customer_for_shop(request.shop, customer_pk)
    products = products_for_sale(request.shop)
    card = reverse("staff:customer_card", args=[customer.pk])
    formset = OrderLineFormSet(request.POST or None, products=products, prefix="lines")
    coupon_form = OrderCouponForm(request.POST or None)
    if request.method == "POST" and formset.is_valid() and coupon_form.is_valid():
        try:
            order = place_order(
                shop=request.shop,
                actor=request.user,
                customer=customer,
                lines=formset.line_requests(),
                coupon_code=coupon_form.cleaned_data["coupon_code"],
            )
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Order %(number)s for %(name)s: %(gross)s.")
                % {
                    "number": order.number,
                    "name": customer.display_name,
                    "gross": format_money(order.gross, order.currency),
                },
            )
            return redirect(next_url(request, default=f"{card}#orders"))
    context = {
        "customer": customer,
        "formset": formset,
        "coupon_form": coupon_form,
        "suggestions": products.order_by("name").values("sku", "name")[:PRODUCT_SUGGESTIONS],
        "back": next_url(request, default=card),
    }
    return render(request, "orders/order_form.html", context)


@staff_view(Perm.VIEW_ORDERS)
def order_list(request):
    """Every order of the shop: search, filters, sort, paged."""
    shop = request.shop
    filterset = OrderFilter(
        request.GET or None, queryset=orders_of_shop(shop), shop=shop, user=request.user
    )
    # The page as bare ids first (an index-only walk, cheap even deep into five million
    # orders), then only those orders with their customer and manager.
    page = list_page(
        filterset.qs.values_list("pk", flat=True),
        number=page_number(request.GET),
        per_page=page_size(request.GET, default=ORDERS_PER_PAGE),
        count=filterset.qs,
    )
    page.object_list = order_rows(shop, page.object_list)
    context = {"filterset": filterset, "page": page, "is_filtered": filterset.is_filtered}
    return render(request, "orders/order_list.html", context)


@staff_view(Perm.VIEW_ORDERS)
def order_detail(request, pk):
    order = get_order_for_shop(request.shop, pk)
    may_change = can(request.user, request.shop, Perm.EDIT_ORDERS)
    context = {
        "order": order,
        "lines": lines_of_order(request.shop, order),
        "status_history": status_history_of_order(request.shop, order),
        # The statuses it may move on to; cancelling asks first, on a page of its own.
        "next_statuses": [
            (status, Order.Status(status).label)
            for status in NEXT_STATUSES[order.status]
            if status != Order.Status.CANCELLED
        ]
        if may_change
        else [],
        "may_cancel": may_change and Order.Status.CANCELLED in NEXT_STATUSES[order.status],
    }
    return render(request, "orders/order_detail.html", context)


@require_POST
@staff_view(Perm.EDIT_ORDERS)
def order_status(request, pk):
    order = get_order_for_shop(request.shop, pk)
    status = request.POST.get("status", "")
    if status == Order.Status.CANCELLED:  # only after the question, on the cancel page
        return redirect("staff:order_cancel", order.pk)
    return _change_status(request, order, status)


@staff_view(Perm.EDIT_ORDERS)
def order_cancel(request, pk):
    """Cancelling asks first: the order leaves the customer's statistics, for good."""
    order = get_order_for_shop(request.shop, pk)
    if request.method == "POST":
        return _change_status(request, order, Order.Status.CANCELLED)
    back = reverse("staff:order_detail", args=[order.pk])
    return render(request, "orders/order_cancel.html", {"order": order, "back": back})


def _change_status(request, order, status: str):
    try:
        order = change_order_status(
            shop=request.shop, actor=request.user, order=order, status=status
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        message = _("Order %(number)s is now %(status)s.")
        values = {"number": order.number, "status": order.get_status_display()}
        messages.success(request, message % values)
    return redirect("staff:order_detail", order.pk)


ORDERS_PER_PAGE = 50
