from django.urls import include, path

from shopadmin import views

staff_patterns = (
    [
        path("", views.home, name="home"),
        path("login/", views.staff_login, name="login"),
        path("logout/", views.staff_logout, name="logout"),
        path("switch-shop/", views.switch_shop, name="switch_shop"),
        path("jobs/", views.jobs, name="jobs"),
        path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
        path("customers/", include("customers.urls")),
        path("groups/", include("groups.urls")),
        path("discounts/", include("discounts.urls")),
        path("catalog/", include("catalog.urls")),
        path("", include("orders.urls")),
    ],
    "staff",
)

urlpatterns = [
    path("staff/", include(staff_patterns)),
    path("", include("storefront.urls")),
]
