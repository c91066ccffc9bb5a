"""The shop's staff, managed by its owners (the `manage_staff` permission): invite by email,
change a role, remove a member. A shop always keeps an owner. What a removed member leaves
behind in an app (the customers they managed) is that app's to hand on, through
`register_staff_removal_hook`: the core names no app's table."""

from collections.abc import Callable

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from shopadmin.links import staff_page_url
from shopadmin.models import Role, Shop, StaffMembership, User
from shopadmin.permissions import Perm, require
from shopadmin.selectors import get_membership_for_shop, memberships_of_shop
from shopadmin.services import ServiceError, record_audit_event

_removal_hooks: list[Callable] = []


def register_staff_removal_hook(hook: Callable) -> None:
    """`hook(shop=, member=, successor=)`: hand on what `member` leaves in the shop, to
    `successor` (a staff member of the shop) or to nobody (None)."""
    _removal_hooks.append(hook)


def invitation_token(user) -> tuple[str, str]:
    """The uid and token of the link that lets an invited staff member choose a password:
    single use (choosing one spends it), and it expires (PASSWORD_RESET_TIMEOUT)."""
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


def invite_staff_member(*, shop, actor, email: str, role: str, first_name="", last_name=""):
    """Make `email` a staff member of the shop with `role`. A new account gets an emailed
    link to choose its password; an existing staff account (of another shop) joins with the
    password it has. Returns (user, created)."""
    from shopadmin.tasks import email_staff_invitation

    require(actor, shop, Perm.MANAGE_STAFF)
    if role not in Role.values:
        raise ServiceError(_("Choose one of the roles offered."))
    email = User.objects.normalize_email(email).strip().lower()
    with transaction.atomic():
        user = User.objects.filter(shop__isnull=True, email=email).first()
        if user is None:
            try:
                with transaction.atomic():
                    user = User.objects.create_user(
                        email, None, first_name=first_name, last_name=last_name
                    )  # no password until they choose one
            except IntegrityError:  # the same invitation a moment ago (a double click)
                raise ServiceError(
                    _("%(email)s was invited a moment ago.") % {"email": email}
                ) from None
        # An account that never chose its password gets the link again, as a new one.
        created = not user.has_usable_password()
        if StaffMembership.objects.filter(shop=shop, user=user).exists():
            raise ServiceError(
                _("%(email)s is one of the shop's staff already.") % {"email": email}
            )
        StaffMembership.objects.create(shop=shop, user=user, role=role)
        User.objects.filter(pk=user.pk).update(staff_shops=F("staff_shops") + 1)
        record_audit_event(
            shop=shop, actor=actor, action="staff.invited", target=user, role=role, new=created
        )
        transaction.on_commit(lambda: email_staff_invitation.delay(shop.pk, user.pk, created))
    return user, created


def change_staff_role(*, shop, actor, user_id: int, role: str) -> StaffMembership:
    require(actor, shop, Perm.MANAGE_STAFF)
    if role not in Role.values:
        raise ServiceError(_("Choose one of the roles offered."))
    with transaction.atomic():
        _lock_the_shops_staff(shop)
        membership = _locked(shop, user_id)
        before = membership.role
        if before == role:
            return membership
        if before == Role.OWNER:
            _keep_an_owner(shop, membership)
        membership.role = role
        membership.save(update_fields=["role"])
        record_audit_event(
            shop=shop,
            actor=actor,
            action="staff.role_changed",
            target=membership.user,
            changed={"role": [before, role]},
        )
    return membership


def remove_staff_member(*, shop, actor, user_id: int, successor_id: int | None = None) -> None:
    """The member leaves the shop: their jobs stay; the customers they managed go to
    `successor_id` (another staff member of the shop) or keep no manager."""
    require(actor, shop, Perm.MANAGE_STAFF)
    with transaction.atomic():
        _lock_the_shops_staff(shop)
        membership = _locked(shop, user_id)
        if membership.role == Role.OWNER:
            _keep_an_owner(shop, membership)
        successor = None
        if successor_id is not None:
            if successor_id == user_id:
                raise ServiceError(_("Choose another staff member to take the customers over."))
            successor = get_membership_for_shop(shop, successor_id).user
        for hook in _removal_hooks:
            hook(shop=shop, member=membership.user, successor=successor)
        membership.delete()
        User.objects.filter(pk=user_id, staff_shops__gt=0).update(staff_shops=F("staff_shops") - 1)
        record_audit_event(
            shop=shop,
            actor=actor,
            action="staff.removed",
            target=membership.user,
            role=membership.role,
            successor=successor.pk if successor else None,
        )


def _lock_the_shops_staff(shop) -> None:
    """One change to the shop's staff at a time: two owners changing each other at once
    would otherwise lock each other's rows in turn (a deadlock)."""
    Shop.objects.select_for_update().filter(pk=shop.pk).first()


def _locked(shop, user_id) -> StaffMembership:
    membership = (
        memberships_of_shop(shop).select_for_update(of=("self",)).filter(user_id=user_id).first()
    )
    if membership is None:
        raise ServiceError(_("That person is not one of the shop's staff."))
    return membership


def _keep_an_owner(shop, membership) -> None:
    owners = StaffMembership.objects.select_for_update().filter(shop=shop, role=Role.OWNER)
    if not owners.exclude(pk=membership.pk).exists():
        raise ServiceError(
            _("The shop's last owner stays an owner: make someone else owner first.")
        )


def send_invitation_email(*, shop, user_id: int, new_account: bool) -> None:
    """Tell the invited staff member, in the shop's language: with the link to choose a
    password for a new account, else that they now work in one more shop."""
    user = User.objects.filter(pk=user_id, shop=None).first()
    if user is None:
        return
    if new_account:
        uid, token = invitation_token(user)
        link = staff_page_url("staff_invite_accept", uidb64=uid, token=token)
    else:
        link = staff_page_url("home")
    context = {"shop": shop, "user": user, "link": link, "new_account": new_account}
    with translation.override(shop.language):
        subject = render_to_string("shopadmin/email/staff_invitation_subject.txt", context)
        body = render_to_string("shopadmin/email/staff_invitation_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
