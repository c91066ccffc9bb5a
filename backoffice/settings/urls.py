from django.urls import path

from backoffice.settings import views

urlpatterns = [
    path("", views.shop_settings, name="shop_settings"),
]
