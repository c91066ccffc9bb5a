"""What every storefront page checks first: that a shop is named, and for account pages that
the visitor is a customer of that shop (a customer of shop A is nobody in shop B)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.selectors import customer_of_user
from storefront.urls_for import storefront_path

TOO_MANY_ATTEMPTS = gettext_lazy("Too many attempts. Please wait an hour and try again.")


def shop_page(view):
    """A storefront page: only where the host or the /s/<slug>/ path names a shop."""

    @wraps(view)
    def wrapped(request, *args, shop_slug=None, **kwargs):
        if request.shop is None or shop_slug not in (None, request.shop.slug):
            raise Http404  # on shop A's own domain, /s/<B>/ is not shop B
        return view(request, *args, **kwargs)

    return wrapped


def customer_page(view):
    """An account page: the view gets the logged-in customer of this shop as `customer`.
    Anyone else (nobody, staff, another shop's customer) is sent to this shop's login; a
    customer whom staff blocked meanwhile is logged out there."""

    @shop_page
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        customer = None
        if request.user.is_authenticated:
            customer = customer_of_user(shop=request.shop, user=request.user)
        if customer is None:
            return redirect(storefront_path(request, "login"))
        if customer.standing.is_blocked:
            logout(request)
            messages.error(request, _("This account is blocked. Please contact the shop."))
            return redirect(storefront_path(request, "login"))
        return view(request, *args, customer=customer, **kwargs)

    return wrapped


def posted(request):
    """The form's data on a POST, even an empty one (every box unticked); None on a GET."""
    return request.POST if request.method == "POST" else None


def not_while_assisted(view):
    """A page that changes what only the customer may change (password, email, consent, their
    data): not while staff are logged in as them."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.assisted is not None:
            return refuse_while_assisted(request)
        return view(request, *args, **kwargs)

    return wrapped


def refuse_while_assisted(request):
    messages.error(
        request,
        _(
            "While you are logged in as the customer, their password, email, consent and data "
            "stay theirs alone."
        ),
    )
    return redirect(storefront_path(request, "account"))


def acting_staff(request):
    """The staff member logged in as the customer, for the audit of what they change; else
    None (the customer themself)."""
    return request.assisted.staff if request.assisted is not None else None
