"""The session side of "log in as the customer": the browser's session becomes the customer's,
then the staff member's again, with django-hijack's login swap (no `last_login` written for
either, the session's age kept, its key rotated by Django's login at each swap, hijack's
signals sent).

None of hijack's views or URLs are mounted: they look users up by a global id, take no
reason, never expire and leave the checks to one callback (docs/decisions.md #32). What is
kept in the session is `ASSISTED_SESSION_KEY`: the assisted login's id, its shop, the staff
member, their visit key and session hash (checked by `staff_of_visit` on every request), and
the customer's name for the messages.
"""

import secrets

from django.contrib.auth import BACKEND_SESSION_KEY, login
from django.utils.crypto import constant_time_compare
from hijack import signals
from hijack.views import keep_session_age

from shopadmin.middleware import SESSION_SHOP_KEY
from shopadmin.models import User

ASSISTED_SESSION_KEY = "assisted_login"


def become_customer(request, customer_user, *, assisted_id: int, shop, customer_name: str) -> None:
    """The session is now the customer's, marked as the staff member's current visit
    `assisted_id`: a new random key on the staff account, that a later visit replaces."""
    staff = request.user
    key = secrets.token_urlsafe(32)
    User.objects.filter(pk=staff.pk, shop=None).update(assisting=key)
    staff_hash = staff.get_session_auth_hash()
    backend = request.session[BACKEND_SESSION_KEY]
    with signals.no_update_last_login(), keep_session_age(request.session):
        login(request, customer_user, backend=backend)  # a new session key
    request.session["hijack_history"] = [str(staff.pk)]
    request.session[ASSISTED_SESSION_KEY] = {
        "id": assisted_id,
        "shop": shop.pk,
        "staff": staff.pk,
        "key": key,
        "staff_hash": staff_hash,
        "customer_name": customer_name,
    }
    signals.hijack_started.send(
        sender=None, request=request, hijacker=staff, hijacked=customer_user
    )


def staff_of_visit(marker: dict):
    """The staff member whose current visit the marker is, if it still is: their account is
    active, this is the visit they started last (in any shop), and their password has not
    changed since (which would have ended their sessions); else None."""
    staff = User.objects.filter(pk=marker["staff"], shop=None, is_active=True).first()
    if staff is None or not staff.assisting:
        return None
    if not constant_time_compare(staff.assisting, marker.get("key", "")):
        return None
    if not constant_time_compare(staff.get_session_auth_hash(), marker.get("staff_hash", "")):
        return None
    return staff


def assisted_marker(request) -> dict | None:
    """The assisted login this session is, if it is one: {"id", "shop", "staff"}."""
    marker = request.session.get(ASSISTED_SESSION_KEY)
    if not isinstance(marker, dict) or not all(
        isinstance(marker.get(key), int) for key in ("id", "shop", "staff")
    ):
        return None
    return marker


def return_to_staff(request, staff_user) -> None:
    """The session is the staff member's again (a new key), in the shop they helped in."""
    marker = assisted_marker(request) or {}
    customer_user = request.user
    User.objects.filter(pk=staff_user.pk, assisting=marker.get("key", "")).update(assisting="")
    backend = request.session.get(BACKEND_SESSION_KEY)
    with signals.no_update_last_login(), keep_session_age(request.session):
        login(request, staff_user, backend=backend)
    request.session.pop(ASSISTED_SESSION_KEY, None)
    request.session.pop("hijack_history", None)
    if marker.get("shop"):
        request.session[SESSION_SHOP_KEY] = marker["shop"]
    signals.hijack_ended.send(
        sender=None, request=request, hijacker=staff_user, hijacked=customer_user
    )
