"""Every request runs in one transaction, as one shop.

Staff (/staff/...): the shop is the one chosen in the switcher (kept in the session) and is
re-checked against the user's memberships on every request. Storefront: the shop whose domain
is the request's host, or /s/<slug>/ in development. Anything else runs with no shop, and
every tenant table then reads as empty.
"""

import re
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone, translation

from shopadmin.models import Shop, StaffMembership
from shopadmin.tenancy import shop_context, staff_user_context

SESSION_SHOP_KEY = "staff_shop_id"
STOREFRONT_PATH = re.compile(r"^/s/(?P<slug>[-a-zA-Z0-9_]+)/")


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.shop = None
        request.staff_shops = ()
        with transaction.atomic():
            if request.path.startswith("/staff/"):
                response = self._staff(request)
            else:
                response = self._storefront(request)
            if response.status_code >= 500:
                # The view's exception became a response before reaching us: undo its writes.
                transaction.set_rollback(True)
        return response

    def _staff(self, request):
        user = request.user
        if not (user.is_authenticated and user.is_staff_user):
            return self.get_response(request)
        with staff_user_context(user):
            memberships = list(
                StaffMembership.objects.filter(user=user)
                .select_related("shop")
                .order_by("shop__name")
            )
            request.staff_shops = [m.shop for m in memberships]
            user._shop_roles = {m.shop_id: m.role for m in memberships}
            wanted = request.session.get(SESSION_SHOP_KEY)
            chosen = next((m for m in memberships if m.shop_id == wanted), None)
            chosen = chosen or (memberships[0] if memberships else None)
            if chosen is None:
                return self.get_response(request)
            request.shop = chosen.shop
            request.membership = chosen
            # The staff pages speak the language the staff member chose, else the shop's.
            language = user.language or chosen.shop.language
            with (
                shop_context(chosen.shop),
                translation.override(language),
                timezone.override(ZoneInfo(chosen.shop.time_zone)),
            ):
                response = self.get_response(request)
            response.headers["Content-Language"] = language
            return response

    def _storefront(self, request):
        shop = self._shop_from_host_or_path(request)
        if shop is None:
            return self.get_response(request)
        request.shop = shop
        # The storefront speaks the shop's language (its pages, forms, dates and money),
        # whatever the visitor's browser asks for, and tells the time in the shop's zone.
        with (
            shop_context(shop),
            translation.override(shop.language),
            timezone.override(ZoneInfo(shop.time_zone)),
        ):
            # Resolve the session now, inside the shop: a customer of another shop finds no
            # user here, and a staff account is nobody on a storefront.
            if request.user.is_authenticated and request.user.shop_id != shop.pk:
                request.user = AnonymousUser()
            response = self.get_response(request)
        # LocaleMiddleware, outside, would name the browser's language.
        response.headers["Content-Language"] = shop.language
        return response

    def _shop_from_host_or_path(self, request):
        host = request.get_host().split(":")[0].lower()
        shop = Shop.objects.filter(domain=host).first()
        if shop is None:
            match = STOREFRONT_PATH.match(request.path)
            if match:
                shop = Shop.objects.filter(slug=match["slug"]).first()
        return shop
