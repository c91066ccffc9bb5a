from django.urls import include, path

from storefront.views import account, assisted, entry, products

app_name = "storefront"

# Every storefront page exists twice: on the shop's own domain (the host names the shop) and
# under /s/<slug>/ for development. Reversing with a shop_slug gives the second form.
shop_pages = [
    path("", entry.home, name="home"),
    path("products/", products.product_list, name="products"),
    path("products/<int:pk>/", products.product_detail, name="product"),
    path("account/login/", entry.customer_login, name="login"),
    path("account/register/", entry.register, name="register"),
    path("account/confirm/<str:token>/", entry.confirm_email, name="confirm_email"),
    path("account/password/", entry.password_link, name="password_link"),
    path("account/logout/", entry.customer_logout, name="logout"),
    path(
        "account/reset/<uidb64>/<token>/",
        entry.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path("account/assisted/stop/", assisted.stop_assisted_login, name="assisted_stop"),
    path("account/", account.overview, name="account"),
    path("account/orders/", account.order_list, name="orders"),
    path("account/orders/<int:pk>/", account.order_detail, name="order"),
    path("account/points/", account.points, name="points"),
    path("account/details/", account.details, name="details"),
    path("account/details/password/", account.change_password, name="change_password"),
    path("account/details/email/", account.change_email, name="change_email"),
    path("account/email/<str:token>/", account.confirm_new_email, name="confirm_new_email"),
    path("account/groups/", account.groups, name="groups"),
    path("account/privacy/", account.privacy, name="privacy"),
    path("account/privacy/data.<str:file_format>", account.data_download, name="data"),
]

urlpatterns = [
    path("s/<slug:shop_slug>/", include(shop_pages)),
    path("", include(shop_pages)),
]
