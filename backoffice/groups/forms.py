"""The group pages' forms. Choice lists are built per request from the current shop."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from customers.selectors import customers_of_shop
from groups.models import HEX_COLOUR, readable_text_colour
from groups.selectors import groups_of_shop, pricing_templates_of_shop
from groups.services import GROUP_FIELDS, name_taken_message

PERCENT_RANGE = _("Enter a percentage from 0 to 100.")
GUESTS_CANNOT_JOIN = _("Guest accounts cannot join groups: the customer must register first.")


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    tag_label = forms.CharField(
        label=_("Tag label"),
        max_length=30,
        required=False,
        help_text=_("Shown on the tag beside the customer's name; the group's name if empty."),
        widget=forms.TextInput(attrs={"data-tag-label": ""}),
    )
    tag_colour = forms.CharField(
        label=_("Tag colour"),
        max_length=7,
        initial="#607D8B",
        help_text=_("As #RRGGBB, e.g. #1E88E5, or pick it."),
        widget=forms.TextInput(
            attrs={"data-colour-text": "", "size": 8, "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    self_selectable = forms.BooleanField(
        label=_("Customers may choose this group at registration"), required=False
    )
    needs_approval = forms.BooleanField(
        label=_("A customer who chooses it waits for staff approval"),
        required=False,
        help_text=_("Their request shows on the group's members page until you approve it."),
    )
    pricing_template = forms.ModelChoiceField(
        label=_("Pricing template"), queryset=None, required=False, empty_label=_("None")
    )
    extra_discount_percent = forms.DecimalField(
        label=_("Extra discount %"),
        required=False,
        initial=0,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_("Off the group's prices, from 0 to 100. Empty means 0."),
        error_messages={"min_value": PERCENT_RANGE, "max_value": PERCENT_RANGE},
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    tax_exempt = forms.BooleanField(label=_("Tax exempt"), required=False)

    def __init__(self, data=None, *, shop, group=None):
        initial = None
        if group is not None:
            initial = {field: getattr(group, field) for field in GROUP_FIELDS}
            initial["pricing_template"] = group.pricing_template_id
        super().__init__(data, initial=initial)
        self.shop = shop
        self.group = group
        self.fields["pricing_template"].queryset = pricing_templates_of_shop(shop).order_by("name")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        taken = groups_of_shop(self.shop).filter(name__iexact=name)
        if self.group is not None:
            taken = taken.exclude(pk=self.group.pk)
        if taken.exists():
            raise forms.ValidationError(name_taken_message(name), code="duplicate")
        return name

    def clean_tag_colour(self):
        colour = self.cleaned_data["tag_colour"].strip()
        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
            raise forms.ValidationError(HEX_COLOUR.message, code="invalid")
        return colour.upper()

    def clean_extra_discount_percent(self):
        value = self.cleaned_data["extra_discount_percent"]
        return Decimal("0") if value is None else value

    # The tag preview as the page starts (static/js/group_form.js follows what is typed).

    def preview_colour(self) -> str:
        value = (self["tag_colour"].value() or "").strip()
        return value.upper() if re.fullmatch(r"#[0-9A-Fa-f]{6}", value) else "#607D8B"

    def preview_text_colour(self) -> str:
        return readable_text_colour(self.preview_colour())

    def preview_label(self) -> str:
        label = " ".join((self["tag_label"].value() or "").split())
        name = " ".join((self["name"].value() or "").split())
        return label or name[:30] or _("Tag")


class CustomerIdsForm(forms.Form):
    """The customers ticked on the members page: ids of this shop's customers only; any
    other id makes the form invalid, and nothing is done."""

    ids = forms.ModelMultipleChoiceField(queryset=None)

    def __init__(self, data, *, shop, required_message):
        super().__init__(data)
        field = self.fields["ids"]
        field.queryset = customers_of_shop(shop)
        field.error_messages["required"] = required_message
