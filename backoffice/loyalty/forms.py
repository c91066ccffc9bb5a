from django import forms
from django.utils.translation import gettext_lazy

from loyalty.models import LoyaltyRule


class LoyaltyRuleForm(forms.Form):
    points_per_unit = forms.DecimalField(
        label=gettext_lazy("Points per unit of currency"),
        min_value=0,
        max_value=100,
        max_digits=8,
        decimal_places=4,
        help_text=gettext_lazy("0.1 gives 1 point for every 10 of the order's gross value."),
    )
    earns_at = forms.ChoiceField(
        label=gettext_lazy("Earned when the order is"), choices=LoyaltyRule.EarnsAt.choices
    )
    rounding = forms.ChoiceField(
        label=gettext_lazy("Rounding"), choices=LoyaltyRule.Rounding.choices
    )
