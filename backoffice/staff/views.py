"""The shop's staff: owners only (the `manage_staff` permission)."""

from django.contrib import messages
from django.contrib.auth.views import PasswordResetConfirmView
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backoffice.decorators import staff_view
from backoffice.staff.forms import InviteForm, RemoveForm, RoleForm
from shopadmin.models import Role
from shopadmin.permissions import Perm
from shopadmin.selectors import get_membership_for_shop, memberships_of_shop, staff_of_shop
from shopadmin.services import ServiceError
from shopadmin.staff import change_staff_role, invite_staff_member, remove_staff_member
from ui.forms import errors_text


@staff_view(Perm.MANAGE_STAFF)
def staff_list(request):
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user, created = invite_staff_member(
                shop=request.shop, actor=request.user, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            if created:
                message = _("%(email)s is invited: a link to choose a password is on its way.")
            else:
                message = _("%(email)s works in this shop now, with the password they have.")
            messages.success(request, message % {"email": user.email})
            return redirect("staff:staff_list")
    context = {
        "form": form,
        "memberships": memberships_of_shop(request.shop),
        "role_form": RoleForm(),
    }
    return render(request, "staff/staff_list.html", context)


@require_POST
@staff_view(Perm.MANAGE_STAFF)
def staff_role(request, user_id):
    membership = get_membership_for_shop(request.shop, user_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("staff:staff_list")
    try:
        change_staff_role(
            shop=request.shop, actor=request.user, user_id=user_id, role=form.cleaned_data["role"]
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        role = Role(form.cleaned_data["role"]).label
        messages.success(
            request, _("%(name)s is now %(role)s.") % {"name": membership.user, "role": role}
        )
    return redirect("staff:staff_list")


@staff_view(Perm.MANAGE_STAFF)
def staff_remove(request, user_id):
    membership = get_membership_for_shop(request.shop, user_id)
    staff = staff_of_shop(request.shop)
    form = RemoveForm(
        request.POST if request.method == "POST" else None, staff=staff, member=membership.user
    )
    if request.method == "POST" and form.is_valid():
        successor = form.cleaned_data["successor"]
        try:
            remove_staff_member(
                shop=request.shop,
                actor=request.user,
                user_id=user_id,
                successor_id=successor.pk if successor else None,
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("%(name)s no longer works in this shop.") % {"name": membership.user}
            )
            return redirect("staff:staff_list")
    context = {"form": form, "membership": membership, "back": "staff:staff_list"}
    return render(request, "staff/staff_remove.html", context)


class StaffInviteAccept(PasswordResetConfirmView):
    """The invited staff member chooses a password (the link works once, and expires)."""

    template_name = "staff/invite_accept.html"
    post_reset_login = False
    success_url = "/staff/login/"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or user.shop_id is not None:  # staff accounts only
            return None
        return user

    def form_valid(self, form):
        messages.success(self.request, _("Your password is set. Log in with it."))
        return super().form_valid(form)
