"""The discount list's search and status filter."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from discounts.selectors import Status, search_discounts, status_q


class DiscountFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Discount name or coupon code")}
        ),
    )
    status = django_filters.ChoiceFilter(
        method="filter_status",
        choices=Status.CHOICES,
        label=_("Status"),
        empty_label=_("Any status"),
    )

    def __init__(self, *args, shop, **kwargs):
        self.shop = shop
        super().__init__(*args, **kwargs)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return search_discounts(self.shop, queryset, value) if value else queryset

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_q(value))

    @property
    def is_filtered(self) -> bool:
        return bool(self.form.is_bound and any(self.data.get(name) for name in ("q", "status")))
