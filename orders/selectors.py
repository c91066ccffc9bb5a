from customers.selectors import selected_customers
from orders.models import Order


def orders_of_shop(shop):
    return Order.objects.filter(shop=shop)


def orders_of_customer(shop, customer):
    return orders_of_shop(shop).filter(customer=customer)


def recent_orders_of_customer(shop, customer, limit: int = 10) -> list[Order]:
    """The customer's latest orders, newest first (index order_customer_idx)."""
    return list(orders_of_customer(shop, customer).order_by("-placed_at", "-pk")[:limit])


def orders_of_customers(shop, customers):
    """The orders of the customers that the queryset `customers` selects."""
    return orders_of_shop(shop).filter(customer__in=selected_customers(shop, customers))
