"""Staff pages for discounts (with their coupons) and pricing templates. Every row named in
the URL is fetched through a shop-scoped selector (404 for another shop's id); every change
is a service call."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backoffice.decorators import staff_view
from backoffice.discounts.filters import DiscountFilter
from backoffice.discounts.forms import CouponFormSet, DiscountForm, PricingTemplateForm
from backoffice.discounts.tables import (
    DiscountTable,
    PricingTemplateTable,
    applies_to,
    discount_value,
)
from backoffice.navigation import next_url
from backoffice.paging import list_page, page_number, page_size
from discounts import selectors, services
from groups import selectors as group_selectors
from groups import services as group_services
from shopadmin.permissions import Perm
from shopadmin.services import ServiceError

DISCOUNTS_PER_PAGE = 50
TEMPLATES_PER_PAGE = 50


# --- Discounts ------------------------------------------------------------------------------


@staff_view(Perm.MANAGE_DISCOUNTS)
def discount_list(request):
    shop = request.shop
    filterset = DiscountFilter(
        request.GET or None, queryset=selectors.discount_list(shop), shop=shop
    )
    page = list_page(
        selectors.with_coupons_and_groups(shop, filterset.qs),
        number=page_number(request.GET),
        per_page=page_size(request.GET, default=DISCOUNTS_PER_PAGE),
        count=filterset.qs,
    )
    discounts = page.object_list  # read once, here; the template asks this list
    groups = {link.group.pk: link.group for d in discounts for link in d.group_links.all()}
    context = {
        "filterset": filterset,
        "page": page,
        "table": DiscountTable(discounts, currency=shop.currency),
        "groups": list(groups.values()),
        "is_filtered": filterset.is_filtered,
        "back": request.get_full_path(),
    }
    return render(request, "discounts/discount_list.html", context)


@staff_view(Perm.MANAGE_DISCOUNTS)
def discount_create(request):
    form = DiscountForm(request.POST or None, shop=request.shop)
    coupons = CouponFormSet(request.POST or None, shop=request.shop)
    if request.method == "POST" and all([form.is_valid(), coupons.is_valid()]):  # both show errors
        try:
            discount = services.create_discount(
                shop=request.shop,
                actor=request.user,
                data=form.discount_data(),
                coupons=coupons.coupons_to_keep(),
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Created the discount “%(name)s”.") % {"name": discount.name}
            )
            return redirect("staff:discount_list")
    return _discount_form(request, form, coupons, discount=None)


@staff_view(Perm.MANAGE_DISCOUNTS)
def discount_edit(request, pk):
    discount = selectors.get_discount_for_shop(request.shop, pk)
    form = DiscountForm(request.POST or None, shop=request.shop, discount=discount)
    coupons = CouponFormSet(request.POST or None, shop=request.shop, discount=discount)
    if request.method == "POST" and all([form.is_valid(), coupons.is_valid()]):  # both show errors
        try:
            services.update_discount(
                shop=request.shop,
                actor=request.user,
                discount=discount,
                data=form.discount_data(),
                coupons=coupons.coupons_to_keep(),
                remove_coupons=coupons.coupons_to_remove(),
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved the discount “%(name)s”.") % {"name": discount.name})
            return redirect("staff:discount_list")
    return _discount_form(request, form, coupons, discount=discount)


def _discount_form(request, form, coupons, *, discount):
    context = {
        "form": form,
        "coupons": coupons,
        "discount": discount,
        "currency": request.shop.currency,
    }
    return render(request, "discounts/discount_form.html", context)


@require_POST
@staff_view(Perm.MANAGE_DISCOUNTS)
def discount_toggle(request, pk):
    """Switch a discount on (active=1) or off (active=0), from the list."""
    discount = selectors.get_discount_for_shop(request.shop, pk)
    active = request.POST.get("active") == "1"
    services.set_discount_active(
        shop=request.shop, actor=request.user, discount=discount, active=active
    )
    if active:
        message = _("The discount “%(name)s” is active again.")
    else:
        message = _("The discount “%(name)s” is switched off.")
    messages.success(request, message % {"name": discount.name})
    return redirect(next_url(request, default=_discounts_url()))


@staff_view(Perm.MANAGE_DISCOUNTS)
def discount_delete(request, pk):
    shop = request.shop
    # With the counts of what it applies to, for the question the page asks.
    discount = get_object_or_404(selectors.discount_list(shop), pk=pk)
    back = next_url(request, default=_discounts_url())
    if request.method == "POST":
        name = discount.name
        services.delete_discount(shop=shop, actor=request.user, discount=discount)
        messages.success(request, _("Deleted the discount “%(name)s”.") % {"name": name})
        return redirect(back)
    context = {
        "discount": discount,
        "value": discount_value(discount, shop.currency),
        "applies_to": applies_to(discount),
        "coupons": selectors.coupons_of_discount(shop, discount),
        "holders": selectors.coupon_holders_count(shop, discount),
        "back": back,
    }
    return render(request, "discounts/discount_delete.html", context)


def _discounts_url() -> str:
    return reverse("staff:discount_list")


# --- Pricing templates ------------------------------------------------------------------------


@staff_view(Perm.MANAGE_DISCOUNTS)
def pricing_template_list(request):
    shop = request.shop
    page = list_page(
        group_selectors.pricing_templates_of_shop(shop).order_by("name", "pk"),
        number=page_number(request.GET),
        per_page=page_size(request.GET, default=TEMPLATES_PER_PAGE),
    )
    templates = group_selectors.with_groups_using_them(shop, page.object_list)
    groups = {group.pk: group for template in templates for group in template.groups}
    context = {
        "table": PricingTemplateTable(templates),
        "page": page,
        "groups": list(groups.values()),
    }
    return render(request, "discounts/pricing_template_list.html", context)


@staff_view(Perm.MANAGE_DISCOUNTS)
def pricing_template_create(request):
    form = PricingTemplateForm(request.POST or None, shop=request.shop)
    if request.method == "POST" and form.is_valid():
        try:
            template = group_services.create_pricing_template(
                shop=request.shop, actor=request.user, **form.template_data()
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Created the pricing template “%(name)s”.") % {"name": template.name}
            )
            return redirect("staff:pricing_template_list")
    return render(request, "discounts/pricing_template_form.html", {"form": form})


@staff_view(Perm.MANAGE_DISCOUNTS)
def pricing_template_edit(request, pk):
    template = group_selectors.get_pricing_template_for_shop(request.shop, pk)
    form = PricingTemplateForm(request.POST or None, shop=request.shop, template=template)
    if request.method == "POST" and form.is_valid():
        try:
            group_services.update_pricing_template(
                shop=request.shop, actor=request.user, template=template, **form.template_data()
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Saved the pricing template “%(name)s”.") % {"name": template.name}
            )
            return redirect("staff:pricing_template_list")
    context = {
        "form": form,
        "template": template,
        "groups": group_selectors.groups_using_template(request.shop, template),
    }
    return render(request, "discounts/pricing_template_form.html", context)


@staff_view(Perm.MANAGE_DISCOUNTS)
def pricing_template_delete(request, pk):
    template = group_selectors.get_pricing_template_for_shop(request.shop, pk)
    if request.method == "POST":
        name = template.name
        group_services.delete_pricing_template(
            shop=request.shop, actor=request.user, template=template
        )
        messages.success(request, _("Deleted the pricing template “%(name)s”.") % {"name": name})
        return redirect("staff:pricing_template_list")
    groups = list(group_selectors.groups_using_template(request.shop, template))
    return render(
        request, "discounts/pricing_template_delete.html", {"template": template, "groups": groups}
    )
