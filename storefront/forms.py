from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from customers.selectors import customer_of_user
from customers.self_service import OWN_DETAILS
from groups.selectors import groups_customers_may_choose
from shopadmin.models import User
from ui.forms import CountryField, EmailLoginForm, VatNumberField


class CustomerLoginForm(EmailLoginForm):
    """A customer's login on their shop's storefront; a blocked account is refused."""

    invalid_login_message = _("That email and password do not match an account in this shop.")

    def confirm_login_allowed(self, user):
        customer = customer_of_user(shop=self.shop, user=user)
        if customer is None:
            raise forms.ValidationError(self.invalid_login_message, code="invalid_login")
        if customer.standing.is_blocked:
            raise forms.ValidationError(
                _("This account is blocked. Please contact the shop."), code="blocked"
            )
        if customer.email_confirmation_needed:
            self.unconfirmed_customer = customer  # the view sends a new link
            raise forms.ValidationError(
                _(
                    "Confirm your email address first: open the link we sent to %(email)s. "
                    "We have just sent a new one."
                ),
                code="unconfirmed",
                params={"email": customer.email},
            )


class GroupChoiceField(forms.ModelChoiceField):
    """One group, as radio buttons labelled with the group's name (its tag and description
    are shown beside it by the template)."""

    widget = forms.RadioSelect

    def label_from_instance(self, group):
        return group.name


class GroupsChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, group):
        return group.name


def check_new_password(form, field: str, again: str, user) -> None:
    """A new password typed twice alike, that passes the password validators for `user`;
    else the error on its field."""
    password = form.cleaned_data.get(field)
    if password and form.cleaned_data.get(again) != password:
        form.add_error(again, _("The two passwords differ."))
    elif password:
        try:
            password_validation.validate_password(password, user)
        except forms.ValidationError as error:
            form.add_error(field, error)


class ChooseGroupsMixin:
    """The `groups` field of a form where customers choose their groups: the shop's
    self-selectable ones, as radio buttons (one) or tick boxes (several) by the shop's setting;
    no field when it offers none. A forged id (another shop's group, one not offered) is
    refused by the field."""

    def add_groups_field(self, *, none_label=None):
        offered = groups_customers_may_choose(self.shop)
        self.offered_groups = list(offered)
        if not self.offered_groups:
            return
        if self.shop.customers_may_choose_several_groups:
            self.fields["groups"] = GroupsChoiceField(
                label=_("Groups that fit you"), queryset=offered, required=False
            )
        else:
            self.fields["groups"] = GroupChoiceField(
                label=_("The group that fits you"),
                queryset=offered,
                required=False,
                empty_label=none_label,
                blank=none_label is not None,  # else radio buttons leave the empty choice out
            )

    def clean_groups(self):
        chosen = self.cleaned_data["groups"]
        several = self.shop.customers_may_choose_several_groups
        if not several and len(self.data.getlist(self.add_prefix("groups"))) > 1:
            # Radio buttons send one value; two are a forged request, not a choice to guess.
            raise forms.ValidationError(_("Choose one group."), code="one_group")
        return chosen

    def chosen_groups(self) -> list:
        chosen = self.cleaned_data.get("groups")
        if chosen is None:
            return []
        return list(chosen) if self.shop.customers_may_choose_several_groups else [chosen]


class ContactForm(forms.Form):
    """Who the customer is, as they give it at registration and change it in their account."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    company_name = forms.CharField(
        label=_("Company (optional)"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    vat_number = VatNumberField(label=_("VAT number (optional)"))
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    newsletter = forms.BooleanField(
        label=_("Send me the shop's newsletter"), required=False, initial=False
    )


class RegistrationForm(ChooseGroupsMixin, ContactForm):
    """A new customer account in one shop. The groups offered are the shop's self-selectable
    ones: one (radio buttons) or several (tick boxes), as the shop allows; no field when it
    offers none. A forged id (another shop's group, one not offered) is refused by the field."""

    field_order = ["first_name", "last_name", "email", "password", "password_again"]

    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the shop's terms and conditions"),
        error_messages={"required": _("Accept the shop's terms to register.")},
    )

    def __init__(self, data=None, *, shop):
        super().__init__(data)
        self.shop = shop
        self.add_groups_field()
        last = ["groups", "newsletter", "accept_terms"]  # the choices, then the consents
        self.order_fields([name for name in self.fields if name not in last] + last)

    def clean(self):
        cleaned = super().clean()
        user = User(
            email=cleaned.get("email", ""),
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )
        check_new_password(self, "password", "password_again", user)
        return cleaned


class PasswordLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class CustomerDetailsForm(ContactForm):
    """What customers change of their own details (customers.self_service.OWN_DETAILS)."""

    field_order = OWN_DETAILS

    street = forms.CharField(
        label=_("Street and number"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label=_("City"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    country = CountryField(label=_("Country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff may have given a name or a company only: the customer keeps that choice.
        self.fields["first_name"].required = False
        self.fields["last_name"].required = False
        # A code the list does not name (staff typed "UK") stays as it is, not blanked.
        kept = self.initial.get("country")
        country = self.fields["country"]
        if kept and kept not in dict(country.choices):
            country.choices = [*country.choices, (kept, kept)]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("first_name", "last_name", "company_name")):
            raise forms.ValidationError(_("Give your name or your company's."))
        return cleaned


class ChangePasswordForm(forms.Form):
    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password_again = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        check_new_password(self, "new_password", "new_password_again", self.user)
        return cleaned


class ChangeEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("New email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class OwnGroupsForm(ChooseGroupsMixin, forms.Form):
    """The groups customers choose in their account; "none of these" lets them leave in a
    shop that offers one group."""

    def __init__(self, data=None, *, shop, initial_groups):
        super().__init__(data)
        self.shop = shop
        self.add_groups_field(none_label=_("None of these"))
        if "groups" in self.fields:
            several = shop.customers_may_choose_several_groups
            chosen = [group.pk for group in initial_groups]
            self.fields["groups"].initial = chosen if several else next(iter(chosen), None)


class AssistedLoginForm(forms.Form):
    assisted_login_consent = forms.BooleanField(
        label=_("The shop's staff may log in to my account to help me"), required=False
    )


class ProductSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search products by name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Product name")}),
    )
