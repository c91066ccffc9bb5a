"""Log in as the customer, from their card: the staff member gives a reason, and their
session becomes the customer's on the shop's storefront (ui/impersonation.py) until
they go back, log out, or the time is up (storefront/assisted.py)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from backoffice.decorators import staff_view
from customers.assisted_login import start_assisted_login
from customers.selectors import get_customer_for_shop
from shopadmin.permissions import Perm
from shopadmin.services import ServiceError
from ui.forms import errors_text
from ui.impersonation import assisted_marker, become_customer


class AssistedLoginForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you log in as the customer?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the customer's record, with the time and your name."),
    )


@require_POST
@staff_view(Perm.IMPERSONATE)
def start_assisted_login_view(request, pk):
    customer = get_customer_for_shop(request.shop, pk)  # 404: another shop's, a staff id
    card = reverse("staff:customer_card", args=[customer.pk])
    if assisted_marker(request) is not None:  # never reached as staff; one at a time
        return redirect(card)
    form = AssistedLoginForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect(card)
    try:
        assisted = start_assisted_login(
            shop=request.shop,
            actor=request.user,
            customer=customer,
            reason=form.cleaned_data["reason"],
            ip_address=request.META.get("REMOTE_ADDR") or None,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect(card)
    become_customer(
        request,
        customer.user,
        assisted_id=assisted.pk,
        shop=request.shop,
        customer_name=customer.display_name,
    )
    return redirect(reverse("storefront:account", kwargs={"shop_slug": request.shop.slug}))
