"""/staff/groups/: the shop's customer groups, their settings and their members."""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from backoffice.customers.list_page import SORTS, Sort, customer_list_page
from backoffice.decorators import staff_view
from backoffice.groups.filters import GroupFilter
from backoffice.groups.forms import GUESTS_CANNOT_JOIN, CustomerIdsForm, GroupForm
from backoffice.groups.tables import GroupTable, MemberTable
from backoffice.paging import list_page, page_number, page_size, section_page
from discounts import services as discount_services
from discounts.selectors import discounts_naming_group
from groups import services
from groups.models import GroupMembership
from groups.selectors import (
    customers_to_add,
    get_group_for_shop,
    groups_of_shop,
    groups_with_member_counts,
    member_count,
    members_of_group,
    requests_to_join,
)
from shopadmin.formatting import counted
from shopadmin.permissions import Perm, permissions_in_shop
from shopadmin.services import ServiceError
from ui.forms import errors_text

GROUPS_PER_PAGE = 50
SEARCH_RESULTS = 20  # customers found to add, at most


@staff_view(Perm.VIEW_CUSTOMERS)
def group_list(request):
    shop = request.shop
    filterset = GroupFilter(request.GET or None, queryset=groups_with_member_counts(shop))
    table = GroupTable(filterset.qs, perms=permissions_in_shop(request.user, shop))
    RequestConfig(request, paginate=False).configure(table)  # the sort
    # The total, when the page cannot tell it, counts the bare groups that the search finds,
    # without joining and aggregating their memberships.
    searched = GroupFilter(request.GET or None, queryset=groups_of_shop(shop)).qs
    page = list_page(
        table.rows,
        number=page_number(request.GET),
        per_page=page_size(request.GET, default=GROUPS_PER_PAGE),
        count=searched,
    )
    table.page = page  # the table shows the page's rows (its paginated_rows)
    context = {
        "table": table,
        "page": page,
        "query": filterset.form["q"].value() or "",
        "groups": [row.record for row in page.object_list],
    }
    return render(request, "groups/group_list.html", context)


@staff_view(Perm.MANAGE_GROUPS)
def group_create(request):
    form = GroupForm(request.POST or None, shop=request.shop)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(
                shop=request.shop, actor=request.user, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Created the group “%(name)s”. Add its members here.") % {"name": group.name},
            )
            return redirect("staff:group_members", group.pk)
    return render(request, "groups/group_form.html", {"form": form, "group": None})


@staff_view(Perm.MANAGE_GROUPS)
def group_edit(request, pk):
    group = get_group_for_shop(request.shop, pk)
    form = GroupForm(request.POST or None, shop=request.shop, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_group(
                shop=request.shop, actor=request.user, group=group, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved the group “%(name)s”.") % {"name": group.name})
            return redirect("staff:group_list")
    return render(request, "groups/group_form.html", {"form": form, "group": group})


@staff_view(Perm.MANAGE_GROUPS)
def group_delete(request, pk):
    group = get_group_for_shop(request.shop, pk)
    if request.method == "POST":
        members = discount_services.delete_group(shop=request.shop, actor=request.user, group=group)
        message = counted(
            "Deleted the group “%(name)s”; %(count)s customer lost it and stays in the shop.",
            "Deleted the group “%(name)s”; %(count)s customers lost it and stay in the shop.",
            members,
            name=group.name,
        )
        messages.success(request, message)
        return redirect("staff:group_list")
    context = {
        "group": group,
        "groups": [group],  # for its tag's colours
        "members": member_count(request.shop, group),
        "discounts": len(discounts_naming_group(request.shop, group)),
    }
    return render(request, "groups/group_delete.html", context)


@staff_view(Perm.VIEW_CUSTOMERS)
def group_members(request, pk):
    """The group's customers, a page at a time; and, for a role that may change memberships,
    a search for customers to add."""
    shop = request.shop
    group = get_group_for_shop(shop, pk)
    perms = permissions_in_shop(request.user, shop)
    sort = Sort.parse(request.GET.get("sort") or "name")
    page = customer_list_page(
        members_of_group(shop, group),
        shop=shop,
        sort=sort,
        number=page_number(request.GET),
        per_page=page_size(request.GET),
    )
    term = request.GET.get("q", "").strip()
    found, more_found = [], False
    if term and Perm.CHANGE_GROUPS in perms:
        found, more_found = customers_to_add(shop, group, term, limit=SEARCH_RESULTS)
    requests = section_page(
        requests_to_join(shop, group), query=request.GET, key="requests_page", per_page=50
    )
    context = {
        "group": group,
        "page": page,
        "requests": requests,
        "table": MemberTable(page.object_list, currency=shop.currency, perms=perms),
        "sort": sort,
        "sortable_keys": SORTS,
        "term": term,
        "found": found,
        "more_found": more_found,
        "search_limit": SEARCH_RESULTS,
        "guests_cannot_join": GUESTS_CANNOT_JOIN,
        "groups": _groups_shown(group, page.object_list),
        "query": request.GET.urlencode(),
    }
    return render(request, "groups/group_members.html", context)


@require_POST
@staff_view(Perm.CHANGE_GROUPS)
def group_members_add(request, pk):
    shop = request.shop
    group = get_group_for_shop(shop, pk)
    form = CustomerIdsForm(
        request.POST, shop=shop, required_message=_("Tick the customers to add.")
    )
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect(_members_url(group, request.POST.get("query", "")))
    change = services.add_customers_to_group(
        shop=shop,
        actor=request.user,
        customers=form.cleaned_data["ids"],
        group=group,
        source=GroupMembership.Source.STAFF,
    )
    if change.added:
        messages.success(
            request,
            counted(
                "%(count)s customer added to %(group)s.",
                "%(count)s customers added to %(group)s.",
                change.added,
                group=group.name,
            ),
        )
    elif not change.guests_skipped:
        messages.info(request, _("The ticked customers are in this group already."))
    if change.guests_skipped:
        messages.error(request, GUESTS_CANNOT_JOIN)
    return redirect(_members_url(group, request.POST.get("query", "")))


@require_POST
@staff_view(Perm.CHANGE_GROUPS)
def group_members_remove(request, pk):
    shop = request.shop
    group = get_group_for_shop(shop, pk)
    form = CustomerIdsForm(
        request.POST, shop=shop, required_message=_("Tick the members to remove.")
    )
    if not form.is_valid():
        messages.error(request, errors_text(form))
    else:
        change = services.remove_customers_from_group(
            shop=shop, actor=request.user, customers=form.cleaned_data["ids"], group=group
        )
        messages.success(
            request,
            counted(
                "%(count)s customer removed from %(group)s.",
                "%(count)s customers removed from %(group)s.",
                change.removed,
                group=group.name,
            ),
        )
    return redirect(_members_url(group, request.POST.get("query", "")))


@require_POST
@staff_view(Perm.CHANGE_GROUPS)
def group_requests_decide(request, pk):
    """Approve or reject the ticked customers' requests to join the group."""
    shop = request.shop
    group = get_group_for_shop(shop, pk)
    form = CustomerIdsForm(
        request.POST, shop=shop, required_message=_("Tick the requests to approve or reject.")
    )
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        messages.error(request, _("Choose to approve or to reject the ticked requests."))
    elif not form.is_valid():
        messages.error(request, errors_text(form))
    elif decision == "approve":
        approved = services.approve_group_requests(
            shop=shop, actor=request.user, group=group, customers=form.cleaned_data["ids"]
        )
        messages.success(
            request,
            counted(
                "%(count)s customer approved: now in %(group)s.",
                "%(count)s customers approved: now in %(group)s.",
                approved,
                group=group.name,
            ),
        )
    else:
        rejected = services.reject_group_requests(
            shop=shop, actor=request.user, group=group, customers=form.cleaned_data["ids"]
        )
        messages.success(
            request,
            counted(
                "%(count)s request to join %(group)s rejected.",
                "%(count)s requests to join %(group)s rejected.",
                rejected,
                group=group.name,
            ),
        )
    return redirect(_members_url(group, request.POST.get("query", "")))


# --- helpers -------------------------------------------------------------------------------


def _members_url(group, query: str) -> str:
    """The members page with the search and page it was on (our own path: only the query
    string comes from the form, re-encoded)."""
    url = reverse("staff:group_members", args=[group.pk])
    query = QueryDict(query).urlencode()
    return f"{url}?{query}" if query else url


def _groups_shown(group, customers) -> list:
    """The groups whose tags the page shows (for their colours): this one, and the members'."""
    groups = {group.pk: group}
    for customer in customers:
        for membership in customer.group_memberships.all():
            groups.setdefault(membership.group_id, membership.group)
    return list(groups.values())
