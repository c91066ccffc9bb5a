"""Signed links that confirm an email address: a new customer's, or the new address of one
who changes it. Not stored: a token carries the customer's id and the addresses, is signed
per shop and purpose, and expires after LINK_MAX_AGE. What spends it is the address it
confirms being in place (customers/self_service.py)."""

from django.core import signing
from django.utils.translation import gettext as _

from shopadmin.services import ServiceError

LINK_MAX_AGE = 3 * 24 * 3600  # seconds: as long as a password link works
REGISTRATION = "register"
ADDRESS_CHANGE = "change"


class LinkProblem(ServiceError):
    """An emailed link that cannot do its work; the message says why in words."""


def registration_token(shop, customer) -> str:
    payload = {"c": customer.pk, "e": customer.email}
    return signing.dumps(payload, salt=_salt(shop, REGISTRATION))


def address_change_token(shop, customer, new_email: str) -> str:
    payload = {"c": customer.pk, "old": customer.email, "new": new_email}
    return signing.dumps(payload, salt=_salt(shop, ADDRESS_CHANGE))


def read_token(shop, purpose: str, token: str) -> dict:
    """The token's content, or LinkProblem: expired, or not made by this shop for `purpose`."""
    try:
        payload = signing.loads(token, salt=_salt(shop, purpose), max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkProblem(_("This link has expired.")) from None
    except signing.BadSignature:
        raise LinkProblem(_("This link is not valid in this shop.")) from None
    if not isinstance(payload, dict):
        raise LinkProblem(_("This link is not valid in this shop."))
    return payload


def _salt(shop, purpose: str) -> str:
    return f"customers.tokens.{purpose}.{shop.pk}"
