from functools import wraps

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import PasswordResetConfirmView
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from customers.selectors import customer_of_user
from groups.selectors import groups_of_customer
from storefront.forms import CustomerLoginForm
from storefront.urls_for import storefront_path


def shop_page(view):
    """A storefront page: only where the host or the /s/<slug>/ path names a shop."""

    @wraps(view)
    def wrapped(request, *args, shop_slug=None, **kwargs):
        if request.shop is None or shop_slug not in (None, request.shop.slug):
            raise Http404  # on shop A's own domain, /s/<B>/ is not shop B
        return view(request, *args, **kwargs)

    return wrapped


def home(request, shop_slug=None):
    """The shop's front page: by its domain at /, or at /s/<slug>/ in development."""
    if request.shop is None:
        if shop_slug is not None:
            raise Http404
        return redirect("staff:home")
    if shop_slug not in (None, request.shop.slug):
        raise Http404
    return render(request, "storefront/home.html")


@shop_page
def customer_login(request):
    if request.user.is_authenticated:
        return redirect(storefront_path(request, "account"))
    form = CustomerLoginForm(request, data=request.POST or None, shop=request.shop)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        return redirect(storefront_path(request, "account"))
    return render(request, "storefront/login.html", {"form": form})


@require_POST
@shop_page
def customer_logout(request):
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect(storefront_path(request, "home"))


@shop_page
def account(request):
    customer = None
    if request.user.is_authenticated:
        customer = customer_of_user(shop=request.shop, user=request.user)
    if customer is None:
        return redirect(storefront_path(request, "login"))
    if customer.standing.is_blocked:
        # Blocked by the shop's staff while logged in: the session ends here.
        logout(request)
        messages.error(request, _("This account is blocked. Please contact the shop."))
        return redirect(storefront_path(request, "login"))
    groups = groups_of_customer(request.shop, customer)
    return render(request, "storefront/account.html", {"customer": customer, "groups": groups})


class PasswordResetConfirm(PasswordResetConfirmView):
    """Set a new password from the link that the shop's staff sent (customers.services)."""

    template_name = "storefront/password_reset_confirm.html"
    post_reset_login = False

    def dispatch(self, request, *args, **kwargs):
        if request.shop is None or kwargs.get("shop_slug") not in (None, request.shop.slug):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_user(self, uidb64):
        # Only a customer account of this shop: never staff, never another shop's customer.
        user = super().get_user(uidb64)
        if user is None or user.shop_id != self.request.shop.pk:
            return None
        return user

    def get_success_url(self):
        return storefront_path(self.request, "login")

    def form_valid(self, form):
        messages.success(self.request, _("Your new password is set. Log in with it."))
        return super().form_valid(form)
