from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backoffice.decorators import staff_view
from backoffice.home.forms import ShopSwitchForm, StaffLanguageForm, StaffLoginForm
from backoffice.home.tiles import home_figures
from backoffice.navigation import next_url
from customers.services import EMAIL_CAMPAIGN
from shopadmin.formatting import duration
from shopadmin.jobs import KINDS, job_file_expired, job_file_path
from shopadmin.middleware import SESSION_SHOP_KEY
from shopadmin.models import Job
from shopadmin.permissions import Perm, can
from shopadmin.selectors import get_job_for_shop, jobs_of_shop
from shopadmin.services import set_staff_language


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


@require_POST
@staff_view()
def staff_language(request):
    form = StaffLanguageForm(request.POST)
    if form.is_valid():
        set_staff_language(user=request.user, language=form.cleaned_data["language"])
    else:
        messages.error(request, _("Choose one of the languages offered."))
    return redirect(next_url(request, default=reverse("staff:home")))


JOBS_SHOWN = 50


@staff_view()
def jobs(request):
    """The shop's jobs, newest first, with progress; the page refreshes itself (htmx) while
    any job is queued or running."""
    newest = jobs_of_shop(request.shop).select_related("created_by").order_by("-created_at", "-pk")
    shop_jobs = list(newest[:JOBS_SHOWN])
    now = timezone.now()
    for job in shop_jobs:
        kind = KINDS.get(job.kind)
        job.kind_label = kind.label if kind else job.kind
        # An email points at its own page of deliveries, for the roles that may open it.
        if (
            job.kind == EMAIL_CAMPAIGN
            and job.status in Job.FINISHED
            and can(request.user, request.shop, Perm.SEND_EMAIL)
        ):
            url = reverse("staff:email_campaign", args=[job.params["campaign"]])
            job.result_link = (url, _("Deliveries"))
        if job.started_at:
            job.duration = duration(((job.finished_at or now) - job.started_at).total_seconds())
    active = any(job.status in Job.ACTIVE for job in shop_jobs)
    context = {"jobs": shop_jobs, "active": active}
    # While a job runs, htmx asks every 2 s for the table alone, not the whole page.
    partial = request.headers.get("HX-Request")
    response = render(request, f"shopadmin/{'_jobs' if partial else 'jobs'}.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@staff_view(Perm.EXPORT)
def job_download(request, pk):
    job = get_job_for_shop(request.shop, pk)
    if job.status != Job.Status.DONE or not job.result_file:
        raise Http404
    if job_file_expired(job):
        context = {"job": job, "days": settings.JOB_FILES_KEPT_DAYS}
        return render(request, "shopadmin/job_file_expired.html", context, status=410)
    path = job_file_path(request.shop, job)
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
