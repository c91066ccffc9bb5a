"""The staff price preview: a customer (or a member of a group, or a guest), some products
and quantities, and the quote the price engine gives them, line by line with its reasons."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from backoffice.decorators import staff_view
from backoffice.orders.forms import OrderLineFormSet
from catalog.selectors import products_for_sale
from customers.selectors import customers_of_shop
from discounts.pricing import quote
from groups.selectors import groups_of_shop
from shopadmin.permissions import Perm

PRODUCT_SUGGESTIONS = 500


class PreviewForm(forms.Form):
    customer = forms.CharField(
        label=_("Customer's email"),
        required=False,
        max_length=254,
        help_text=_("Leave empty, or choose a group instead, to price for a guest."),
    )
    group = forms.ModelChoiceField(
        label=_("…or a member of the group"),
        queryset=None,
        required=False,
        empty_label=_("(no group)"),
    )
    coupon_code = forms.CharField(label=_("Coupon code"), required=False, max_length=40)

    def __init__(self, *args, shop, **kwargs):
        super().__init__(*args, **kwargs)
        self.shop = shop
        self.fields["group"].queryset = groups_of_shop(shop).order_by("name")

    def clean_customer(self):
        email = self.cleaned_data["customer"].strip().lower()
        if not email:
            return None
        customer = customers_of_shop(self.shop).filter(email=email).first()
        if customer is None:
            raise forms.ValidationError(_("No customer of this shop has that email."))
        return customer

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("customer") and cleaned.get("group"):
            raise forms.ValidationError(_("Choose a customer or a group, not both."))
        return cleaned


# Discount managers only: the page shows how near cost a price may go (the floor), and
# tells a coupon code that exists from one that does not.
@staff_view(Perm.MANAGE_DISCOUNTS)
def price_preview(request):
    """A GET form: nothing changes, and the address can be shared with a colleague."""
    shop = request.shop
    submitted = "lines-TOTAL_FORMS" in request.GET
    form = PreviewForm(request.GET if submitted else None, shop=shop)
    products = products_for_sale(shop)
    formset = OrderLineFormSet(
        request.GET if submitted else None, products=products, prefix="lines"
    )
    quoted, quote_lines = None, []
    if submitted and form.is_valid() and formset.is_valid():
        lines = formset.line_requests()
        quoted = quote(
            shop,
            form.cleaned_data["customer"],
            [(line.product, line.quantity) for line in lines],
            form.cleaned_data["coupon_code"],
            group=form.cleaned_data["group"],
        )
        quote_lines = list(zip((line.product for line in lines), quoted.lines, strict=True))
    context = {
        "form": form,
        "formset": formset,
        "suggestions": products.order_by("name").values("sku", "name")[:PRODUCT_SUGGESTIONS],
        "quote": quoted,
        "quote_lines": quote_lines,
    }
    return render(request, "discounts/price_preview.html", context)
