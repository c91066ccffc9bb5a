from django.shortcuts import render

from customers.selectors import get_customer_for_shop
from groups.selectors import groups_of_customer
from shopadmin.decorators import staff_view
from shopadmin.permissions import Perm


@staff_view(Perm.VIEW_CUSTOMERS)
def customer_card(request, pk):
    customer = get_customer_for_shop(request.shop, pk)
    groups = groups_of_customer(request.shop, customer)
    return render(request, "customers/card.html", {"customer": customer, "groups": groups})
