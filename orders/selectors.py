from customers.selectors import selected_customers
from orders.models import Order


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
