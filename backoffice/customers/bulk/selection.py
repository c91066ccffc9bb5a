"""Which customers a bulk action applies to: the ticked rows, or every customer matching the
list's search and filters, re-evaluated inside the shop when the action runs."""

from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from backoffice.customers.filters import customers_matching
from customers.selectors import customers_of_shop

SCOPE_SELECTED = "selected"
SCOPE_ALL = "all"


@dataclass(frozen=True)
class Selection:
    customers: object  # a queryset of the shop's customers
    scope: str
    query: str  # the list's query string, to return to the list as it was
    # False when the list's filters no longer hold (their group or saved filter was deleted):
    # the selection is then empty, which a job must not take for "nobody left to do".
    valid: bool = True


class IdsField(forms.TypedMultipleChoiceField):
    """Ticked row ids: any whole numbers; the selection keeps only this shop's customers."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, **kwargs)

    def valid_value(self, value):
        return str(value).isdigit()


class SelectionForm(forms.Form):
    """What the list's action bar sends: the action, the scope, ticked ids and the list's
    own query string (its search, filters and sort)."""

    action = forms.CharField()
    scope = forms.ChoiceField(choices=[(SCOPE_SELECTED, SCOPE_SELECTED), (SCOPE_ALL, SCOPE_ALL)])
    ids = IdsField(required=False)
    query = forms.CharField(required=False)

    def __init__(self, *args, actions: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = actions

    def clean_action(self):
        name = self.cleaned_data["action"]
        if name not in self.actions:
            raise forms.ValidationError(_("Choose an action."))
        return self.actions[name]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == SCOPE_SELECTED and not cleaned.get("ids"):
            raise forms.ValidationError(
                _("Tick at least one customer, or choose all customers matching the search.")
            )
        return cleaned

    def selection(self, *, shop, user, taken=None) -> Selection:
        """The customers chosen; `taken`: those a job took when it started, instead."""
        query = QueryDict(self.cleaned_data["query"] or "")
        if taken is not None:
            valid = True
            customers = taken
        elif self.cleaned_data["scope"] == SCOPE_ALL:
            matching = customers_matching(query, shop=shop, user=user)
            valid = matching is not None
            customers = matching if valid else customers_of_shop(shop).none()
        else:
            valid = True
            customers = customers_of_shop(shop).filter(pk__in=self.cleaned_data["ids"])
        return Selection(
            customers=customers,
            scope=self.cleaned_data["scope"],
            query=query.urlencode(),
            valid=valid,
        )
