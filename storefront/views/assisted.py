"""The way back from an assisted login: the banner's "Back to the card"."""

from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from customers.models import AssistedLogin
from storefront.assisted import end_and_return
from storefront.urls_for import storefront_path
from storefront.views.common import shop_page


@shop_page
@require_POST
def stop_assisted_login(request):
    if request.assisted is None:
        return redirect(storefront_path(request, "account"))
    return end_and_return(
        request, request.shop, request.assisted_marker, AssistedLogin.Ending.STOPPED
    )
