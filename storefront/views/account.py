"""The customer's account: overview, orders, points, details, groups and privacy. Every page
is `customer_page`: the logged-in customer of this shop, and only their own rows."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from customers.selectors import assisted_logins_of_customer
from customers.self_service import (
    OWN_DETAILS,
    change_own_password,
    confirm_address_change,
    request_address_change,
    set_assisted_login_consent,
    update_own_details,
)
from customers.tokens import LinkProblem
from groups.selectors import groups_requested_by, memberships_of_customer
from groups.services import choose_own_groups, customer_may_leave
from loyalty.selectors import points_entries_of_customer
from orders.selectors import get_order_of_customer, lines_of_order, orders_of_customer_newest_first
from shopadmin.services import ServiceError
from storefront.data_export import customer_data_csv, customer_data_json
from storefront.forms import (
    AssistedLoginForm,
    ChangeEmailForm,
    ChangePasswordForm,
    CustomerDetailsForm,
    OwnGroupsForm,
)
from storefront.limits import over_limit
from storefront.urls_for import storefront_path
from storefront.views.common import (
    TOO_MANY_ATTEMPTS,
    acting_staff,
    customer_page,
    not_while_assisted,
    posted,
    refuse_while_assisted,
    shop_page,
)

ORDERS_PER_PAGE = 20
POINTS_PER_PAGE = 50
ASSISTED_SHOWN = 20  # the latest times staff logged in to help


@customer_page
def overview(request, customer):
    memberships = list(memberships_of_customer(request.shop, customer))
    groups = [membership.group for membership in memberships]
    pending = list(groups_requested_by(request.shop, customer))
    context = {
        "customer": customer,
        "groups": groups,
        "pending_groups": pending,
        "tagged_groups": groups + pending,
        "recent_orders": orders_of_customer_newest_first(request.shop, customer)[:3],
    }
    return render(request, "storefront/account/overview.html", context)


@customer_page
def order_list(request, customer):
    orders = orders_of_customer_newest_first(request.shop, customer)
    page = Paginator(orders, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "storefront/account/orders.html", {"customer": customer, "page": page})


@customer_page
def order_detail(request, customer, pk):
    order = get_order_of_customer(request.shop, customer, pk)  # 404 for anyone else's
    context = {
        "customer": customer,
        "order": order,
        "lines": lines_of_order(request.shop, order),
    }
    return render(request, "storefront/account/order.html", context)


@customer_page
def points(request, customer):
    entries = points_entries_of_customer(request.shop, customer)
    page = Paginator(entries, POINTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "storefront/account/points.html", {"customer": customer, "page": page})


@customer_page
def details(request, customer):
    initial = {name: getattr(customer, name) for name in OWN_DETAILS}
    form = CustomerDetailsForm(posted(request), initial=initial)
    if request.assisted is not None:
        del form.fields["newsletter"]  # a consent: the customer's alone
    if request.method == "POST" and form.is_valid():
        update_own_details(
            shop=request.shop, customer=customer, actor=acting_staff(request), **form.cleaned_data
        )
        messages.success(request, _("Your details are saved."))
        return redirect(storefront_path(request, "details"))
    context = {
        "customer": customer,
        "form": form,
        "password_form": ChangePasswordForm(user=request.user),
        "email_form": ChangeEmailForm(),
    }
    return render(request, "storefront/account/details.html", context)


@customer_page
@not_while_assisted
def change_password(request, customer):
    form = ChangePasswordForm(posted(request), user=request.user)
    if request.method == "POST" and over_limit(request, "change_password", customer.email):
        form.add_error(None, TOO_MANY_ATTEMPTS)  # guessing the current password
    elif request.method == "POST" and form.is_valid():
        try:
            change_own_password(
                shop=request.shop,
                customer=customer,
                current=form.cleaned_data["current_password"],
                new=form.cleaned_data["new_password"],
            )
        except ServiceError as error:
            form.add_error("current_password", str(error))
        else:
            request.user.refresh_from_db(fields=["password"])
            update_session_auth_hash(request, request.user)  # this session stays logged in
            messages.success(request, _("Your new password is set."))
            return redirect(storefront_path(request, "details"))
    return render(
        request, "storefront/account/change_password.html", {"customer": customer, "form": form}
    )


@customer_page
@not_while_assisted
def change_email(request, customer):
    form = ChangeEmailForm(posted(request))
    if request.method == "POST":
        if over_limit(request, "change_email", customer.email):
            form.add_error(None, TOO_MANY_ATTEMPTS)
        elif form.is_valid():
            try:
                email = request_address_change(
                    shop=request.shop, customer=customer, email=form.cleaned_data["email"]
                )
            except ServiceError as error:
                form.add_error("email", str(error))
            else:
                messages.info(
                    request,
                    _(
                        "We have sent a link to %(email)s. Your address changes when you open "
                        "it; until then you log in with %(current)s."
                    )
                    % {"email": email, "current": customer.email},
                )
                return redirect(storefront_path(request, "details"))
    return render(
        request, "storefront/account/change_email.html", {"customer": customer, "form": form}
    )


@shop_page
@not_while_assisted
def confirm_new_email(request, token):
    """The link sent to a new address: works whether or not the customer is logged in here
    (the link itself is the proof), and says so when it has expired or was used. Opening it
    shows a button; the POST changes the address (mail scanners that open links do not)."""
    if request.method != "POST":
        return render(request, "storefront/confirm_link.html", {"purpose": "address_change"})
    try:
        with transaction.atomic():
            customer = confirm_address_change(shop=request.shop, token=token)
    except LinkProblem as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Your email is now %(email)s. Log in with it.") % {"email": customer.email}
        )
    if request.user.is_authenticated:
        return redirect(storefront_path(request, "details"))
    return redirect(storefront_path(request, "login"))


@customer_page
def groups(request, customer):
    memberships = list(memberships_of_customer(request.shop, customer))
    pending = list(groups_requested_by(request.shop, customer))
    chosen = [m.group for m in memberships if customer_may_leave(m)] + pending
    form = OwnGroupsForm(posted(request), shop=request.shop, initial_groups=chosen)
    if request.method == "POST" and form.is_valid():
        try:
            change = choose_own_groups(
                shop=request.shop,
                customer=customer,
                groups=form.chosen_groups(),
                actor=acting_staff(request),
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            _say_what_changed(request, change)
            return redirect(storefront_path(request, "groups"))
    context = {
        "customer": customer,
        "form": form,
        "assigned": [m.group for m in memberships if not customer_may_leave(m)],
        "member_of": {m.group_id for m in memberships},
        "pending_ids": {group.pk for group in pending},
        "tagged_groups": [m.group for m in memberships] + pending + form_groups(form),
    }
    return render(request, "storefront/account/groups.html", context)


def form_groups(form) -> list:
    return getattr(form, "offered_groups", [])


def _say_what_changed(request, change) -> None:
    def names(groups):
        return ", ".join(group.name for group in groups)

    if change.joined:
        messages.success(request, _("You joined: %(groups)s.") % {"groups": names(change.joined)})
    if change.requested:
        messages.info(
            request,
            _("%(groups)s: the shop approves this group first; it shows here once it has.")
            % {"groups": names(change.requested)},
        )
    if change.left or change.withdrawn:
        gone = names([*change.left, *change.withdrawn])
        messages.success(request, _("You left: %(groups)s.") % {"groups": gone})
    if not any(vars(change).values()):
        messages.info(request, _("Your groups are as they were."))


@customer_page
def privacy(request, customer):
    form = AssistedLoginForm(
        posted(request), initial={"assisted_login_consent": customer.assisted_login_consent}
    )
    if request.method == "POST" and request.assisted is not None:
        return refuse_while_assisted(request)  # the consent is the customer's alone
    if request.method == "POST" and form.is_valid():
        consent = form.cleaned_data["assisted_login_consent"]
        set_assisted_login_consent(shop=request.shop, customer=customer, consent=consent)
        if consent:
            messages.success(request, _("The shop's staff may now log in to your account."))
        else:
            messages.success(request, _("The shop's staff may no longer log in to your account."))
        return redirect(storefront_path(request, "privacy"))
    context = {
        "customer": customer,
        "form": form,
        "assisted_logins": assisted_logins_of_customer(request.shop, customer)[:ASSISTED_SHOWN],
    }
    return render(request, "storefront/account/privacy.html", context)


@customer_page
@not_while_assisted
@require_POST
def data_download(request, customer, file_format):
    """Everything the shop keeps of the customer's details, orders and points, as a file. A
    POST (a button), so that no link or image elsewhere can make the browser fetch it."""
    if file_format == "json":
        return customer_data_json(request.shop, customer)
    if file_format == "csv":
        return customer_data_csv(request.shop, customer)
    raise Http404
