"""The customer list's search and filters.

Every choice list (groups, account managers, saved filters) is built per request from the
current shop, so an id of another shop in the query string is an invalid choice: the form
says so and the filter is not applied.
"""

import math

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from customers import search
from customers.models import Customer, CustomerStanding
from customers.selectors import customers_of_shop, saved_filters_for, with_companions_of_shop
from groups.selectors import (
    customers_asking_to_join,
    groups_needing_approval,
    groups_of_shop,
    memberships_of_shop,
)
from shopadmin.querying import Total
from shopadmin.selectors import staff_of_shop

# The filters a staff member may show in the panel, in the panel's order, with the default
# set for someone who has not chosen. The search box is always there.
FILTER_CHOICES = {
    "group": _("Groups"),
    "asks_to_join": _("Waiting for approval in"),
    "status": _("Status"),
    "newsletter": _("Newsletter"),
    "orders_value": _("Orders value"),
    "orders_count_min": _("Orders, at least"),
    "registered_at": _("Registered"),
    "last_visit_at": _("Last visit"),
    "terms_accepted_at": _("Terms accepted"),
    "points_min": _("Loyalty points, at least"),
    "account_manager": _("Account manager"),
    "account_type": _("Account type"),
    "saved_filter": _("Matching a saved filter"),
}
DEFAULT_FILTERS = [
    "group",
    "status",
    "newsletter",
    "orders_value",
    "registered_at",
    "last_visit_at",
]

# Filters on a companion row of the customer (its statistics or its standing): the row they
# join is limited to the shop too (selectors.with_companions_of_shop).
COMPANION_FILTERS = {
    "orders_value": "stats",
    "orders_count_min": "stats",
    "points_min": "standing",
    "status": "standing",
}
RANGE_FILTERS = ["orders_value", "registered_at", "last_visit_at", "terms_accepted_at"]

# The "asks_to_join" filter's choice for a request to any of the groups that need approval.
ANY_GROUP = "any"


class YesNoAnySelect(forms.NullBooleanSelect):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("Any")), ("true", _("Yes")), ("false", _("No"))]


class CustomerFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        for name in RANGE_FILTERS:
            bounds = cleaned.get(name)
            inverted = bounds and None not in (bounds.start, bounds.stop)
            if inverted and bounds.start > bounds.stop:
                self.add_error(name, _("The start of the range is after its end."))
        return cleaned


class CustomerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    group = django_filters.ModelMultipleChoiceFilter(
        method="filter_groups", label=_("Groups"), queryset=None
    )
    # Customers who asked to join a group that needs approval and wait for staff: one such
    # group of the shop, or any of them. A group that does not need approval (or another
    # shop's) is not among the choices, so its id is refused.
    asks_to_join = django_filters.ModelChoiceFilter(
        method="filter_asks_to_join",
        label=_("Waiting for approval in"),
        queryset=None,
        empty_label=_("Not filtered"),
        null_label=_("Any group"),
        null_value=ANY_GROUP,
        error_messages={"invalid_choice": _("Choose one of the shop's groups that need approval.")},
    )
    status = django_filters.ChoiceFilter(
        field_name="standing__status",
        choices=CustomerStanding.Status.choices,
        label=_("Status"),
        empty_label=_("Any"),
    )
    newsletter = django_filters.BooleanFilter(label=_("Newsletter"), widget=YesNoAnySelect)
    orders_value = django_filters.RangeFilter(method="filter_orders_value", label=_("Orders value"))
    orders_count_min = django_filters.NumberFilter(
        field_name="stats__orders_count", lookup_expr="gte", label=_("Orders, at least")
    )
    registered_at = django_filters.DateFromToRangeFilter(label=_("Registered"))
    last_visit_at = django_filters.DateFromToRangeFilter(label=_("Last visit"))
    terms_accepted_at = django_filters.DateFromToRangeFilter(label=_("Terms accepted"))
    points_min = django_filters.NumberFilter(
        field_name="standing__points_balance",
        lookup_expr="gte",
        label=_("Loyalty points, at least"),
    )
    account_manager = django_filters.ModelChoiceFilter(
        label=_("Account manager"), queryset=None, empty_label=_("Any")
    )
    account_type = django_filters.ChoiceFilter(
        choices=Customer.AccountType.choices, label=_("Account type"), empty_label=_("Any")
    )
    saved_filter = django_filters.ModelChoiceFilter(
        method="filter_saved",
        label=_("Matching a saved filter"),
        queryset=None,
        empty_label=_("Any"),
    )

    class Meta:
        model = Customer
        fields = []
        form = CustomerFilterForm

    def __init__(self, data, *, queryset, shop, user, nested=False):
        super().__init__(data, queryset=queryset)
        self.shop = shop
        self.user = user
        fields = self.form.fields
        fields["group"].queryset = groups_of_shop(shop).order_by("name")
        fields["asks_to_join"].queryset = groups_needing_approval(shop)
        fields["account_manager"].queryset = staff_of_shop(shop)
        if nested:
            # A saved filter used as a criterion applies its own filters, not other saved ones.
            del fields["saved_filter"]
        else:
            fields["saved_filter"].queryset = saved_filters_for(shop=shop, user=user)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        used = {
            companion
            for name, companion in COMPANION_FILTERS.items()
            if self.form.cleaned_data.get(name) not in (None, "")
        }
        return with_companions_of_shop(queryset, shop=self.shop, companions=used)

    def filter_search(self, queryset, name, value):
        queryset, self.search_overflows = search.search_customers(queryset, value)
        return queryset

    def known_total(self) -> Total | None:
        """The total without counting: when the search alone matches more customers than
        the search lists by id and no filter narrows them, "more than" that is true."""
        if getattr(self, "search_overflows", False) and not self.active_filter_names():
            return Total(search.MAX_MATCHED_IDS, exact=False)
        return None

    def filter_orders_value(self, queryset, name, bounds):
        # Compared in whole cents (an integer column): see CustomerStats.orders_value_gross_cents.
        if bounds.start is not None:
            queryset = queryset.filter(
                stats__orders_value_gross_cents__gte=math.ceil(bounds.start * 100)
            )
        if bounds.stop is not None:
            queryset = queryset.filter(
                stats__orders_value_gross_cents__lte=math.floor(bounds.stop * 100)
            )
        return queryset

    def filter_groups(self, queryset, name, groups):
        if not groups:
            return queryset
        members = memberships_of_shop(self.shop).filter(group__in=groups).values("customer_id")
        return queryset.filter(pk__in=members)

    def filter_asks_to_join(self, queryset, name, group):
        waiting = customers_asking_to_join(self.shop, None if group == ANY_GROUP else group)
        return queryset.filter(pk__in=waiting)

    def filter_saved(self, queryset, name, saved_filter):
        nested = CustomerFilter(
            saved_filter.as_query_dict(),
            queryset=queryset,
            shop=self.shop,
            user=self.user,
            nested=True,
        )
        if not nested.is_valid():
            # A group or manager it names is gone: matching nobody is safe, dropping that
            # criterion would match more customers than the filter ever meant (and feed bulk
            # actions on "all matching").
            return queryset.none()
        return nested.qs

    def active_filter_names(self) -> set[str]:
        """The panel's filters that were given a value (shown even when hidden by choice)."""
        if not self.is_bound:
            return set()
        return {name for name in FILTER_CHOICES if _has_value(self.form[name].value())}


def _has_value(value) -> bool:
    if isinstance(value, list | tuple):  # a range's two ends, or several groups
        return any(_has_value(part) for part in value)
    return value not in (None, "")


# Why a job over "all matching" stops when customers_matching answers None.
FILTERS_NO_LONGER_HOLD = _("The list's filters are no longer valid; the job stopped.")


def customers_matching(query, *, shop, user):
    """The shop's customers that the list's search and filters in `query` (a QueryDict) match
    now, or None when the filters no longer hold (the group they name was deleted): work on
    "all matching" must stop then, not take the empty result for "nobody"."""
    filterset = CustomerFilter(query, queryset=customers_of_shop(shop), shop=shop, user=user)
    return filterset.qs if filterset.is_valid() else None
