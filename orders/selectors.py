from django.shortcuts import get_object_or_404

from orders.models import Order


def orders_of_shop(shop):
    return Order.objects.filter(shop=shop)


def get_order_for_shop(shop, pk):
    return get_object_or_404(orders_of_shop(shop), pk=pk)
