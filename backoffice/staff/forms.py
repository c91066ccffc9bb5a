from django import forms
from django.utils.translation import gettext_lazy as _

from shopadmin.models import Role


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.SUPPORT)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RemoveForm(forms.Form):
    """Who takes over the customers the member managed: another staff member, or nobody."""

    successor = forms.ModelChoiceField(
        label=_("Their customers go to"),
        queryset=None,
        required=False,
        empty_label=_("nobody: they keep no account manager"),
    )

    def __init__(self, *args, staff, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = staff.exclude(pk=member.pk)
