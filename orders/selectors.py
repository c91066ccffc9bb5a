from django.shortcuts import get_object_or_404

from orders.models import Order


def orders_of_shop(shop):
    return Order.objects.filter(shop=shop)


def get_order_for_shop(shop, pk):
    return get_object_or_404(orders_of_shop(shop), pk=pk)


def orders_of_customer(shop, customer):
    return orders_of_shop(shop).filter(customer=customer)


def recent_orders_of_customer(shop, customer, limit: int = 10) -> list[Order]:
    """The customer's latest orders, newest first (index order_customer_idx)."""
    return list(orders_of_customer(shop, customer).order_by("-placed_at", "-pk")[:limit])
