"""/staff/discounts/: discounts, pricing templates and the price preview (issue 5)."""

from django.urls import path

from backoffice.discounts import preview, views

urlpatterns: list = [
    path("", views.discount_list, name="discount_list"),
    path("new/", views.discount_create, name="discount_create"),
    path("<int:pk>/edit/", views.discount_edit, name="discount_edit"),
    path("<int:pk>/active/", views.discount_toggle, name="discount_toggle"),
    path("<int:pk>/delete/", views.discount_delete, name="discount_delete"),
    path("templates/", views.pricing_template_list, name="pricing_template_list"),
    path("templates/new/", views.pricing_template_create, name="pricing_template_create"),
    path("templates/<int:pk>/edit/", views.pricing_template_edit, name="pricing_template_edit"),
    path(
        "templates/<int:pk>/delete/",
        views.pricing_template_delete,
        name="pricing_template_delete",
    ),
    path("preview/", preview.price_preview, name="price_preview"),
]
