from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from shopadmin.permissions import can


def staff_view(perm: str | None = None):
    """A staff page: logged-in staff, a current shop they belong to, and `perm` if given."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not (user.is_authenticated and user.is_staff_user):
                return redirect_to_login(request.get_full_path())
            if request.shop is None:
                return render(request, "shopadmin/no_shop.html", status=403)
            if perm is not None and not can(user, request.shop, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
