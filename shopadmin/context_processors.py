from shopadmin.permissions import ROLE_PERMISSIONS, role_in_shop


def current_shop(request):
    shop = getattr(request, "shop", None)
    user = getattr(request, "user", None)
    return {
        "shop": shop,
        "staff_shops": getattr(request, "staff_shops", ()),
        # What the staff member may do here, for showing only the actions they can use:
        # {% if "delete" in shop_perms %}. Views and services still check every action.
        "shop_perms": _staff_perms(user, shop),
    }


def _staff_perms(user, shop) -> frozenset[str]:
    if shop is None or user is None or not user.is_authenticated or not user.is_staff_user:
        return frozenset()
    return ROLE_PERMISSIONS.get(role_in_shop(user, shop), frozenset())
