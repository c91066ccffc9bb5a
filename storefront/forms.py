from django import forms
from django.utils.translation import gettext_lazy as _

from customers.selectors import customer_of_user
from ui.forms import EmailLoginForm


class CustomerLoginForm(EmailLoginForm):
    """A customer's login on their shop's storefront; a blocked account is refused."""

    invalid_login_message = _("That email and password do not match an account in this shop.")

    def confirm_login_allowed(self, user):
        customer = customer_of_user(shop=self.shop, user=user)
        if customer is None:
            raise forms.ValidationError(self.invalid_login_message, code="invalid_login")
        if customer.standing.is_blocked:
            raise forms.ValidationError(
                _("This account is blocked. Please contact the shop."), code="blocked"
            )
