from django.urls import path

from storefront import views

app_name = "storefront"

urlpatterns = [
    path("", views.home, name="home"),
    path("s/<slug:shop_slug>/", views.home, name="home_by_slug"),
]
