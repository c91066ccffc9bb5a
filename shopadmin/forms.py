from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _


class StaffLoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # shop=None: only staff accounts can log in here, never a shop's customers.
        self.user = authenticate(
            self.request, email=cleaned["email"], password=cleaned["password"], shop=None
        )
        if self.user is None:
            raise forms.ValidationError(
                _("That email and password do not match a staff account."), code="invalid_login"
            )
        return cleaned


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
