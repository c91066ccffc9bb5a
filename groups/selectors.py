from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q
from django.shortcuts import get_object_or_404

from customers.search import search_customers
from customers.selectors import customers_of_shop, selected_customers
from groups.models import CustomerGroup, GroupMembership, GroupRequest, PricingTemplate


def groups_of_shop(shop):
    return CustomerGroup.objects.filter(shop=shop)


def get_group_for_shop(shop, pk):
    return get_object_or_404(groups_of_shop(shop), pk=pk)


def groups_of_customer(shop, customer):
    return (
        groups_of_shop(shop)
        .filter(memberships__shop=shop, memberships__customer=customer)
        .order_by("name")
    )


def memberships_of_customer(shop, customer):
    """The customer's memberships with their groups, by the group's name."""
    return (
        memberships_of_shop(shop)
        .filter(customer=customer)
        .select_related("group")
        .order_by("group__name", "group_id")
    )


def groups_customers_may_choose(shop):
    """The groups a customer may choose at registration or in their account, by name: none
    when the shop's settings offer no choice of groups."""
    if not shop.registration_offers_groups:
        return groups_of_shop(shop).none()
    return groups_of_shop(shop).filter(self_selectable=True).order_by("name", "pk")


def groups_requested_by(shop, customer):
    """The groups the customer asked to join that staff have not approved yet."""
    return (
        groups_of_shop(shop)
        .filter(requests__shop=shop, requests__customer=customer)
        .order_by("name")
    )


def groups_needing_approval(shop):
    """The shop's groups that a customer joins only once staff approve, by name."""
    return groups_of_shop(shop).filter(needs_approval=True).order_by("name", "pk")


def customers_asking_to_join(shop, group=None):
    """The ids of the customers waiting for approval to join `group`, or any of the shop's
    groups that need approval when `group` is None: a subquery for the customer list's filter
    (`pk__in`), one query whatever the number of requests."""
    requests = GroupRequest.objects.filter(shop=shop)
    if group is None:
        requests = requests.filter(group__in=groups_needing_approval(shop).values("pk"))
    else:
        requests = requests.filter(group=group)
    return requests.values("customer_id")


def requests_of_customers(shop, group, customers):
    """The requests to join `group` of the customers in `customers` (a queryset)."""
    return GroupRequest.objects.filter(
        shop=shop, group=group, customer__in=selected_customers(shop, customers)
    )


def requests_to_join(shop, group):
    """The customers waiting to join `group`, newest request first, with the customer."""
    return (
        GroupRequest.objects.filter(shop=shop, group=group)
        .select_related("customer")
        .order_by("-requested_at", "-pk")
    )


def groups_of_customers(shop, customer_ids) -> dict[int, list]:
    """customer id -> their groups by name, for many customers in one query (the PDF cards)."""
    memberships = (
        memberships_of_shop(shop)
        .filter(customer_id__in=customer_ids)
        .select_related("group")
        .order_by("group__name", "group_id")
    )
    found = {}
    for membership in memberships:
        found.setdefault(membership.customer_id, []).append(membership.group)
    return found


def memberships_of_shop(shop):
    return GroupMembership.objects.filter(shop=shop)


def groups_with_member_counts(shop):
    """The shop's groups with `members_count` and their pricing template, in one query for
    any number of them (the group list). The memberships are joined on the shop too, so the
    join can walk their (shop, group, customer) index."""
    return (
        groups_of_shop(shop)
        .select_related("pricing_template")
        .annotate(
            shop_memberships=FilteredRelation("memberships", condition=Q(memberships__shop=shop))
        )
        .annotate(members_count=Count("shop_memberships"))
    )


def members_of_group(shop, group):
    """The group's customers, as a queryset of the shop's customers."""
    members = memberships_of_shop(shop).filter(group=group).values("customer_id")
    return customers_of_shop(shop).filter(pk__in=members)


def member_count(shop, group) -> int:
    return memberships_of_shop(shop).filter(group=group).count()


def with_membership_of(queryset, *, shop, group):
    """`queryset` of customers, each marked `in_group` when already a member of `group`."""
    membership = memberships_of_shop(shop).filter(group=group, customer=OuterRef("pk"))
    return queryset.annotate(in_group=Exists(membership))


def customers_to_add(shop, group, term: str, *, limit: int):
    """The shop's customers matching `term` (the customer list's search), by name, each
    marked `in_group`; at most `limit`, and whether there were more."""
    found, _overflows = search_customers(customers_of_shop(shop), term)
    found = with_membership_of(found, shop=shop, group=group)
    rows = list(found.order_by("last_name", "first_name", "pk")[: limit + 1])
    return rows[:limit], len(rows) > limit


# --- Pricing templates -------------------------------------------------------------------


def pricing_templates_of_shop(shop):
    return PricingTemplate.objects.filter(shop=shop)


def get_pricing_template_for_shop(shop, pk):
    return get_object_or_404(pricing_templates_of_shop(shop), pk=pk)


def pricing_template_name_taken(shop, name: str, *, except_template=None) -> bool:
    templates = pricing_templates_of_shop(shop).filter(name__iexact=name)
    if except_template is not None:
        templates = templates.exclude(pk=except_template.pk)
    return templates.exists()


def groups_using_template(shop, template):
    return groups_of_shop(shop).filter(pricing_template=template).order_by("name", "pk")


def with_groups_using_them(shop, templates: list) -> list:
    """`templates` (a page of them), each with `groups`: the groups that use it, by name; one
    query for the page."""
    users = {}
    using = groups_of_shop(shop).filter(pricing_template__in=templates)
    for group in using.order_by("name", "pk"):
        users.setdefault(group.pricing_template_id, []).append(group)
    for template in templates:
        template.groups = users.get(template.pk, [])
    return templates
