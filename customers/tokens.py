"""Signed links that confirm an email address: a new customer's, or the new address of one
who changes it. A token carries the customer's id and the address, is signed per shop and
purpose, and expires after LINK_MAX_AGE. What it may still do is told by the customer's row
(customers/self_service.py): a registration link works while the address is unconfirmed, a
change link while its address is the customer's `pending_email` (a newer request replaces it,
a confirmed change clears it)."""

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
    payload = {"c": customer.pk, "e": new_email}
    return signing.dumps(payload, salt=_salt(shop, ADDRESS_CHANGE))


def read_token(shop, purpose: str, token: str) -> tuple[int, str]:
    """The customer id and the address a token names, or LinkProblem: expired, or not made
    by this shop for `purpose`."""
    try:
        payload = signing.loads(token, salt=_salt(shop, purpose), max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkProblem(_("This link has expired.")) from None
    except signing.BadSignature:
        raise LinkProblem(_("This link is not valid in this shop.")) from None
    valid = (
        isinstance(payload, dict)
        and type(payload.get("c")) is int
        and isinstance(payload.get("e"), str)
    )
    if not valid:  # signed by us, so never seen; but a shape we did not make is no link
        raise LinkProblem(_("This link is not valid in this shop."))
    return payload["c"], payload["e"]


def _salt(shop, purpose: str) -> str:
    return f"customers.tokens.{purpose}.{shop.pk}"
