"""Who may do what in a shop. docs/permissions.md is the readable form of ROLE_PERMISSIONS."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from shopadmin.models import Role


class Perm(models.TextChoices):
    VIEW_CUSTOMERS = "view_customers", _("view customers")
    EDIT_CUSTOMERS = "edit_customers", _("edit customers")
    CHANGE_GROUPS = "change_groups", _("change group memberships")
    MANAGE_GROUPS = "manage_groups", _("create, edit and delete groups")
    MANAGE_DISCOUNTS = "manage_discounts", _("manage discounts, coupons and pricing")
    VIEW_ORDERS = "view_orders", _("view orders")
    EDIT_ORDERS = "edit_orders", _("enter and edit orders")
    ADJUST_POINTS = "adjust_points", _("adjust loyalty points")
    SEND_EMAIL = "send_email", _("send email to customers")
    EXPORT = "export", _("export data")
    IMPORT = "import", _("import data")
    DELETE = "delete", _("delete customers")
    IMPERSONATE = "impersonate", _("log in as a customer")
    MANAGE_STAFF = "manage_staff", _("manage staff and shop settings")


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OWNER: frozenset(Perm.values),
    Role.MANAGER: frozenset(Perm.values) - {Perm.MANAGE_STAFF},
    Role.SUPPORT: frozenset(
        {
            Perm.VIEW_CUSTOMERS,
            Perm.EDIT_CUSTOMERS,
            Perm.CHANGE_GROUPS,
            Perm.VIEW_ORDERS,
            Perm.IMPERSONATE,
        }
    ),
}


def role_allows(role: str | None, perm: str) -> bool:
    return role is not None and perm in ROLE_PERMISSIONS.get(role, frozenset())


def can(user, shop, perm: str) -> bool:
    """May this user do this in this shop? The one answer every view and service asks for."""
    if user is None or not user.is_authenticated or not user.is_active or shop is None:
        return False
    return role_allows(role_in_shop(user, shop), perm)


def permissions_in_shop(user, shop) -> frozenset[str]:
    """Everything a staff member may do in the shop (empty for anyone else)."""
    if user is None or not user.is_authenticated or not user.is_active or shop is None:
        return frozenset()
    if not user.is_staff_user:
        return frozenset()
    return ROLE_PERMISSIONS.get(role_in_shop(user, shop), frozenset())


def role_in_shop(user, shop) -> str | None:
    """The user's role in the shop, looked up once per user object and shop."""
    cache = user.__dict__.setdefault("_shop_roles", {})
    if shop.pk not in cache:
        from shopadmin.models import StaffMembership
        from shopadmin.tenancy import shop_context

        with shop_context(shop):
            memberships = StaffMembership.objects.filter(shop=shop, user=user)
            cache[shop.pk] = memberships.values_list("role", flat=True).first()
    return cache[shop.pk]


class PermissionDeniedForShop(PermissionDenied):
    """Raised by services when the actor lacks the permission; Django answers 403."""


def require(user, shop, perm: str) -> None:
    if not can(user, shop, perm):
        raise PermissionDeniedForShop(f"{user} may not {perm} in shop {shop.pk}")


def require_of_shop(shop, *objects) -> None:
    """Refuse a tenant row of another shop handed to a service: views fetch rows through
    shop-scoped selectors, and a service checks again rather than trusting its caller."""
    for obj in objects:
        if obj.shop_id != shop.pk:
            raise PermissionDeniedForShop(f"{obj._meta.label} {obj.pk} is not of shop {shop.pk}")
