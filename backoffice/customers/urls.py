from django.urls import path

from backoffice.customers import assisted, editing, views

urlpatterns = [
    path("", views.customer_list, name="customer_list"),
    path("bulk/", views.customer_bulk, name="customer_bulk"),
    path("columns/", views.list_columns, name="customer_list_columns"),
    path("filters/", views.list_filters, name="customer_list_filters"),
    path("saved-filters/", views.saved_filter_create, name="saved_filter_create"),
    path("saved-filters/<int:pk>/rename/", views.saved_filter_rename, name="saved_filter_rename"),
    path("saved-filters/<int:pk>/delete/", views.saved_filter_delete, name="saved_filter_delete"),
    path("emails/<int:pk>/", views.email_campaign, name="email_campaign"),
    path("new/", editing.customer_create, name="customer_create"),
    path("<int:pk>/", views.customer_card, name="customer_card"),
    path("<int:pk>/edit/", editing.customer_edit, name="customer_edit"),
    path("<int:pk>/card.pdf", editing.customer_card_pdf, name="customer_card_pdf"),
    path(
        "<int:pk>/password-reset/",
        views.customer_password_reset,
        name="customer_password_reset",
    ),
    path("<int:pk>/delete/", views.customer_delete, name="customer_delete"),
    path(
        "<int:pk>/assisted-login/",
        assisted.start_assisted_login_view,
        name="customer_assisted_login",
    ),
]
