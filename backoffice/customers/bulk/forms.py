"""The options of the bulk actions that have some; every choice is limited to the shop."""

import uuid

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from customers.campaigns import (
    PLACEHOLDER,
    PLACEHOLDERS,
    as_placeholders,
    unknown_placeholders_error,
)
from customers.selectors import customers_of_shop
from discounts.selectors import coupons_of_shop
from groups.selectors import groups_needing_approval, groups_of_shop
from loyalty import services as loyalty_services
from shopadmin.selectors import staff_of_shop


class OptionsForm(forms.Form):
    """An action's options. Every choice of rows is set from the shop in `shop_choices`:
    a form's default queryset would list every shop's rows."""

    def __init__(self, *args, shop, selection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.selection = selection
        self.shop_choices(shop)

    def shop_choices(self, shop):
        pass


class ExistingGroupForm(OptionsForm):
    group = forms.ModelChoiceField(label=_("Group"), queryset=None)

    def shop_choices(self, shop):
        self.fields["group"].queryset = groups_of_shop(shop).order_by("name")


class RequestedGroupForm(OptionsForm):
    """A group that needs approval, whose requests to join are approved or rejected. From the
    list filtered on one such group, that group is chosen already."""

    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=None,
        help_text=_(
            "Only the customers who asked to join it are concerned; the others stay as they are."
        ),
        error_messages={"invalid_choice": _("Choose one of the shop's groups that need approval.")},
    )

    def shop_choices(self, shop):
        self.fields["group"].queryset = groups_needing_approval(shop)
        if self.selection is not None:
            # Only a preselection: the choices rendered are the shop's, so a foreign id in the
            # list's query selects nothing.
            filtered_on = QueryDict(self.selection.query).get("asks_to_join", "")
            if filtered_on.isdigit():
                self.initial.setdefault("group", filtered_on)


class GroupForm(OptionsForm):
    """An existing group, or a new one made here (its name and tag colour)."""

    group = forms.ModelChoiceField(
        label=_("Group"), queryset=None, required=False, empty_label=_("A new group…")
    )
    new_group = forms.CharField(label=_("New group's name"), max_length=100, required=False)
    new_group_colour = forms.CharField(
        label=_("New group's tag colour"),
        initial="#1E88E5",
        max_length=7,
        required=False,
        widget=forms.TextInput(attrs={"type": "color"}),
    )

    def shop_choices(self, shop):
        self.fields["group"].queryset = groups_of_shop(shop).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("group") and not cleaned.get("new_group", "").strip():
            raise forms.ValidationError(_("Choose a group, or name the new one."))
        return cleaned


class GroupsForm(OptionsForm):
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to remove the customers from every group."),
    )

    def shop_choices(self, shop):
        self.fields["groups"].queryset = groups_of_shop(shop).order_by("name")


class ManagerForm(OptionsForm):
    manager = forms.ModelChoiceField(
        label=_("Account manager"), queryset=None, required=False, empty_label=_("Nobody")
    )
    move_orders = forms.BooleanField(
        label=_("Also move their existing orders to this manager"), required=False
    )

    def shop_choices(self, shop):
        self.fields["manager"].queryset = staff_of_shop(shop)


class PointsForm(OptionsForm):
    mode = forms.ChoiceField(
        label=_("Change"),
        choices=[
            (loyalty_services.ADD, _("Add points")),
            (loyalty_services.SUBTRACT, _("Subtract points")),
            (loyalty_services.SET, _("Set the balance to")),
        ],
    )
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=10_000_000)
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("points") == 0 and cleaned.get("mode") != loyalty_services.SET:
            self.add_error("points", _("Give a positive number of points."))
        return cleaned


def service_message_field():
    return forms.BooleanField(
        label=_("Service message: send also to customers not subscribed to the newsletter"),
        required=False,
        help_text=_("Only for information about their account or orders, never for marketing."),
    )


class RecipientChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, customer):
        return f"{customer.display_name} <{customer.email}>"

    def to_python(self, value):
        # Only the preview uses it: a recipient who is no longer among the first ones of the
        # selection previews nobody, rather than stopping the email from being sent.
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


class EmailForm(OptionsForm):
    """An email with placeholders, and the recipient whose copy the preview shows."""

    PREVIEW_CHOICES = 50

    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}))
    coupon = forms.ModelChoiceField(
        label=_("Coupon for {{ coupon_code }}"),
        queryset=None,
        required=False,
        empty_label=_("No coupon"),
    )
    service_message = service_message_field()
    preview_for = RecipientChoiceField(
        label=_("Preview as"), queryset=None, required=False, empty_label=None
    )
    # New for each dialog, kept through previews: submitting it twice sends one email.
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("form_token", uuid.uuid4().hex)

    def shop_choices(self, shop):
        self.fields["coupon"].queryset = coupons_of_shop(shop).order_by("code")
        names = as_placeholders(PLACEHOLDERS)
        self.fields["body"].help_text = _("Placeholders: %(names)s.") % {"names": names}
        # The preview offers the first recipients of the selection, by name.
        chosen = self.selection.customers if self.selection else customers_of_shop(shop).none()
        first = chosen.order_by("last_name", "first_name", "pk")
        ids = list(first.values_list("pk", flat=True)[: self.PREVIEW_CHOICES])
        self.fields["preview_for"].queryset = (
            customers_of_shop(shop)
            .filter(pk__in=ids)
            .select_related("standing")
            .order_by("last_name", "first_name", "pk")
        )

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("subject", "") + cleaned.get("body", "")
        error = unknown_placeholders_error(text)
        if error:
            raise forms.ValidationError(error, code="placeholder")
        if "coupon_code" in PLACEHOLDER.findall(text) and not cleaned.get("coupon"):
            self.add_error("coupon", _("The message names {{ coupon_code }}: choose the coupon."))
        return cleaned


class CouponForm(OptionsForm):
    """An existing coupon, or a new one made here: a code and a percentage off."""

    coupon = forms.ModelChoiceField(
        label=_("Coupon"), queryset=None, required=False, empty_label=_("A new coupon…")
    )
    new_code = forms.CharField(label=_("New coupon code"), max_length=40, required=False)
    new_percent = forms.DecimalField(
        label=_("New coupon: percentage off"),
        min_value=0.01,
        max_value=100,
        decimal_places=2,
        required=False,
    )

    email = forms.BooleanField(label=_("Email the customers their coupon"), required=False)
    service_message = service_message_field()

    def shop_choices(self, shop):
        self.fields["coupon"].queryset = coupons_of_shop(shop).order_by("code")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("coupon") and not (
            cleaned.get("new_code") and cleaned.get("new_percent")
        ):
            raise forms.ValidationError(
                _("Choose a coupon, or give the new coupon's code and percentage.")
            )
        return cleaned


class ExportForm(OptionsForm):
    columns = forms.ChoiceField(
        label=_("Columns"),
        choices=[("visible", _("The list's columns, in their order")), ("all", _("Every field"))],
        widget=forms.RadioSelect,
        initial="visible",
    )
    bom = forms.BooleanField(
        label=_("For Excel (UTF-8 with a byte order mark)"), required=False, initial=True
    )
