from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.audit.words import ACTION_LABELS


class AuditFilterForm(forms.Form):
    """Who, what, when and which customer: every value from the address, checked."""

    actor = forms.ModelChoiceField(
        label=_("Done by"), queryset=None, required=False, empty_label=_("anyone")
    )
    action = forms.ChoiceField(label=_("Kind of event"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))
    customer = forms.EmailField(label=_("Customer (email)"), required=False, max_length=254)

    def __init__(self, data, *, staff):
        super().__init__(data)
        self.fields["actor"].queryset = staff
        choices = sorted(
            ((key, str(label)) for key, label in ACTION_LABELS.items()), key=lambda c: c[1]
        )
        self.fields["action"].choices = [("", _("anything")), *choices]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end comes before the start."))
        return cleaned
