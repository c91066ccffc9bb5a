"""A shop's settings, changed by its owners (the `manage_staff` permission): one service,
audited with each changed field's before and after. An app whose data a setting would
invalidate says so through `register_settings_check` (orders: the currency of a shop that
has orders), so that the core names no app's table."""

from collections.abc import Callable
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shopadmin.models import Shop
from shopadmin.permissions import Perm, require
from shopadmin.services import ServiceError, audit_text, changed_values, record_audit_event

SETTINGS_FIELDS = (
    "name",
    "address",
    "domain",
    "currency",
    "language",
    "time_zone",
    "registration_offers_groups",
    "customers_may_choose_several_groups",
    "registration_confirms_email",
    "assisted_login_needs_consent",
    "assisted_login_minutes",
    "orders_go_to_account_manager",
    "email_sender_name",
    "email_sender_address",
    "email_reply_to",
    "email_footer",
)
TIME_ZONES = sorted(available_timezones())
MAX_ASSISTED_MINUTES = 240

_checks: list[Callable] = []


def register_settings_check(check: Callable) -> None:
    """`check(shop, changes)` -> a reason in words why `changes` may not be made, or ""."""
    _checks.append(check)


def update_shop_settings(*, shop, actor, **changes) -> Shop:
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"update_shop_settings() got unknown fields: {', '.join(sorted(unknown))}")
    require(actor, shop, Perm.MANAGE_STAFF)
    if "domain" in changes:
        changes["domain"] = (changes["domain"] or "").strip().lower() or None
    if changes.get("time_zone", shop.time_zone) not in TIME_ZONES:
        raise ServiceError(_("Choose a time zone from the list."))
    minutes = changes.get("assisted_login_minutes", shop.assisted_login_minutes)
    if not 1 <= minutes <= MAX_ASSISTED_MINUTES:
        raise ServiceError(
            _("Staff stay logged in as a customer 1 to %(most)s minutes.")
            % {"most": MAX_ASSISTED_MINUTES}
        )
    with transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop.pk)
        changes = {name: value for name, value in changes.items() if getattr(shop, name) != value}
        for check in _checks:
            if reason := check(shop, changes):
                raise ServiceError(reason)
        if changes.get("domain") and changes["domain"] == urlsplit(settings.SITE_URL).hostname:
            # The back-office's own host serves every shop under /s/<slug>/: no shop's.
            raise ServiceError(_("That domain is the back-office's own; choose the shop's."))
        if changes.get("domain") and Shop.objects.filter(domain=changes["domain"]).exists():
            raise ServiceError(
                _("The domain “%(domain)s” is already in use.") % {"domain": changes["domain"]}
            )
        before = audit_text(shop, SETTINGS_FIELDS)
        for name, value in changes.items():
            setattr(shop, name, value)
        try:
            shop.full_clean(exclude=["slug"])
        except ValidationError as error:
            raise ServiceError(" ".join(error.messages)) from None
        try:
            with transaction.atomic():
                shop.save()
        except IntegrityError:  # the domain taken a moment ago
            raise ServiceError(_("That domain is already in use.")) from None
        changed = changed_values(before, audit_text(shop, SETTINGS_FIELDS))
        if changed:
            record_audit_event(
                shop=shop, actor=actor, action="shop.settings_changed", target=shop, changed=changed
            )
    return shop
