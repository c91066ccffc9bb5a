"""The order list's search, filters and sorts. Every choice is a queryset of the shop."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backoffice.customers.forms import StaffMemberChoiceField
from orders.models import Order
from shopadmin.selectors import staff_of_shop

SORTS = {
    "-placed_at": ("-placed_at", "-pk"),
    "placed_at": ("placed_at", "pk"),
    "-gross": ("-gross", "-pk"),
    "gross": ("gross", "pk"),
}


class ManagerFilter(django_filters.ModelChoiceFilter):
    field_class = StaffMemberChoiceField


class OrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Order number or customer's email")}
        ),
    )
    status = django_filters.ChoiceFilter(
        choices=Order.Status.choices, label=_("Status"), empty_label=_("Any status")
    )
    placed_after = django_filters.DateFilter(
        field_name="placed_at",
        lookup_expr="date__gte",
        label=_("Placed from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    placed_before = django_filters.DateFilter(
        field_name="placed_at",
        lookup_expr="date__lte",
        label=_("to"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # As the column holds them (14 digits, 2 decimals): "1e99999999" is refused, not a 500.
    gross_min = django_filters.NumberFilter(
        field_name="gross",
        lookup_expr="gte",
        label=_("Value from"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    gross_max = django_filters.NumberFilter(
        field_name="gross",
        lookup_expr="lte",
        label=_("to"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    account_manager = ManagerFilter(
        queryset=None, label=_("Account manager"), empty_label=_("Anyone")
    )
    mine = django_filters.BooleanFilter(
        method="filter_mine", label=_("My orders"), widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        method="filter_sort",
        label=_("Sort"),
        empty_label=None,
        choices=[
            ("-placed_at", _("Newest first")),
            ("placed_at", _("Oldest first")),
            ("-gross", _("Highest value first")),
            ("gross", _("Lowest value first")),
        ],
    )

    def __init__(self, *args, shop, user, **kwargs):
        self.shop, self.user = shop, user
        super().__init__(*args, **kwargs)
        self.filters["account_manager"].queryset = staff_of_shop(shop)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__iexact=value) | Q(customer__email=value.lower()))

    def filter_mine(self, queryset, name, value):
        return queryset.filter(account_manager=self.user) if value else queryset

    def filter_sort(self, queryset, name, value):
        return queryset

    @property
    def qs(self):
        if self.is_bound and not self.form.is_valid():
            # A search or filter that does not hold (a bad date, a NUL byte) finds nothing:
            # listing every order instead would look like an answer. The form says why.
            return self.queryset.none()
        sort = self.form.cleaned_data.get("sort") if self.is_bound else ""
        return super().qs.order_by(*SORTS.get(sort or "-placed_at", SORTS["-placed_at"]))

    @property
    def is_filtered(self) -> bool:
        named = (name for name in self.filters if name != "sort")
        return bool(self.form.is_bound and any(self.data.get(name) for name in named))
