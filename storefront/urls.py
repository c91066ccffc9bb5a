from django.urls import include, path

from storefront import views

app_name = "storefront"

# Every storefront page exists twice: on the shop's own domain (the host names the shop) and
# under /s/<slug>/ for development. Reversing with a shop_slug gives the second form.
shop_pages = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("account/login/", views.customer_login, name="login"),
    path("account/register/", views.register, name="register"),
    path("account/password/", views.password_link, name="password_link"),
    path("account/logout/", views.customer_logout, name="logout"),
    path(
        "account/reset/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
]

urlpatterns = [
    path("s/<slug:shop_slug>/", include(shop_pages)),
    path("", include(shop_pages)),
]
