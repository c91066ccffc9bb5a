"""The customer's own details, as staff add or edit them. Every choice (account manager,
groups) is a queryset of the current shop, built per form."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from customers.services import email_taken_error
from groups.selectors import groups_of_shop
from shopadmin.selectors import staff_of_shop
from ui.forms import VatNumberField

ACCOUNT, GUEST = "login", "guest"


class StaffMemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.email


class CustomerForm(forms.Form):
    """New customer (with `account_type`) or an existing one's details (`customer`). Groups
    are offered when the staff member may change memberships (`with_groups`)."""

    account_type = forms.ChoiceField(
        label=_("Account"),
        choices=[
            (ACCOUNT, _("Login account: the customer gets a link to choose a password")),
            (GUEST, _("Guest: no login, cannot join groups")),
        ],
        initial=ACCOUNT,
        widget=forms.RadioSelect,
    )
    make_login = forms.BooleanField(
        label=_("Give this guest a login account: orders stay, a password link is sent"),
        required=False,
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    company_name = forms.CharField(label=_("Company"), max_length=255, required=False)
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    vat_number = VatNumberField(
        help_text=_("With or without the country prefix; spaces and dashes are dropped.")
    )
    street = forms.CharField(label=_("Street"), max_length=255, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        help_text=_("Two letters, e.g. PL, FR, IT."),
    )
    newsletter = forms.BooleanField(
        label=_("Subscribed to the newsletter (the customer agreed)"), required=False
    )
    account_manager = StaffMemberChoiceField(
        label=_("Account manager"), queryset=None, required=False, empty_label=_("nobody")
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the shop's staff only; the customer never sees it."),
    )

    def __init__(self, *args, shop, customer=None, with_groups: bool, with_manager: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.shop, self.customer = shop, customer
        if with_manager:  # the account manager is for roles that may handle orders
            self.fields["account_manager"].queryset = staff_of_shop(shop)
        else:
            del self.fields["account_manager"]
        if with_groups:
            self.fields["groups"].queryset = groups_of_shop(shop).order_by("name", "pk")
        else:
            del self.fields["groups"]
        if customer is None:
            del self.fields["make_login"]
        else:
            del self.fields["account_type"]
            if not customer.is_guest:
                del self.fields["make_login"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        if error := email_taken_error(self.shop, email, customer=self.customer):
            raise forms.ValidationError(error)
        return email

    def clean_country(self):
        value = self.cleaned_data["country"].strip().upper()
        if value and not re.fullmatch(r"[A-Z]{2}", value):
            raise forms.ValidationError(_("Give the country as two letters, e.g. PL."))
        return value

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("first_name", "last_name", "company_name")):
            raise forms.ValidationError(_("Give a first name, a last name or a company."))
        guest = (
            cleaned.get("account_type") == GUEST
            if self.customer is None
            else self.customer.is_guest and not cleaned.get("make_login")
        )
        if guest and cleaned.get("groups"):
            self.add_error("groups", _("Guests cannot join groups."))
        return cleaned

    def customer_fields(self) -> dict:
        """The cleaned values that are the customer's own (for the services)."""
        skip = {"account_type", "make_login", "groups"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}
