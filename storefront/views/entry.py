from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import PasswordResetConfirmView
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from customers.models import AssistedLogin
from customers.self_service import confirm_registration, send_registration_link
from customers.services import (
    REGISTRATION_FIELDS,
    CannotRegister,
    register_customer,
    send_password_link_on_request,
)
from customers.tokens import LinkProblem
from groups.services import join_chosen_groups
from shopadmin.services import ServiceError
from storefront.assisted import end_and_return
from storefront.forms import CustomerLoginForm, PasswordLinkForm, RegistrationForm
from storefront.limits import over_limit
from storefront.urls_for import storefront_path
from storefront.views.common import TOO_MANY_ATTEMPTS, posted, refuse_while_assisted, shop_page


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
    form = CustomerLoginForm(request, data=posted(request), shop=request.shop)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        return redirect(storefront_path(request, "account"))
    unconfirmed = getattr(form, "unconfirmed_customer", None)
    if unconfirmed is not None and not over_limit(request, "confirm_link", unconfirmed.email):
        # The right password of an address not confirmed yet: a new link, as the form says.
        send_registration_link(shop=request.shop, customer=unconfirmed)
    return render(request, "storefront/login.html", {"form": form})


@shop_page
def register(request):
    """A new customer account, with the groups the customer chooses (if the shop offers any);
    logged in at once."""
    if request.user.is_authenticated:
        return redirect(storefront_path(request, "account"))
    form = RegistrationForm(posted(request), shop=request.shop)
    offer_login = False
    limited = request.method == "POST" and over_limit(
        request, "register", request.POST.get("email", "")
    )
    if limited:
        form.add_error(None, TOO_MANY_ATTEMPTS)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                customer = register_customer(
                    shop=request.shop,
                    email=data["email"],
                    password=data["password"],
                    newsletter=data["newsletter"],
                    **{name: data[name] for name in REGISTRATION_FIELDS},
                )
                chosen = join_chosen_groups(
                    shop=request.shop, customer=customer, groups=form.chosen_groups()
                )
        except CannotRegister as error:
            form.add_error(None, str(error))
            offer_login = True
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            if customer.email_confirmation_needed:
                messages.info(
                    request,
                    _(
                        "Almost done: open the link we sent to %(email)s to confirm your "
                        "address, then log in."
                    )
                    % {"email": customer.email},
                )
                return redirect(storefront_path(request, "login"))
            login(request, customer.user)
            messages.success(request, _("Welcome! Your account is ready."))
            if chosen.requested:
                names = ", ".join(group.name for group in chosen.requested)
                messages.info(
                    request,
                    _("%(groups)s: the shop approves this group first; it shows here once it has.")
                    % {"groups": names},
                )
            return redirect(storefront_path(request, "account"))
    context = {"form": form, "offer_login": offer_login}
    return render(request, "storefront/register.html", context)


@shop_page
def password_link(request):
    """Forgot your password? A link to choose a new one goes to the address if it has an
    account here; the page says the same whether it has or not."""
    form = PasswordLinkForm(posted(request))
    if request.method == "POST":
        if over_limit(request, "password_reset", request.POST.get("email", "")):
            form.add_error(None, TOO_MANY_ATTEMPTS)
        elif form.is_valid():
            send_password_link_on_request(shop=request.shop, email=form.cleaned_data["email"])
            messages.info(
                request,
                _(
                    "If %(email)s has an account in this shop, a link to choose a new password "
                    "is on its way. It works once, for three days."
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(storefront_path(request, "login"))
    return render(request, "storefront/password_link.html", {"form": form})


@shop_page
@require_POST
def customer_logout(request):
    if request.assisted is not None:  # staff logged in as the customer: the end of it
        return end_and_return(
            request, request.shop, request.assisted_marker, AssistedLogin.Ending.LOGGED_OUT
        )
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect(storefront_path(request, "home"))


class PasswordResetConfirm(PasswordResetConfirmView):
    """Set a new password from the link that the shop's staff sent (customers.services)."""

    template_name = "storefront/password_reset_confirm.html"
    post_reset_login = False

    def dispatch(self, request, *args, **kwargs):
        if request.shop is None or kwargs.get("shop_slug") not in (None, request.shop.slug):
            raise Http404
        if request.assisted is not None:  # the password is the customer's alone
            return refuse_while_assisted(request)
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


@shop_page
def confirm_email(request, token):
    """The link in the registration email of a shop that confirms addresses. Opening it
    shows a button; the POST confirms (mail scanners that open links change nothing). Then
    the customer logs in with their password; a link that has expired or was used says so."""
    if request.method != "POST":
        return render(request, "storefront/confirm_link.html", {"purpose": "registration"})
    try:
        with transaction.atomic():
            confirm_registration(shop=request.shop, token=token)
    except LinkProblem as error:
        messages.error(request, str(error))
        messages.info(
            request,
            _(
                "Log in with your email and password: if your address still needs confirming, "
                "we send a new link."
            ),
        )
    else:
        messages.success(request, _("Your address is confirmed. Log in with your password."))
    return redirect(storefront_path(request, "login"))
