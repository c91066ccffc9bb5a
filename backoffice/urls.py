"""Every staff page, under /staff/ (the namespace "staff")."""

from django.urls import include, path

from backoffice.home import views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.staff_login, name="login"),
    path("logout/", views.staff_logout, name="logout"),
    path("switch-shop/", views.switch_shop, name="switch_shop"),
    path("language/", views.staff_language, name="staff_language"),
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("customers/", include("backoffice.customers.urls")),
    path("groups/", include("backoffice.groups.urls")),
    path("discounts/", include("backoffice.discounts.urls")),
    path("catalog/", include("backoffice.catalog.urls")),
    path("loyalty/", include("backoffice.loyalty.urls")),
    path("settings/", include("backoffice.settings.urls")),
    path("staff/", include("backoffice.staff.urls")),
    path("audit/", include("backoffice.audit.urls")),
    path("", include("backoffice.orders.urls")),
]
