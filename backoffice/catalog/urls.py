from django.urls import path

from backoffice.catalog import views

urlpatterns = [
    path(
        "products/suggestions/",
        views.product_suggestions_json,
        name="product_suggestions",
    ),
]
