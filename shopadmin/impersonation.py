"""The session side of "log in as the customer": the browser's session becomes the customer's,
then the staff member's again, with django-hijack's login swap (no `last_login` written for
either, the session's age kept, its key rotated by Django's login at each swap, hijack's
signals sent).

None of hijack's views or URLs are mounted: they look users up by a global id, take no
reason, never expire and leave the checks to one callback (docs/decisions.md #32). What is
kept in the session is `ASSISTED_SESSION_KEY`: the assisted login's id, its shop and the
staff member's, restored by `return_to_staff`.
"""

from django.contrib.auth import BACKEND_SESSION_KEY, login, logout
from hijack import signals
from hijack.views import keep_session_age

from shopadmin.middleware import SESSION_SHOP_KEY

ASSISTED_SESSION_KEY = "assisted_login"


def become_customer(request, customer_user, *, assisted_id: int, shop) -> None:
    """The session is now the customer's, marked as an assisted login of `assisted_id`."""
    staff = request.user
    backend = request.session[BACKEND_SESSION_KEY]
    with signals.no_update_last_login(), keep_session_age(request.session):
        login(request, customer_user, backend=backend)  # a new session key
    request.session["hijack_history"] = [str(staff.pk)]
    request.session[ASSISTED_SESSION_KEY] = {
        "id": assisted_id,
        "shop": shop.pk,
        "staff": staff.pk,
    }
    signals.hijack_started.send(
        sender=None, request=request, hijacker=staff, hijacked=customer_user
    )


def assisted_marker(request) -> dict | None:
    """The assisted login this session is, if it is one: {"id", "shop", "staff"}."""
    marker = request.session.get(ASSISTED_SESSION_KEY)
    if not isinstance(marker, dict) or not all(
        isinstance(marker.get(key), int) for key in ("id", "shop", "staff")
    ):
        return None
    return marker


def return_to_staff(request, staff_user) -> None:
    """The session is the staff member's again (a new key), in the shop they helped in; with
    `staff_user` None (no longer one of the shop's staff), logged out altogether."""
    marker = assisted_marker(request) or {}
    customer_user = request.user
    if staff_user is None:
        logout(request)
        return
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
