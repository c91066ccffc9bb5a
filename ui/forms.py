"""What the staff back-office and the storefront share: the email login form and form helpers."""

import re
import unicodedata

import babel
from django import forms
from django.contrib.auth import authenticate
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class EmailLoginForm(forms.Form):
    """Email and password of an account in one shop: staff (`shop=None`) or a shop's customer.

    The same email may have a staff account and customer accounts in several shops, each with
    its own password, so the form always says which shop it logs into.
    """

    invalid_login_message = _("That email and password do not match a staff account.")

    email = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, shop=None, **kwargs):
        self.request = request
        self.shop = shop
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.user = authenticate(
            self.request, email=cleaned["email"], password=cleaned["password"], shop=self.shop
        )
        if self.user is None:
            raise forms.ValidationError(self.invalid_login_message, code="invalid_login")
        self.confirm_login_allowed(self.user)
        return cleaned

    def confirm_login_allowed(self, user):
        """Raise a ValidationError to refuse a correct password (a blocked account, say)."""


class VatNumberField(forms.CharField):
    """A VAT number as typed (customers.services stores it without separators): letters,
    digits, spaces, dots, slashes and dashes only."""

    allowed = re.compile(r"^[A-Za-z0-9 ./-]*$")

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("VAT number"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if not self.allowed.match(value):
            raise forms.ValidationError(
                _("A VAT number has letters, digits, spaces and dashes only."), code="invalid"
            )
        if value and not any(char.isalnum() for char in value):  # "- -" would be kept as ""
            raise forms.ValidationError(_("A VAT number has letters or digits."), code="invalid")


def errors_text(form) -> str:
    """Every error of a bound form in one line, for a message or a job's reason."""
    return " ".join(" ".join(errors) for errors in form.errors.values())


class CountryField(forms.ChoiceField):
    """A country as its two-letter ISO code, chosen from the names in the active language
    (Babel's CLDR data): "Polska", "France", "Italia"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Country"))
        super().__init__(choices=_countries, **kwargs)


def _countries() -> list[tuple[str, str]]:
    territories = babel.Locale.parse(translation.to_locale(translation.get_language() or "en"))
    named = [
        (code, name)
        for code, name in territories.territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    ]
    return [("", "—"), *sorted(named, key=lambda choice: _folded(choice[1]))]


def _folded(name: str) -> str:
    """The name without accents, for an order that puts "Österreich" among the O's and
    "Łotwa" among the L's (letters with a stroke have no accent to drop, hence the table)."""
    name = name.translate(STROKED)
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


STROKED = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ß": "ss"})


# CLDR's two-letter regions that are not countries one lives in.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
