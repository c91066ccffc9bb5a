"""Log in as the customer: a staff member helps a customer from inside their account, with a
reason, for a limited time, one customer at a time, every start and end audited.

The rules (issue 17, docs/decisions.md #32): the staff member has the `impersonate`
permission in the customer's shop; the customer is a login account of that shop, not
blocked, and has consented where the shop asks for consent. The session swap itself is the
interface's (ui/impersonation.py); this module decides and records.
"""

import ipaddress
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import AssistedLogin, Customer
from shopadmin.permissions import Perm, can, require, require_of_shop
from shopadmin.services import ServiceError, record_audit_event


def why_not_assisted(*, shop, staff, customer) -> str:
    """Why `staff` may not log in as `customer` now, in words; "" when they may."""
    if not can(staff, shop, Perm.IMPERSONATE):
        return _("Your role does not let you log in as a customer.")
    if customer.is_guest or customer.user_id is None:
        return _("%(name)s is a guest: there is no account to log in to.") % {"name": customer}
    if customer.standing.is_blocked:
        return _("%(name)s is blocked: unblock the account first.") % {"name": customer}
    if shop.assisted_login_needs_consent and not customer.assisted_login_consent:
        return _(
            "%(name)s has not agreed to staff logging in to their account. They can agree on "
            "their account's privacy page."
        ) % {"name": customer}
    return ""


def start_assisted_login(
    *, shop, actor, customer, reason: str, ip_address: str | None, user_agent: str
) -> AssistedLogin:
    """Open an assisted login of `actor` into `customer`'s account, for the shop's
    `assisted_login_minutes`; refused in words when a rule says no. A visit of theirs still
    open ends: one at a time."""
    require(actor, shop, Perm.IMPERSONATE)
    require_of_shop(shop, customer)
    reason = " ".join(reason.split())
    if not reason:
        raise ServiceError(_("Say why you log in as the customer."))
    with transaction.atomic():
        customer = Customer.objects.select_related("standing").get(shop=shop, pk=customer.pk)
        if refusal := why_not_assisted(shop=shop, staff=actor, customer=customer):
            raise ServiceError(refusal)
        now = timezone.now()
        # One visit at a time: one still open in this shop (another browser, or a session
        # lost without an end) ends here; one in another shop ends on its next request (the
        # staff member's `assisting` key, ui/impersonation.py).
        _end_open_visit(shop, actor)
        try:
            with transaction.atomic():
                assisted = AssistedLogin.objects.create(
                    shop=shop,
                    staff=actor,
                    staff_name=actor.get_full_name()[:300],
                    customer=customer,
                    reason=reason[:500],
                    started_at=now,
                    expires_at=now + timedelta(minutes=shop.assisted_login_minutes),
                    ip_address=_ip_address(ip_address),
                    user_agent=user_agent.replace("\x00", "")[:300],
                )
        except IntegrityError:  # another start of the same staff member a moment ago
            raise ServiceError(
                _("You have just logged in as another customer: go back to their card first.")
            ) from None
        record_audit_event(
            shop=shop,
            actor=actor,
            action="customer.assisted_login_started",
            target=customer,
            assisted_login=assisted.pk,
            reason=assisted.reason,
            ip_address=assisted.ip_address,
            user_agent=assisted.user_agent,
            expires_at=assisted.expires_at.isoformat(),
        )
    return assisted


def end_assisted_login(*, shop, assisted_id: int, ending: str) -> AssistedLogin | None:
    """Close the assisted login (once: a second end changes nothing), audited with how it
    ended. An expired one is closed at its expiry time."""
    with transaction.atomic():
        assisted = (
            AssistedLogin.objects.select_for_update()
            .select_related("staff", "customer")
            .filter(shop=shop, pk=assisted_id)
            .first()
        )
        if assisted is None or assisted.ended_at is not None:
            return assisted
        now = timezone.now()
        assisted.ended_at = min(now, assisted.expires_at)
        assisted.ending = ending
        assisted.save(update_fields=["ended_at", "ending"])
        record_audit_event(
            shop=shop,
            actor=assisted.staff,
            action="customer.assisted_login_ended",
            target=assisted.customer,
            assisted_login=assisted.pk,
            ending=ending,
            ended_at=assisted.ended_at.isoformat(),
        )
    return assisted


def check_assisted_login(*, shop, assisted_id: int, customer_user_id: int) -> tuple:
    """On every request of an assisted login: (the open AssistedLogin, "") while it may go on,
    else (the row or None, why it ends: an AssistedLogin.Ending). It ends at expiry, and as
    soon as a rule no longer holds (the staff member lost the permission or the membership,
    the customer was blocked or withdrew consent)."""
    assisted = (
        AssistedLogin.objects.select_related("staff", "customer", "customer__standing")
        .filter(shop=shop, pk=assisted_id, customer__user_id=customer_user_id)
        .first()
    )
    if assisted is None or assisted.ended_at is not None:
        return assisted, AssistedLogin.Ending.NOT_ALLOWED
    if timezone.now() >= assisted.expires_at:
        return assisted, AssistedLogin.Ending.EXPIRED
    if why_not_assisted(shop=shop, staff=assisted.staff, customer=assisted.customer):
        return assisted, AssistedLogin.Ending.NOT_ALLOWED
    return assisted, ""


def _end_open_visit(shop, staff) -> None:
    """The staff member's visit still open in this shop, if any (one at most, by the
    constraint): ended at its expiry if it ran out, else now, as replaced by the new one."""
    visit = AssistedLogin.objects.filter(shop=shop, staff=staff, ended_at__isnull=True).first()
    if visit is not None:
        ran_out = visit.expires_at <= timezone.now()
        ending = AssistedLogin.Ending.EXPIRED if ran_out else AssistedLogin.Ending.REPLACED
        end_assisted_login(shop=shop, assisted_id=visit.pk, ending=ending)


def _ip_address(value: str | None) -> str | None:
    """The request's address if it is one (REMOTE_ADDR is empty on a Unix socket)."""
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None
