from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ui.forms import EmailLoginForm


class StaffLoginForm(EmailLoginForm):
    """Only staff accounts (shop=None) log in here, never a shop's customers."""


class ShopSwitchForm(forms.Form):
    shop = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, shops, **kwargs):
        super().__init__(*args, **kwargs)
        self.shops = {shop.pk: shop for shop in shops}

    def clean_shop(self):
        shop = self.shops.get(self.cleaned_data["shop"])
        if shop is None:
            raise forms.ValidationError(_("You are not a member of that shop."))
        return shop


class StaffLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("the shop's")), *settings.LANGUAGES],
        required=False,
    )
