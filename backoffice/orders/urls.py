from django.urls import path

from backoffice.orders import views

urlpatterns = [
    path("orders/", views.order_list, name="order_list"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/status/", views.order_status, name="order_status"),
    path("orders/<int:pk>/cancel/", views.order_cancel, name="order_cancel"),
    path("customers/<int:customer_pk>/orders/new/", views.order_create, name="order_create"),
]
