"""State changes of the tenancy core. Each runs in one transaction and leaves an AuditEvent.

`actor=None` means the operator at the command line (ops commands), who acts as the system.
"""

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from shopadmin.models import AuditEvent, Role, Shop, StaffMembership, User
from shopadmin.permissions import Perm, require
from shopadmin.tenancy import shop_context


class ServiceError(ValueError):
    """Bad input to a service, with a message fit to show a person."""


def record_audit_event(*, shop, actor, action, target=None, count=1, **data) -> AuditEvent:
    return AuditEvent.objects.create(
        shop=shop,
        actor=actor,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        count=count,
        data=data,
    )


def changed_values(before: dict, after: dict) -> dict:
    """What an edit changed, for its audit event: {field: [before, after]} of the fields whose
    value differs (values as the event stores them)."""
    return {name: [value, after[name]] for name, value in before.items() if value != after[name]}


def audit_text(row, fields) -> dict:
    """The fields of `row` as an audit event records them: text, as they read in the database
    (compare two of these with changed_values)."""
    return {name: str(getattr(row, name)) for name in fields}


def create_shop(*, actor=None, name, slug, domain=None, currency="PLN", language="pl") -> Shop:
    if Shop.objects.filter(slug=slug).exists():
        raise ServiceError(_("A shop with the slug “%(slug)s” already exists.") % {"slug": slug})
    if domain and Shop.objects.filter(domain=domain).exists():
        raise ServiceError(_("The domain “%(domain)s” is already in use.") % {"domain": domain})
    with transaction.atomic():
        shop = Shop(
            name=name, slug=slug, domain=domain or None, currency=currency, language=language
        )
        shop.full_clean()
        shop.save()
        with shop_context(shop):
            record_audit_event(shop=shop, actor=actor, action="shop.created", target=shop)
    return shop


def create_customer_login(*, shop, email, password, first_name="", last_name="") -> User:
    """The login account of a shop's customer (customers.services.create_customer makes the
    customer that has it)."""
    return User.objects.create_user(
        email, password, shop=shop, first_name=first_name, last_name=last_name
    )


def change_customer_login_email(*, shop, user, email: str) -> None:
    """A customer's login follows their new email (they log in with it)."""
    User.objects.filter(shop=shop, pk=user.pk).update(email=email)


def delete_customer_logins(*, shop, user_ids: list[int]) -> None:
    """Remove customer logins by id, in SQL: the ORM's delete would first run
    `UPDATE ... SET actor_id = NULL` on the append-only audit and points tables, which the
    runtime role may not do. A customer login is never an actor there; if anything still
    referred to one, the foreign key would stop this delete rather than lose data."""
    if not user_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM shopadmin_user WHERE shop_id = %s AND id = ANY(%s)", [shop.pk, user_ids]
        )


def add_staff_member(*, shop, actor=None, email, role, password=None, first_name="", last_name=""):
    """Give a staff account (created if new) a role in the shop. Returns (user, created)."""
    if role not in Role.values:
        raise ServiceError(
            _("Unknown role “%(role)s”: use one of %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)}
        )
    if actor is not None:
        require(actor, shop, Perm.MANAGE_STAFF)
    email = User.objects.normalize_email(email)
    with shop_context(shop):
        user = User.objects.filter(shop__isnull=True, email=email).first()
        created = user is None
        if created:
            if not password:
                raise ServiceError(_("A new staff account needs a password."))
            user = User.objects.create_user(
                email, password, first_name=first_name, last_name=last_name
            )
        elif password:
            user.set_password(password)
            user.save(update_fields=["password"])
        _membership, joined = StaffMembership.objects.update_or_create(
            shop=shop, user=user, defaults={"role": role}
        )
        if joined:
            User.objects.filter(pk=user.pk).update(staff_shops=F("staff_shops") + 1)
        record_audit_event(
            shop=shop, actor=actor, action="staff.role_granted", target=user, role=role
        )
    return user, created


def set_staff_language(*, user, language: str) -> None:
    """The language of the staff pages for this staff member ("" for the shop's)."""
    if language and language not in dict(settings.LANGUAGES):
        raise ServiceError(_("Choose one of the languages offered."))
    User.objects.filter(pk=user.pk, shop=None).update(language=language)
