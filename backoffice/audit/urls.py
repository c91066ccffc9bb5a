from django.urls import path

from backoffice.audit import views

urlpatterns = [
    path("", views.audit_page, name="audit_log"),
    path("export.csv", views.audit_export, name="audit_export"),
]
