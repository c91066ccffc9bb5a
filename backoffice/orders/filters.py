"""The order list's search, filters and sorts. Every choice is a queryset of the shop."""

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.customers.forms import StaffMemberChoiceField
from orders.models import Order
from orders.selectors import SearchTooBroad, search_orders
from shopadmin.selectors import staff_of_shop

SORTS = {
    "-placed_at": ("-placed_at", "-pk"),
    "placed_at": ("placed_at", "pk"),
    "-gross": ("-gross_cents", "-pk"),
    "gross": ("gross_cents", "pk"),
}


class ManagerFilter(django_filters.ModelChoiceFilter):
    field_class = StaffMemberChoiceField


class OrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Order number, customer's name or email")}
        ),
    )
    status = django_filters.ChoiceFilter(
        choices=Order.Status.choices, label=_("Status"), empty_label=_("Any status")
    )
    placed_after = django_filters.DateFilter(
        method="filter_placed_after",
        label=_("Placed from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    placed_before = django_filters.DateFilter(
        method="filter_placed_before",
        label=_("to"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # As the column holds them (14 digits, 2 decimals): "1e99999999" is refused, not a 500.
    gross_min = django_filters.NumberFilter(
        method="filter_gross_min",
        label=_("Value from"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    gross_max = django_filters.NumberFilter(
        method="filter_gross_max",
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
    with_coupon = django_filters.BooleanFilter(
        method="filter_with_coupon", label=_("With a coupon"), widget=forms.CheckboxInput
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
        return search_orders(queryset, value)  # SearchTooBroad: see qs

    # Days in the shop's time, as bounds on the column itself, so that the index on
    # placed_at serves them (a cast to a date would read every order).
    def filter_placed_after(self, queryset, name, value):
        return queryset.filter(placed_at__gte=_midnight(value))

    def filter_placed_before(self, queryset, name, value):
        if value == date.max:
            return queryset
        return queryset.filter(placed_at__lt=_midnight(value + timedelta(days=1)))

    # On the value in cents, whose comparisons PostgreSQL may use under row-level security.
    def filter_gross_min(self, queryset, name, value):
        return queryset.filter(gross_cents__gte=int(value * 100))

    def filter_gross_max(self, queryset, name, value):
        return queryset.filter(gross_cents__lte=int(value * 100))

    def filter_mine(self, queryset, name, value):
        return queryset.filter(account_manager=self.user) if value else queryset

    def filter_with_coupon(self, queryset, name, value):
        return queryset.exclude(coupon_code="") if value else queryset

    def filter_sort(self, queryset, name, value):
        return queryset

    @property
    def qs(self):
        if self.is_bound and not self.form.is_valid():
            # A search or filter that does not hold (a bad date, a NUL byte) finds nothing:
            # listing every order instead would look like an answer. The form says why.
            return self.queryset.none()
        sort = self.form.cleaned_data.get("sort") if self.is_bound else ""
        try:
            found = super().qs
        except SearchTooBroad as error:
            self.form.add_error("q", str(error))
            self._qs = self.queryset.none()  # what super().qs gives from now on
            return self._qs
        return found.order_by(*SORTS.get(sort or "-placed_at", SORTS["-placed_at"]))

    @property
    def is_filtered(self) -> bool:
        named = (name for name in self.filters if name != "sort")
        return bool(self.form.is_bound and any(self.data.get(name) for name in named))


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
