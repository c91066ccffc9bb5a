from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from backoffice.customers.assisted import AssistedLoginForm
from backoffice.customers.bulk import ACTIONS, SelectionForm
from backoffice.customers.bulk.running import run_bulk_action, runs_as_job
from backoffice.customers.filters import DEFAULT_FILTERS, FILTER_CHOICES, CustomerFilter
from backoffice.customers.list_page import SORTS, Sort, customer_list_page
from backoffice.customers.tables import COLUMN_CHOICES, DEFAULT_COLUMNS, CustomerTable
from backoffice.decorators import staff_view
from backoffice.navigation import next_url
from backoffice.paging import list_page, page_number, page_size, section_page
from customers import services
from customers.assisted_login import why_not_assisted
from customers.models import EmailDelivery
from customers.selectors import (
    assisted_logins_of_customer,
    customers_of_shop,
    delivery_counts,
    get_customer_for_shop,
    get_email_campaign_for_shop,
    get_saved_filter_for,
    list_preference_for,
    saved_filters_for,
    undelivered,
)
from discounts.selectors import coupons_of_customer
from groups.selectors import groups_of_customer
from loyalty.selectors import points_entries_of_customer
from orders.selectors import orders_of_customer, orders_of_customer_newest_first
from shopadmin.permissions import Perm, PermissionDeniedForShop, can, permissions_in_shop
from shopadmin.selectors import history_of
from shopadmin.services import ServiceError
from ui.forms import errors_text


@staff_view(Perm.VIEW_CUSTOMERS)
def customer_list(request):
    shop, user = request.shop, request.user
    preference = list_preference_for(shop=shop, user=user)
    columns = (preference and preference.columns) or DEFAULT_COLUMNS
    chosen_filters = (preference and preference.filters) or DEFAULT_FILTERS

    filterset = CustomerFilter(
        request.GET or None, queryset=customers_of_shop(shop), shop=shop, user=user
    )
    customers = filterset.qs  # runs the search, which may tell the total (known_total)
    sort = Sort.parse(request.GET.get("sort"))
    page = customer_list_page(
        customers,
        shop=shop,
        sort=sort,
        number=page_number(request.GET),
        per_page=page_size(request.GET),
        known_total=filterset.known_total(),
    )
    shown_filters = set(chosen_filters) | filterset.active_filter_names()
    perms = permissions_in_shop(user, shop)
    saved_filters = list(saved_filters_for(shop=shop, user=user))
    for saved in saved_filters:
        saved.may_change = services.may_change_saved_filter(
            shop=shop, user=user, saved_filter=saved
        )
    context = {
        "table": CustomerTable(
            page.object_list,
            currency=shop.currency,
            columns=columns,
            perms=perms,
            list_url=request.get_full_path(),
        ),
        "page": page,
        "sort": sort,
        "sortable_keys": SORTS,
        "filterset": filterset,
        "filter_fields": [filterset.form[name] for name in FILTER_CHOICES if name in shown_filters],
        "has_filters": bool(filterset.active_filter_names() or request.GET.get("q")),
        "saved_filters": saved_filters,
        "column_choices": _choices_in_order(COLUMN_CHOICES, columns),
        "filter_choices": _choices_in_order(FILTER_CHOICES, chosen_filters),
        "groups": _groups_on_page(page.object_list),
        "query": request.GET.urlencode(),
        "list_query": _without(request.GET, "page"),
        "bulk_actions": [action for action in ACTIONS.values() if action.perm in perms],
    }
    return render(request, "customers/list.html", context)


@require_POST
@staff_view(Perm.VIEW_CUSTOMERS)
def list_columns(request):
    columns = [] if "reset" in request.POST else request.POST.getlist("columns")
    return _save_preference(
        request, services.save_list_columns, columns=columns, known=COLUMN_CHOICES
    )


@require_POST
@staff_view(Perm.VIEW_CUSTOMERS)
def list_filters(request):
    filters = [] if "reset" in request.POST else request.POST.getlist("filters")
    return _save_preference(
        request, services.save_list_filters, filters=filters, known=FILTER_CHOICES
    )


@require_POST
@staff_view(Perm.VIEW_CUSTOMERS)
def saved_filter_create(request):
    query = QueryDict(request.POST.get("query", ""))
    try:
        saved = services.create_saved_filter(
            shop=request.shop,
            actor=request.user,
            name=request.POST.get("name", ""),
            shared=request.POST.get("shared") == "on",
            query=dict(query.lists()),
        )
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect(_list_url(query.urlencode()))
    messages.success(request, _("Saved the filter “%(name)s”.") % {"name": saved.name})
    return redirect(_list_url(saved.as_query_dict().urlencode()))


@staff_view(Perm.VIEW_CUSTOMERS)
def saved_filter_rename(request, pk):
    saved = get_saved_filter_for(shop=request.shop, user=request.user, pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.rename_saved_filter(
                shop=request.shop,
                actor=request.user,
                saved_filter=saved,
                name=request.POST.get("name", ""),
            )
        except ServiceError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Renamed the filter to “%(name)s”.") % {"name": saved.name})
            return redirect("staff:customer_list")
    return render(request, "customers/saved_filter_rename.html", {"saved": saved, "error": error})


@staff_view(Perm.VIEW_CUSTOMERS)
def saved_filter_delete(request, pk):
    saved = get_saved_filter_for(shop=request.shop, user=request.user, pk=pk)
    if request.method == "POST":
        name = saved.name
        services.delete_saved_filter(shop=request.shop, actor=request.user, saved_filter=saved)
        messages.success(request, _("Deleted the filter “%(name)s”.") % {"name": name})
        return redirect("staff:customer_list")
    return render(request, "customers/saved_filter_delete.html", {"saved": saved})


@staff_view(Perm.EDIT_CUSTOMERS)
def customer_password_reset(request, pk):
    customer = get_customer_for_shop(request.shop, pk)
    back = _back_url(request, default=reverse("staff:customer_card", args=[customer.pk]))
    if request.method == "POST":
        try:
            services.send_password_reset_link(
                shop=request.shop, actor=request.user, customer=customer
            )
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("A password-reset link is on its way to %(email)s.") % {"email": customer.email},
            )
        return redirect(back)
    return render(
        request, "customers/password_reset_confirm.html", {"customer": customer, "back": back}
    )


@staff_view(Perm.DELETE)
def customer_delete(request, pk):
    customer = get_customer_for_shop(request.shop, pk)
    if request.method == "POST":
        orders_kept = orders_of_customer(request.shop, customer).count()
        services.delete_customers(
            shop=request.shop,
            actor=request.user,
            customers=customers_of_shop(request.shop).filter(pk=customer.pk),
        )
        if orders_kept:
            message = ngettext(
                "Deleted %(name)s. Their order stays in the shop's records.",
                "Deleted %(name)s. Their %(count)d orders stay in the shop's records.",
                orders_kept,
            )
        else:
            message = _("Deleted %(name)s.")
        messages.success(request, message % {"name": customer.display_name, "count": orders_kept})
        # The card is gone; back to the list the staff member came from.
        return redirect(_back_url(request, default=_list_url(), avoid=customer.pk))
    context = {
        "customer": customer,
        "back": _back_url(request, default=reverse("staff:customer_card", args=[customer.pk])),
        "orders_count": orders_of_customer(request.shop, customer).count(),
    }
    return render(request, "customers/customer_delete.html", context)


@staff_view(Perm.VIEW_CUSTOMERS)
def customer_bulk(request):
    """A bulk action from the list's action bar, or one customer's from their card: GET shows
    what will happen to how many customers (and the action's options); POST does it and
    returns to the list as it was (or to `next`, the card)."""
    data = request.POST if request.method == "POST" else request.GET
    selection_form = SelectionForm(data, actions=ACTIONS)
    if not selection_form.is_valid():
        messages.error(request, errors_text(selection_form))
        return redirect(_list_url(data.get("query", "")))
    action = selection_form.cleaned_data["action"]
    if not can(request.user, request.shop, action.perm):
        raise PermissionDenied
    selection = selection_form.selection(shop=request.shop, user=request.user)
    back = _back_url(request, default=_list_url(selection.query))
    options_form = None
    if action.form_class is not None:
        bound = data if request.method == "POST" else None
        options_form = action.form_class(bound, shop=request.shop, selection=selection)
    preview = None
    if "preview" in data and action.can_preview and options_form.is_valid():
        preview = action.preview(request.shop, selection, options_form.cleaned_data)
    elif request.method == "POST" and (options_form is None or options_form.is_valid()):
        options = options_form.cleaned_data if options_form else {}
        try:
            with transaction.atomic():  # a refusal midway undoes what the action did before it
                outcome = run_bulk_action(
                    shop=request.shop,
                    actor=request.user,
                    action=action,
                    selection=selection,
                    options=options,
                    data=data,
                )
        except (ServiceError, PermissionDeniedForShop) as error:
            # PermissionDeniedForShop: the action is allowed, not all its options ask for (a
            # new group needs manage_groups).
            text = (
                str(error)
                if isinstance(error, ServiceError)
                else _("Your role may not do all that this asks.")
            )
            if options_form is None:
                messages.error(request, text)
                return redirect(back)
            options_form.add_error(None, text)
        else:
            messages.success(request, outcome.message)
            return redirect("staff:jobs" if outcome.in_background else back)
    touched = selection.customers.count()
    context = {
        "action": action,
        "selection": selection,
        "touched": touched,
        # Export and email say so on their own; a chunked action is told here.
        "in_background": not action.starts_own_job and runs_as_job(action, touched),
        "selection_form": selection_form,
        "options_form": options_form,
        "preview": preview,
        "can_preview": action.can_preview,
        "back": back,
    }
    return render(request, "customers/bulk_confirm.html", context)


@staff_view(Perm.VIEW_CUSTOMERS)
def customer_card(request, pk):
    customer = get_customer_for_shop(request.shop, pk)
    shop = request.shop
    perms = permissions_in_shop(request.user, shop)
    actions = [ACTIONS[name] for name in CARD_ACTIONS if ACTIONS[name].perm in perms]

    def section(rows, key: str):
        return section_page(rows, query=request.GET, key=key, per_page=CARD_ROWS_PER_PAGE)

    context = {
        "customer": customer,
        "groups": groups_of_customer(shop, customer),
        "actions": actions,
        # Each section of the record is paged on its own (`orders_page`, ...).
        "orders": section(orders_of_customer_newest_first(shop, customer), "orders_page"),
        "coupons": section(coupons_of_customer(shop, customer), "coupons_page"),
        "points": section(points_entries_of_customer(shop, customer), "points_page"),
        "history": section(history_of(shop, customer), "history_page"),
        "assisted_logins": section(assisted_logins_of_customer(shop, customer), "assisted_page"),
    }
    if Perm.IMPERSONATE in perms:
        context["assisted_form"] = AssistedLoginForm()
        context["assisted_minutes"] = shop.assisted_login_minutes
        context["assisted_refusal"] = why_not_assisted(
            shop=shop, staff=request.user, customer=customer
        )
    return render(request, "customers/card.html", context)


CARD_ROWS_PER_PAGE = 10


# The list's bulk actions that the card offers for its one customer, in this order.
CARD_ACTIONS = (
    "add_to_group",
    "remove_from_group",
    "replace_groups",
    "assign_manager",
    "points",
    "give_coupon",
    "block",
    "unblock",
)


@staff_view(Perm.SEND_EMAIL)
def email_campaign(request, pk):
    """An email sent from the list: how many got it, and who did not and why."""
    campaign = get_email_campaign_for_shop(request.shop, pk)
    counts = delivery_counts(request.shop, campaign.pk)
    page = list_page(
        undelivered(request.shop, campaign),
        number=page_number(request.GET),
        per_page=page_size(request.GET, default=CAMPAIGN_ROWS_PER_PAGE),
    )
    context = {
        "campaign": campaign,
        "counts": [
            (label, counts.get(status, 0)) for status, label in EmailDelivery.Status.choices
        ],
        "page": page,
    }
    return render(request, "customers/email_campaign.html", context)


CAMPAIGN_ROWS_PER_PAGE = 50


# --- helpers -------------------------------------------------------------------------------


def _choices_in_order(choices: dict, chosen: list[str]) -> list[dict]:
    """The chosen entries first, in their order, then the others: for the choosing dialogs."""
    names = [*chosen, *(name for name in choices if name not in chosen)]
    return [{"name": name, "label": choices[name], "chosen": name in chosen} for name in names]


def _groups_on_page(customers) -> list:
    groups = {}
    for customer in customers:
        for membership in customer.group_memberships.all():
            groups[membership.group.pk] = membership.group
    return list(groups.values())


def _without(query: QueryDict, key: str) -> str:
    query = query.copy()
    query.pop(key, None)
    return query.urlencode()


def _list_url(query: str = "") -> str:
    url = reverse("staff:customer_list")
    return f"{url}?{query}" if query else url


def _back_url(request, *, default: str, avoid: int | None = None) -> str:
    """Where to return after an action: the page named in `next` (the list with its search,
    filters and page) if it is ours, else `default`. `avoid`: a customer just deleted,
    whose card must not be the way back."""
    back = next_url(request, default=default)
    if avoid is not None and back.startswith(reverse("staff:customer_card", args=[avoid])):
        return default
    return back


def _save_preference(request, service, **values):
    try:
        service(shop=request.shop, actor=request.user, **values)
    except ServiceError as error:
        messages.error(request, str(error))
    return redirect(_back_url(request, default=_list_url()))
