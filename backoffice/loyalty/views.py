"""The shop's loyalty rule: how many points an order earns, from which status, rounded how."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backoffice.decorators import staff_view
from backoffice.loyalty.forms import LoyaltyRuleForm
from loyalty.selectors import active_rule, past_rules
from loyalty.services import set_loyalty_rule
from shopadmin.permissions import Perm
from shopadmin.services import ServiceError


@staff_view(Perm.MANAGE_DISCOUNTS)
def loyalty_rules(request):
    shop = request.shop
    rule = active_rule(shop)
    initial = (
        {
            "points_per_unit": rule.points_per_unit,
            "earns_at": rule.earns_at,
            "rounding": rule.rounding,
        }
        if rule
        else {}
    )
    form = LoyaltyRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            set_loyalty_rule(shop=shop, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The new rule applies to orders from now on."))
            return redirect("staff:loyalty_rules")
    past = list(past_rules(shop)[:20])
    for shown in [rule, *past] if rule else past:
        shown.points_text = f"{shown.points_per_unit.normalize():f}"  # 0.5, not 0.5000
    context = {"form": form, "rule": rule, "past": past}
    return render(request, "loyalty/rules.html", context)
