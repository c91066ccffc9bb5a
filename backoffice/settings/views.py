"""The shop's settings: owners only (the `manage_staff` permission)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backoffice.decorators import staff_view
from backoffice.settings.forms import ShopSettingsForm
from shopadmin.permissions import Perm
from shopadmin.services import ServiceError
from shopadmin.shop_settings import update_shop_settings


@staff_view(Perm.MANAGE_STAFF)
def shop_settings(request):
    shop = request.shop
    form = ShopSettingsForm(
        request.POST if request.method == "POST" else None,
        initial=ShopSettingsForm.initial_of(shop),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_shop_settings(shop=shop, actor=request.user, **form.changes())
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("staff:shop_settings")
    return render(request, "settings/shop_settings.html", {"form": form})
