"""The two interface layers: the staff back-office under /staff/, the storefront at the root.
Named by string, so that the core imports neither."""

from django.urls import include, path

urlpatterns = [
    path("staff/", include("backoffice.urls")),
    path("", include("storefront.urls")),
]
