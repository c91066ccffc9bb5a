from django.shortcuts import get_object_or_404

from customers.models import Customer


def customers_of_shop(shop):
    return Customer.objects.filter(shop=shop)


def get_customer_for_shop(shop, pk):
    """The customer `pk` of `shop`, or 404: another shop's id looks exactly like a missing one."""
    return get_object_or_404(
        customers_of_shop(shop).select_related("stats", "account_manager"), pk=pk
    )
