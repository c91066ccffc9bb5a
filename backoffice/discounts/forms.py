"""The discount and pricing-template forms. Every choice (categories, manufacturers, groups)
is a queryset of the current shop built per request, so another shop's id is an invalid
choice; products are given as SKUs and looked up in the shop only."""

import re
from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.selectors import products_of_shop
from discounts import selectors
from discounts.models import Coupon, Discount
from discounts.services import CouponData, DiscountData
from groups import selectors as group_selectors
from groups.models import PricingTemplate
from groups.selectors import groups_of_shop
from shopadmin.money import minor_unit_digits

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
CODE_MAX_LENGTH = Coupon._meta.get_field("code").max_length
USES_LIMIT = 2_000_000_000  # within the PositiveIntegerField
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
        label=_("Categories"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    manufacturers = forms.ModelMultipleChoiceField(
        label=_("Manufacturers"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
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
        label=_("Priority"),
        initial=0,
        min_value=-1_000_000,
        max_value=1_000_000,
        help_text=_("Names the rule on a quote when two give the same price; never changes it."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, shop, discount=None, **kwargs):
        self.shop, self.discount = shop, discount
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = selectors.categories_of_shop(shop)
        self.fields["manufacturers"].queryset = selectors.manufacturers_of_shop(shop)
        self.fields["groups"].queryset = groups_of_shop(shop).order_by("name", "pk")
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
        if not self.is_bound:
            self.initial.update(_initial(shop, discount))

    # --- field checks ---

    def clean_product_skus(self):
        text = self.cleaned_data["product_skus"]
        skus = list(dict.fromkeys(sku.strip() for sku in re.split(r"[,\n\r]+", text)))
        skus = [sku for sku in skus if sku]
        products = {p.sku: p for p in products_of_shop(self.shop).filter(sku__in=skus)}
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

    # --- checks across fields ---

    def clean(self):
        cleaned = super().clean()
        self._check_value(cleaned)
        self._check_dates(cleaned)
        self._check_targets(cleaned)
        needs_groups = cleaned.get("audience") == Discount.Audience.GROUPS
        if needs_groups and "groups" not in self.errors and not cleaned.get("groups"):
            self.add_error("groups", _("Choose at least one group."))
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
        places = min(2, minor_unit_digits(currency))  # the database keeps 2 decimals
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
                "categories",
                "categories",
                _("Choose at least one category."),
            ),
            Discount.Scope.MANUFACTURERS: (
                "manufacturers",
                "manufacturers",
                _("Choose at least one manufacturer."),
            ),
        }
        if scope not in needs:
            return
        field, key, message = needs[scope]
        if field not in self.errors and not cleaned.get(key):
            self.add_error(field, message)

    # --- what the services take ---

    def discount_data(self) -> DiscountData:
        data = self.cleaned_data
        return DiscountData(
            name=data["name"],
            kind=data["kind"],
            value=data["value"],
            scope=data["scope"],
            products=tuple(data.get("products", ())),
            categories=tuple(data["categories"]),
            manufacturers=tuple(data["manufacturers"]),
            min_subtotal=data["min_subtotal"],
            audience=data["audience"],
            groups=tuple(data["groups"]),
            active_from=data["active_from"],
            active_to=data["active_to"],
            priority=data["priority"],
            is_active=data["is_active"],
        )


def _decimals(value: Decimal) -> int:
    return max(0, -value.normalize().as_tuple().exponent)


def plain(value: Decimal) -> Decimal:
    """12.50 as 12.5 and 10.00 as 10 (not 1E+1), for a form's initial value."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _initial(shop, discount) -> dict:
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
        "name": discount.name,
        "kind": discount.kind,
        "value": plain(discount.value),
        "scope": discount.scope,
        "min_subtotal": discount.min_subtotal,
        "audience": discount.audience,
        "active_from": discount.active_from,
        "active_to": discount.active_to,
        "priority": discount.priority,
        "is_active": discount.is_active,
        "product_skus": "\n".join(selectors.skus_of_products(shop, targets["products"])),
        "categories": targets["categories"],
        "manufacturers": targets["manufacturers"],
        "groups": targets["groups"],
    }
    return initial


# --- The discount's coupon codes -----------------------------------------------------------


class CouponForm(forms.Form):
    """One coupon code of the discount: a row of the coupon formset. `id` names an existing
    coupon of this discount (another id is refused); a row without it adds a code."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("Code"),
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "characters"}),
    )
    max_uses_total = forms.IntegerField(
        label=_("Uses in total"), required=False, min_value=1, max_value=USES_LIMIT
    )
    max_uses_per_customer = forms.IntegerField(
        label=_("Uses per customer"), required=False, min_value=1, max_value=USES_LIMIT
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, coupons: dict, **kwargs):
        self.coupons = coupons  # the discount's own coupons, by id
        super().__init__(*args, **kwargs)

    @property
    def coupon(self) -> Coupon | None:
        """The existing coupon this row edits (None for a new code)."""
        return self.coupons.get(self.initial.get("id"))

    def clean_id(self):
        pk = self.cleaned_data["id"]
        if pk is not None and pk not in self.coupons:
            raise forms.ValidationError(_("This coupon is not one of this discount's."))
        return pk

    def clean_code(self):
        code = self.cleaned_data["code"]
        if re.search(r"\s", code):
            raise forms.ValidationError(_("A coupon code has no spaces."))
        if len(code) > CODE_MAX_LENGTH:
            raise forms.ValidationError(
                _("A coupon code is at most %(max)d characters (this one has %(length)d).")
                % {"max": CODE_MAX_LENGTH, "length": len(code)}
            )
        return code

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("DELETE") and not cleaned.get("code") and "code" not in self.errors:
            if cleaned.get("id") is not None:
                self.add_error("code", _("Enter the code, or tick “Remove” to remove it."))
            else:
                self.add_error("code", _("Enter a code, or leave the whole row empty."))
        return cleaned

    def coupon_data(self) -> CouponData:
        data = self.cleaned_data
        return CouponData(
            id=data["id"],
            code=data["code"],
            max_uses_total=data["max_uses_total"],
            max_uses_per_customer=data["max_uses_per_customer"],
            is_active=data["is_active"],
        )


class BaseCouponFormSet(forms.BaseFormSet):
    """The discount's codes, one row each, and empty rows for new ones. Codes are unique in
    the shop whatever their case: among the rows, and against the shop's other discounts
    (one query for all rows)."""

    def __init__(self, *args, shop, discount=None, **kwargs):
        self.shop, self.discount = shop, discount
        coupons = list(selectors.coupons_of_discount(shop, discount)) if discount else []
        self.existing = {coupon.pk: coupon for coupon in coupons}
        kwargs.setdefault("initial", [_coupon_initial(coupon) for coupon in coupons])
        kwargs["form_kwargs"] = {"coupons": self.existing}
        super().__init__(*args, prefix="coupons", **kwargs)

    def _construct_form(self, i, **kwargs):
        # A sent row is matched to its coupon by the id it carries, not by its position: the
        # discount's codes may have changed since the form was shown (a colleague added one).
        if self.is_bound:
            pk = self.data.get(f"{self.add_prefix(i)}-id", "")
            coupon = self.existing.get(int(pk)) if pk.isdigit() else None
            sent_as_existing = i < self.initial_form_count()
            kwargs["initial"] = _coupon_initial(coupon) if coupon and sent_as_existing else {}
        return super()._construct_form(i, **kwargs)

    def clean(self):
        for form in self.forms:  # a row ticked "Remove" is not validated: its id still is
            if self._should_delete_form(form) and "id" in form.errors:
                raise forms.ValidationError(form.errors["id"])
        ids = [form.cleaned_data.get("id") for form in self.forms if form.cleaned_data]
        ids = [pk for pk in ids if pk is not None]
        if len(ids) != len(set(ids)):
            raise forms.ValidationError(_("A coupon is in the form twice: reload the page."))
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.has_changed() or form.cleaned_data.get("id")]
        kept = [form for form in kept if not form.cleaned_data.get("DELETE")]
        seen = {}
        for form in kept:
            code = form.cleaned_data["code"]
            if code.upper() in seen:
                form.add_error("code", _("The code “%(code)s” is given twice.") % {"code": code})
            seen.setdefault(code.upper(), form)
        taken = selectors.coupon_codes_taken(self.shop, list(seen), except_discount=self.discount)
        for upper in taken:
            code = seen[upper].cleaned_data["code"]
            seen[upper].add_error(
                "code",
                _("The coupon code “%(code)s” exists already in this shop (in any case).")
                % {"code": code},
            )

    def coupons_to_keep(self) -> list[CouponData]:
        """The codes the discount has after saving: its kept ones (changed or not) and new."""
        return [
            form.coupon_data()
            for form in self.forms
            if (form.has_changed() or form.cleaned_data.get("id"))
            and not form.cleaned_data.get("DELETE")
        ]

    def coupons_to_remove(self) -> list[int]:
        return [
            form.cleaned_data["id"]
            for form in self.deleted_forms
            if form.cleaned_data.get("id") is not None
        ]


CouponFormSet = forms.formset_factory(
    CouponForm,
    formset=BaseCouponFormSet,
    extra=1,
    can_delete=True,
    max_num=100,
    validate_max=True,
)


def _coupon_initial(coupon) -> dict:
    return {
        "id": coupon.pk,
        "code": coupon.code,
        "max_uses_total": coupon.max_uses_total,
        "max_uses_per_customer": coupon.max_uses_per_customer,
        "is_active": coupon.is_active,
    }


class PricingTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    base = forms.ChoiceField(
        label=_("Based on"),
        choices=capitalised(PricingTemplate.Base.choices),
        widget=forms.RadioSelect,
        initial=PricingTemplate.Base.LIST_PRICE,
    )
    adjustment_percent = forms.DecimalField(
        label=_("Adjustment %"),
        max_digits=6,
        decimal_places=2,
        initial=Decimal("0"),
        help_text=_("The % taken off the list price, or the % added to the cost."),
    )
    min_margin_percent = forms.DecimalField(
        label=_("Minimum margin over cost %"),
        max_digits=6,
        decimal_places=2,
        initial=Decimal("0"),
        help_text=_("No price of a group using this template goes below cost plus this %."),
    )

    def __init__(self, *args, shop, template=None, **kwargs):
        self.shop, self.template = shop, template
        super().__init__(*args, **kwargs)
        if template is not None and not self.is_bound:
            self.initial.update(
                name=template.name,
                base=template.base,
                adjustment_percent=plain(template.adjustment_percent),
                min_margin_percent=plain(template.min_margin_percent),
            )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if group_selectors.pricing_template_name_taken(
            self.shop, name, except_template=self.template
        ):
            raise forms.ValidationError(
                _("A pricing template named “%(name)s” exists already.") % {"name": name}
            )
        return name

    def clean_adjustment_percent(self):
        value = self.cleaned_data["adjustment_percent"]
        if value < 0:
            raise forms.ValidationError(_("The adjustment cannot be below 0 %."))
        return value

    def clean_min_margin_percent(self):
        value = self.cleaned_data["min_margin_percent"]
        if value < 0:
            raise forms.ValidationError(_("The minimum margin cannot be below 0 %."))
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
