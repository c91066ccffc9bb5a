"""The discount and pricing-template forms. Every choice (categories, manufacturers, groups)
is a queryset of the current shop built per request, so another shop's id is an invalid
choice; products are given as SKUs and looked up in the shop only."""

import re
from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from discounts import selectors
from discounts.models import Coupon, Discount, PricingTemplate
from discounts.pricing import MINOR_UNIT_DIGITS
from discounts.services import CouponData, DiscountData

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
CODE_MAX_LENGTH = Coupon._meta.get_field("code").max_length
AMOUNT_LIMIT = Decimal("1e10")  # the model's 12 digits, 2 of them decimals
FIXED_AMOUNT_MESSAGES = {
    "not_positive": _("A fixed amount is an amount in %(currency)s of more than 0."),
    "too_precise": _(
        "A fixed amount is an amount in %(currency)s with at most %(places)d decimal places."
    ),
    "not_whole": _("A fixed amount in %(currency)s is a whole number."),
    "too_large": _("A fixed amount is less than 10,000,000,000 %(currency)s."),
}
MIN_SUBTOTAL_MESSAGES = {
    "not_positive": _("A minimum subtotal is an amount in %(currency)s of more than 0."),
    "too_precise": _(
        "A minimum subtotal is an amount in %(currency)s with at most %(places)d decimal places."
    ),
    "not_whole": _("A minimum subtotal in %(currency)s is a whole number."),
    "too_large": _("A minimum subtotal is less than 10,000,000,000 %(currency)s."),
}


def capitalised(choices) -> list:
    """A model's lower-case choice labels ("fixed amount"), as a form's options show them."""
    return [(value, capfirst(label)) for value, label in choices]


class CategoryChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, category):
        if category.parent_id:
            return f"{category.parent.name} › {category.name}"
        return category.name


class DiscountForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=capitalised(Discount.Kind.choices), widget=forms.RadioSelect
    )
    value = forms.DecimalField(label=_("Value"), max_digits=12)
    scope = forms.ChoiceField(
        label=_("Applies to"), choices=capitalised(Discount.Scope.choices), widget=forms.RadioSelect
    )
    product_skus = forms.CharField(
        label=_("Products (SKUs)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_("One SKU per line, or separated by commas."),
    )
    categories = CategoryChoice(
        label=_("Categories"), queryset=None, required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )  # fmt: skip
    manufacturers = forms.ModelMultipleChoiceField(
        label=_("Manufacturers"), queryset=None, required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )  # fmt: skip
    min_subtotal = forms.DecimalField(label=_("Minimum order subtotal"), required=False)
    audience = forms.ChoiceField(
        label=_("For"), choices=capitalised(Discount.Audience.choices), widget=forms.RadioSelect
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    active_from = forms.DateTimeField(label=_("Active from"), required=False, widget=DATETIME_INPUT)
    active_to = forms.DateTimeField(label=_("Active to"), required=False, widget=DATETIME_INPUT)
    priority = forms.IntegerField(
        label=_("Priority"), initial=0, min_value=-1_000_000, max_value=1_000_000,
        help_text=_("Names the rule on a quote when two give the same price; never changes it."),
    )  # fmt: skip
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    coupon_code = forms.CharField(label=_("Coupon code"), required=False, strip=True)
    coupon_max_uses_total = forms.IntegerField(
        label=_("Uses in total"), required=False, min_value=1, max_value=2_000_000_000
    )
    coupon_max_uses_per_customer = forms.IntegerField(
        label=_("Uses per customer"), required=False, min_value=1, max_value=2_000_000_000
    )

    def __init__(self, *args, shop, discount=None, coupon=None, **kwargs):
        self.shop, self.discount, self.coupon = shop, discount, coupon
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = selectors.categories_of_shop(shop)
        self.fields["manufacturers"].queryset = selectors.manufacturers_of_shop(shop)
        self.fields["groups"].queryset = selectors.groups_of_shop(shop)
        currency = shop.currency
        self.fields["value"].help_text = _(
            "A percentage, or an amount in %(currency)s off each unit (off the order when "
            "there is a minimum subtotal)."
        ) % {"currency": currency}
        self.fields["min_subtotal"].label = _("Minimum order subtotal (%(currency)s)") % {
            "currency": currency
        }
        self.fields["min_subtotal"].help_text = _(
            "Leave empty for a discount on each product. With a minimum, it is an order "
            "discount, given once the order's subtotal reaches it."
        )
        self.fields["coupon_code"].help_text = _(
            "Optional. With a code, the discount applies only to those who give it. "
            "Codes are unique in the shop whatever their case."
        )
        if coupon is not None:
            self.fields["coupon_code"].help_text += " " + gettext(
                "Clear the code to remove the coupon; the discount then applies without one."
            )
        if not self.is_bound:
            self.initial.update(_initial(shop, discount, coupon))

    @property
    def products(self):
        return self.cleaned_data.get("products", ())

    # --- field checks ---

    def clean_product_skus(self):
        text = self.cleaned_data["product_skus"]
        skus = list(dict.fromkeys(sku.strip() for sku in re.split(r"[,\n\r]+", text)))
        skus = [sku for sku in skus if sku]
        products = {p.sku: p for p in selectors.products_of_shop(self.shop).filter(sku__in=skus)}
        unknown = [sku for sku in skus if sku not in products]
        if unknown:
            raise forms.ValidationError(
                gettext("This shop has no product with the SKU %(skus)s.")
                % {"skus": ", ".join(f"“{sku}”" for sku in unknown)}
            )
        self.cleaned_data["products"] = tuple(products[sku] for sku in skus)
        return "\n".join(skus)

    def clean_min_subtotal(self):
        amount = self.cleaned_data["min_subtotal"]
        if amount is not None:
            self._check_amount(amount, MIN_SUBTOTAL_MESSAGES)
        return amount

    def clean_coupon_code(self):
        code = self.cleaned_data["coupon_code"]
        if not code:
            return ""
        if re.search(r"\s", code):
            raise forms.ValidationError(_("A coupon code has no spaces."))
        if len(code) > CODE_MAX_LENGTH:
            raise forms.ValidationError(
                _("A coupon code is at most %(max)d characters (this one has %(length)d).")
                % {"max": CODE_MAX_LENGTH, "length": len(code)}
            )
        if selectors.coupon_code_taken(self.shop, code, except_coupon=self.coupon):
            raise forms.ValidationError(
                _("The coupon code “%(code)s” exists already in this shop (in any case).")
                % {"code": code}
            )
        return code

    # --- checks across fields ---

    def clean(self):
        cleaned = super().clean()
        self._check_value(cleaned)
        self._check_dates(cleaned)
        self._check_targets(cleaned)
        needs_groups = cleaned.get("audience") == Discount.Audience.GROUPS
        if needs_groups and "groups" not in self.errors and not cleaned.get("groups"):
            self.add_error("groups", _("Choose at least one group."))
        limits = ("coupon_max_uses_total", "coupon_max_uses_per_customer")
        if not cleaned.get("coupon_code") and "coupon_code" not in self.errors:
            for name in limits:
                if cleaned.get(name) is not None:
                    self.add_error(name, _("A usage limit needs a coupon code."))
        return cleaned

    def _check_value(self, cleaned):
        value, kind = cleaned.get("value"), cleaned.get("kind")
        if value is None or kind is None:
            return
        if kind == Discount.Kind.PERCENT:
            if not Decimal("0") < value <= Decimal("100"):
                self.add_error("value", _("A percentage is more than 0 and at most 100."))
            elif _decimals(value) > 2:
                self.add_error("value", _("A percentage has at most 2 decimal places."))
        else:
            try:
                self._check_amount(value, FIXED_AMOUNT_MESSAGES)
            except forms.ValidationError as error:
                self.add_error("value", error)

    def _check_amount(self, amount, messages: dict):
        """More than 0, in the shop's currency, to its minor unit (2 decimals at most), and
        within what the database keeps (10 digits before the point)."""
        currency = self.shop.currency
        places = min(2, MINOR_UNIT_DIGITS.get(currency, 2))
        values = {"currency": currency, "places": places}
        if amount <= 0:
            raise forms.ValidationError(messages["not_positive"] % values)
        if _decimals(amount) > places:
            message = messages["too_precise" if places else "not_whole"]
            raise forms.ValidationError(message % values)
        if amount >= AMOUNT_LIMIT:
            raise forms.ValidationError(messages["too_large"] % values)

    def _check_dates(self, cleaned):
        start, end = cleaned.get("active_from"), cleaned.get("active_to")
        if start and end and start >= end:
            self.add_error("active_to", _("“Active to” must be later than “active from”."))

    def _check_targets(self, cleaned):
        scope = cleaned.get("scope")
        needs = {
            Discount.Scope.PRODUCTS: ("product_skus", "products", _("Enter at least one SKU.")),
            Discount.Scope.CATEGORIES: (
                "categories", "categories", _("Choose at least one category.")
            ),
            Discount.Scope.MANUFACTURERS: (
                "manufacturers", "manufacturers", _("Choose at least one manufacturer.")
            ),
        }  # fmt: skip
        if scope not in needs:
            return
        field, key, message = needs[scope]
        if field not in self.errors and not cleaned.get(key):
            self.add_error(field, message)

    # --- what the services take ---

    def discount_data(self) -> DiscountData:
        data = self.cleaned_data
        return DiscountData(
            name=data["name"], kind=data["kind"], value=data["value"], scope=data["scope"],
            products=tuple(data.get("products", ())),
            categories=tuple(data["categories"]), manufacturers=tuple(data["manufacturers"]),
            min_subtotal=data["min_subtotal"], audience=data["audience"],
            groups=tuple(data["groups"]), active_from=data["active_from"],
            active_to=data["active_to"], priority=data["priority"],
            is_active=data["is_active"],
        )  # fmt: skip

    def coupon_data(self) -> CouponData | None:
        data = self.cleaned_data
        if not data["coupon_code"]:
            return None
        return CouponData(
            code=data["coupon_code"],
            max_uses_total=data["coupon_max_uses_total"],
            max_uses_per_customer=data["coupon_max_uses_per_customer"],
        )


def _decimals(value: Decimal) -> int:
    return max(0, -value.normalize().as_tuple().exponent)


def plain(value: Decimal) -> Decimal:
    """12.50 as 12.5 and 10.00 as 10 (not 1E+1), for a form's initial value."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _initial(shop, discount, coupon) -> dict:
    if discount is None:
        return {
            "kind": Discount.Kind.PERCENT,
            "scope": Discount.Scope.CATALOGUE,
            "audience": Discount.Audience.EVERYONE,
            "priority": 0,
            "is_active": True,
        }
    targets = selectors.target_ids(shop, discount)
    initial = {
        "name": discount.name, "kind": discount.kind, "value": plain(discount.value),
        "scope": discount.scope, "min_subtotal": discount.min_subtotal,
        "audience": discount.audience, "active_from": discount.active_from,
        "active_to": discount.active_to, "priority": discount.priority,
        "is_active": discount.is_active,
        "product_skus": "\n".join(selectors.skus_of_products(shop, targets["products"])),
        "categories": targets["categories"], "manufacturers": targets["manufacturers"],
        "groups": targets["groups"],
    }  # fmt: skip
    if coupon is not None:
        initial.update(
            coupon_code=coupon.code,
            coupon_max_uses_total=coupon.max_uses_total,
            coupon_max_uses_per_customer=coupon.max_uses_per_customer,
        )
    return initial


class PricingTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    base = forms.ChoiceField(
        label=_("Based on"), choices=capitalised(PricingTemplate.Base.choices),
        widget=forms.RadioSelect, initial=PricingTemplate.Base.LIST_PRICE,
    )  # fmt: skip
    adjustment_percent = forms.DecimalField(
        label=_("Adjustment %"), max_digits=6, decimal_places=2, initial=Decimal("0"),
        help_text=_("The % taken off the list price, or the % added to the cost."),
    )  # fmt: skip
    min_margin_percent = forms.DecimalField(
        label=_("Minimum margin over cost %"), max_digits=6, decimal_places=2, initial=Decimal("0"),
        help_text=_("No price of a group using this template goes below cost plus this %."),
    )  # fmt: skip

    def __init__(self, *args, shop, template=None, **kwargs):
        self.shop, self.template = shop, template
        super().__init__(*args, **kwargs)
        if template is not None and not self.is_bound:
            self.initial.update(
                name=template.name, base=template.base,
                adjustment_percent=plain(template.adjustment_percent),
                min_margin_percent=plain(template.min_margin_percent),
            )  # fmt: skip

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if selectors.pricing_template_name_taken(self.shop, name, except_template=self.template):
            raise forms.ValidationError(
                _("A pricing template named “%(name)s” exists already.") % {"name": name}
            )
        return name

    def clean_adjustment_percent(self):
        value = self.cleaned_data["adjustment_percent"]
        if value < 0:
            raise forms.ValidationError(_("The adjustment is 0 % or more."))
        return value

    def clean_min_margin_percent(self):
        value = self.cleaned_data["min_margin_percent"]
        if value < 0:
            raise forms.ValidationError(_("The minimum margin is 0 % or more."))
        return value

    def clean(self):
        cleaned = super().clean()
        adjustment = cleaned.get("adjustment_percent")
        from_list = cleaned.get("base") == PricingTemplate.Base.LIST_PRICE
        if from_list and adjustment is not None and adjustment > 100:
            self.add_error(
                "adjustment_percent", _("Off the list price, the adjustment is at most 100 %.")
            )
        return cleaned

    def template_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}
