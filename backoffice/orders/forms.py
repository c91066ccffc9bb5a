from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from orders.services import LineRequest

ORDER_FORM_LINES = 6


class OrderLineForm(forms.Form):
    """One line: a product by its SKU (the input suggests the shop's products) and a quantity."""

    sku = forms.CharField(
        label=_("Product (SKU)"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"list": "products", "autocomplete": "off"}),
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=9999, initial=1)

    def __init__(self, *args, products_by_sku: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.products_by_sku = products_by_sku
        self.fields["quantity"].required = False

    def clean(self):
        cleaned = super().clean()
        sku = bare_sku(cleaned.get("sku") or "")
        if not sku:
            return cleaned  # an empty line is left out
        product = self.products_by_sku.get(sku)
        if product is None:
            self.add_error("sku", _("No product for sale has the SKU “%(sku)s”.") % {"sku": sku})
        elif not cleaned.get("quantity"):
            self.add_error("quantity", _("How many?"))
        cleaned["product"] = product
        return cleaned


def bare_sku(value: str) -> str:
    """The suggestion shows "SKU · name"; accept either that or the bare SKU."""
    return value.split(" · ")[0].strip()


class BaseOrderLineFormSet(forms.BaseFormSet):
    """The lines of an order; the products of all of them are fetched in one query."""

    def __init__(self, *args, products, **kwargs):
        self.products = products  # the shop's products for sale
        super().__init__(*args, **kwargs)

    @cached_property
    def products_by_sku(self) -> dict:
        if not self.is_bound:
            return {}
        prefix = f"{self.prefix}-"
        skus = {
            bare_sku(value)
            for key, value in self.data.items()
            if key.startswith(prefix) and key.endswith("-sku") and value.strip()
        }
        return {product.sku: product for product in self.products.filter(sku__in=skus)}

    def get_form_kwargs(self, index):
        return {"products_by_sku": self.products_by_sku}

    def clean(self):
        if any(self.errors):
            return
        if not self.line_requests():
            raise forms.ValidationError(_("Add at least one product."))

    def line_requests(self) -> list[LineRequest]:
        return [
            LineRequest(
                product=form.cleaned_data["product"], quantity=form.cleaned_data["quantity"]
            )
            for form in self.forms
            if form.cleaned_data.get("product")
        ]


OrderLineFormSet = forms.formset_factory(
    OrderLineForm, formset=BaseOrderLineFormSet, extra=ORDER_FORM_LINES, max_num=50
)


class OrderCouponForm(forms.Form):
    coupon_code = forms.CharField(
        label=_("Coupon code"),
        max_length=40,
        required=False,
        help_text=_("Optional: the order gets its discount and uses one of its uses."),
    )
