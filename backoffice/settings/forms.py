"""The shop's settings page: one form in sections (shopadmin/shop_settings.py saves it)."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shopadmin.shop_settings import MAX_ASSISTED_MINUTES, TIME_ZONES

NONE, ONE, SEVERAL = "none", "one", "several"
HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")

# The form's sections, in order: (title, fields).
SECTIONS = [
    (_("The shop"), ["name", "address", "domain", "currency", "language", "time_zone"]),
    (_("Registration"), ["registration_groups", "registration_confirms_email"]),
    (_("Logging in as a customer"), ["assisted_login_needs_consent", "assisted_login_minutes"]),
    (_("Orders"), ["orders_go_to_account_manager"]),
    (
        _("Email to customers"),
        ["email_sender_name", "email_sender_address", "email_reply_to", "email_footer"],
    ),
]


class ShopSettingsForm(forms.Form):
    name = forms.CharField(label=_("Shop name"), max_length=200)
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed on the customer card and at the foot of the shop's emails."),
    )
    domain = forms.CharField(
        label=_("Storefront domain"),
        required=False,
        max_length=253,
        help_text=_("e.g. sklep.example.pl; empty: the storefront is at /s/<slug>/."),
    )
    currency = forms.CharField(
        label=_("Currency"), min_length=3, max_length=3, help_text=_("Three letters: PLN, EUR.")
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=[(zone, zone) for zone in TIME_ZONES]
    )
    registration_groups = forms.ChoiceField(
        label=_("Groups customers choose at registration"),
        choices=[
            (NONE, _("none")),
            (ONE, _("one of the groups marked “customers may choose”")),
            (SEVERAL, _("several of them")),
        ],
        widget=forms.RadioSelect,
    )
    registration_confirms_email = forms.BooleanField(
        label=_("New customers confirm their email address before logging in"), required=False
    )
    assisted_login_needs_consent = forms.BooleanField(
        label=_("Logging in as a customer needs the customer's consent"), required=False
    )
    assisted_login_minutes = forms.IntegerField(
        label=_("Minutes staff stay logged in as a customer"),
        min_value=1,
        max_value=MAX_ASSISTED_MINUTES,
    )
    orders_go_to_account_manager = forms.BooleanField(
        label=_("New orders go to the customer's account manager"), required=False
    )
    email_sender_name = forms.CharField(
        label=_("Sender name"),
        required=False,
        max_length=100,
        help_text=_("Empty: the shop's name."),
    )
    email_sender_address = forms.EmailField(label=_("Sender address"), required=False)
    email_reply_to = forms.EmailField(label=_("Replies go to"), required=False)
    email_footer = forms.CharField(
        label=_("Footer of every email"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def initial_of(cls, shop) -> dict:
        initial = {name: getattr(shop, name) for name in cls.base_fields if hasattr(shop, name)}
        initial["domain"] = shop.domain or ""
        if not shop.registration_offers_groups:
            initial["registration_groups"] = NONE
        else:
            several = shop.customers_may_choose_several_groups
            initial["registration_groups"] = SEVERAL if several else ONE
        return initial

    def clean_currency(self):
        value = self.cleaned_data["currency"].strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", value):
            raise forms.ValidationError(_("Use a three-letter ISO 4217 code."))
        return value

    def clean_address(self):
        return _one_newline(self.cleaned_data["address"])

    def clean_email_footer(self):
        return _one_newline(self.cleaned_data["email_footer"])

    def clean_domain(self):
        value = self.cleaned_data["domain"].strip().lower().rstrip(".")
        if value and not HOSTNAME.match(value):
            raise forms.ValidationError(_("Give a domain name such as sklep.example.pl."))
        return value

    def clean_name(self):
        return _one_line(self.cleaned_data["name"])

    def clean_email_sender_name(self):
        return _one_line(self.cleaned_data["email_sender_name"])

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in SECTIONS]

    def changes(self) -> dict:
        """The cleaned values as the shop keeps them (the groups' choice is two settings)."""
        data = dict(self.cleaned_data)
        groups = data.pop("registration_groups")
        data["registration_offers_groups"] = groups != NONE
        if groups != NONE:
            data["customers_may_choose_several_groups"] = groups == SEVERAL
        return data


def _one_newline(text: str) -> str:
    """Browsers send a text area's lines with CR LF; emails and the PDF want LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _one_line(text: str) -> str:
    """A name that goes into email headers: no line breaks or other control characters."""
    if any(ord(char) < 32 or ord(char) == 127 for char in text):
        raise forms.ValidationError(_("Use one line, without line breaks or tabs."))
    return " ".join(text.split())
