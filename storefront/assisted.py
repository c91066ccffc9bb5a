"""An assisted login ("log in as the customer") on every request: while it may go on, the
request knows it (`request.assisted`: the banner, the actions staff may not take, the audit);
at expiry, or as soon as a rule no longer holds, it ends and the staff member is back on the
staff pages (customers/assisted_login.py decides, shopadmin/impersonation.py swaps).

A session that is an assisted login stays on that shop's storefront: staff pages and other
shops send it back to the customer's account, whose banner has the way back to the card.
"""

import math

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.assisted_login import check_assisted_login, end_assisted_login
from customers.models import AssistedLogin
from shopadmin.impersonation import assisted_marker, return_to_staff
from shopadmin.models import Shop, User
from shopadmin.permissions import role_in_shop
from shopadmin.tenancy import shop_context


class AssistedLoginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.assisted = None
        marker = assisted_marker(request)
        if marker is None:
            return self.get_response(request)
        shop = Shop.objects.filter(pk=marker["shop"]).first()
        if shop is None:
            logout(request)
            return redirect("staff:login")
        with shop_context(shop):
            # The session's user id, not request.user: on a staff page no shop is set, and the
            # customer's login (a row of their shop) cannot be read there.
            assisted, ending = check_assisted_login(
                shop=shop, assisted_id=marker["id"], customer_user_id=session_user_id(request)
            )
            if ending:
                return end_and_return(request, shop, marker, assisted, ending)
        if request.shop is None or request.shop.pk != shop.pk:
            # The staff pages, another shop: not from inside the customer's account.
            messages.info(request, _("You are logged in as a customer: go back to the card first."))
            return redirect(reverse("storefront:account", kwargs={"shop_slug": shop.slug}))
        assisted.minutes_left = math.ceil(
            (assisted.expires_at - timezone.now()).total_seconds() / 60
        )
        request.assisted = assisted
        return self.get_response(request)


def session_user_id(request) -> int | None:
    value = request.session.get(SESSION_KEY)
    return int(value) if isinstance(value, str) and value.isdigit() else None


ENDED = {
    AssistedLogin.Ending.STOPPED: gettext_lazy("You are back from %(customer)s's account."),
    AssistedLogin.Ending.EXPIRED: gettext_lazy("Your time logged in as %(customer)s is up."),
    AssistedLogin.Ending.NOT_ALLOWED: gettext_lazy(
        "Logging in as %(customer)s is no longer allowed."
    ),
}


def end_and_return(request, shop, marker, assisted, ending: str):
    """End the assisted login, and give the browser back to the staff member, on the
    customer's card; logged out instead when they are no longer one of the shop's staff (or
    when they logged out)."""
    customer = assisted.customer if assisted is not None else None
    if assisted is not None:
        with shop_context(shop):
            end_assisted_login(shop=shop, assisted_id=assisted.pk, ending=ending)
    staff = User.objects.filter(pk=marker["staff"], is_active=True, shop=None).first()
    still_staff = staff is not None and role_in_shop(staff, shop) is not None
    if ending == AssistedLogin.Ending.LOGGED_OUT or not still_staff:
        logout(request)
        messages.info(request, _("You have logged out."))
        return redirect("staff:login")
    return_to_staff(request, staff)
    said = ENDED[ending] % {"customer": customer}
    messages.info(request, said)
    if customer is None:
        return redirect("staff:home")
    return redirect("staff:customer_card", customer.pk)
