from django.shortcuts import get_object_or_404

from customers.selectors import selected_customers
from orders.models import Order, OrderLine


def orders_of_shop(shop):
    return Order.objects.filter(shop=shop)


def orders_of_customer(shop, customer):
    return orders_of_shop(shop).filter(customer=customer)


def orders_of_customer_newest_first(shop, customer):
    """The customer's orders, newest first (index order_customer_idx)."""
    return orders_of_customer(shop, customer).order_by("-placed_at", "-pk")


def orders_of_customers(shop, customers):
    """The orders of the customers that the queryset `customers` selects."""
    return orders_of_shop(shop).filter(customer__in=selected_customers(shop, customers))


def order_list(shop):
    """The shop's orders as the staff list shows them: with customer and account manager."""
    return orders_of_shop(shop).select_related("customer", "account_manager")


def get_order_for_shop(shop, pk):
    """The order `pk` of the shop with its customer and manager; 404 for another shop's."""
    return get_object_or_404(order_list(shop), pk=pk)


def lines_of_order(shop, order):
    return OrderLine.objects.filter(shop=shop, order=order).order_by("pk")
