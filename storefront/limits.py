"""How often a visitor may register or ask for a password link: per IP address and per email
address, counted in the cache by django-ratelimit (Redis when there is one, so every process
counts the same). The views count only their POSTs, whatever the outcome: the duplicate-email
answer must not be a cheap way to learn who has an account."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited


def over_limit(request, action: str, email: str) -> bool:
    """Count this attempt (a POST) at `action` ("register", "password_reset") and say whether
    it is one too many, from this IP address or for this email address, in this shop."""
    per_ip, per_address = settings.STOREFRONT_RATES[action]
    address = f"{request.shop.pk}:{email.strip().lower()}"
    by_ip = is_ratelimited(
        request,
        group=f"storefront.{action}.ip.{request.shop.pk}",  # each shop counts its own
        key="ip",
        rate=per_ip,
        increment=True,
    )
    by_address = is_ratelimited(
        request,
        group=f"storefront.{action}.address",
        key=lambda _group, _request: address,
        rate=per_address,
        increment=True,
    )
    return by_ip or by_address
