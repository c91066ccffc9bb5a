"""The group list's search box."""

import django_filters
from django.utils.translation import gettext_lazy as _

from groups.models import CustomerGroup


class GroupFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_name", label=_("Search"))

    class Meta:
        model = CustomerGroup
        fields = []

    def filter_name(self, queryset, name, value):
        value = " ".join(value.split())
        return queryset.filter(name__icontains=value) if value else queryset
