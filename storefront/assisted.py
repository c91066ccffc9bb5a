"""An assisted login ("log in as the customer") on every request: while it may go on, the
request knows it (`request.assisted`: the banner, the actions staff may not take, the audit);
at expiry, or as soon as a rule no longer holds, it ends and the staff member is back on the
staff pages (customers/assisted_login.py decides, ui/impersonation.py swaps).

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
from shopadmin.models import Shop
from shopadmin.permissions import role_in_shop
from shopadmin.tenancy import shop_context
from ui.impersonation import assisted_marker, return_to_staff, staff_of_visit


class RememberAssistedVisit:
    """Early, before anything reads `request.user`: the session's visit marker. Django's
    session check flushes a session whose user changed their password (the customer, in their
    own browser); the visit must still be ended then, by its marker."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.assisted_marker = assisted_marker(request)
        return self.get_response(request)


class AssistedLoginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.assisted = None
        marker = request.assisted_marker
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
            if not ending and staff_of_visit(marker) is None:
                ending = AssistedLogin.Ending.REPLACED  # a newer visit, or the staff's password
            if ending:
                return end_and_return(request, shop, marker, ending)
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


def end_and_return(request, shop, marker, ending: str):
    """End the visit, and give the browser back to the staff member, on the customer's card.
    Logged out instead when they logged out, when they are no longer the shop's staff, or when
    this is no longer their current visit (a newer one, or their password changed)."""
    with shop_context(shop):
        assisted = end_assisted_login(shop=shop, assisted_id=marker["id"], ending=ending)
    staff = staff_of_visit(marker)
    still_staff = staff is not None and role_in_shop(staff, shop) is not None
    if (
        ending in (AssistedLogin.Ending.LOGGED_OUT, AssistedLogin.Ending.REPLACED)
        or not still_staff
    ):
        logout(request)
        if ending == AssistedLogin.Ending.REPLACED:
            messages.info(request, _("This visit to a customer's account has ended."))
        else:
            messages.info(request, _("You have logged out."))
        return redirect("staff:login")
    return_to_staff(request, staff)
    messages.info(request, ENDED[ending] % {"customer": marker.get("customer_name", "")})
    if assisted is None:
        return redirect("staff:home")
    return redirect("staff:customer_card", assisted.customer_id)
