from django import forms
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

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.products = products
        self.fields["quantity"].required = False

    def clean(self):
        cleaned = super().clean()
        sku = (cleaned.get("sku") or "").strip()
        if not sku:
            return cleaned  # an empty line is left out
        # The suggestion shows "SKU · name"; accept either that or the bare SKU.
        sku = sku.split(" · ")[0].strip()
        product = self.products.filter(sku=sku).first()
        if product is None:
            self.add_error("sku", _("No product for sale has the SKU “%(sku)s”.") % {"sku": sku})
        elif not cleaned.get("quantity"):
            self.add_error("quantity", _("How many?"))
        cleaned["product"] = product
        return cleaned


class BaseOrderLineFormSet(forms.BaseFormSet):
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
