from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shopadmin.decorators import staff_view
from shopadmin.forms import ShopSwitchForm, StaffLoginForm
from shopadmin.home_tiles import home_figures
from shopadmin.middleware import SESSION_SHOP_KEY
from shopadmin.navigation import next_url


def staff_login(request):
    if request.user.is_authenticated and request.user.is_staff_user:
        return redirect("staff:home")
    form = StaffLoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        return redirect(next_url(request, default="staff:home"))
    return render(
        request, "shopadmin/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


@require_POST
def staff_logout(request):
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("staff:login")


@staff_view()
def home(request):
    return render(request, "shopadmin/home.html", {"figures": home_figures(request.shop)})


@require_POST
@staff_view()
def switch_shop(request):
    form = ShopSwitchForm(request.POST, shops=request.staff_shops)
    if form.is_valid():
        shop = form.cleaned_data["shop"]
        request.session[SESSION_SHOP_KEY] = shop.pk
        messages.success(request, _("You are now working in %(shop)s.") % {"shop": shop.name})
    else:
        messages.error(request, _("You are not a member of that shop."))
    return redirect("staff:home")
