"""What every page of both interface layers is given: the current shop, and for staff their
shops and what they may do in this one."""

from shopadmin.permissions import permissions_in_shop


def current_shop(request):
    shop = getattr(request, "shop", None)
    return {
        "shop": shop,
        "staff_shops": getattr(request, "staff_shops", ()),
        # What the staff member may do here, for showing only the actions they can use:
        # {% if "delete" in shop_perms %}. Views and services still check every action.
        "shop_perms": permissions_in_shop(getattr(request, "user", None), shop),
    }
