from django.urls import path

from backoffice.orders import views

urlpatterns = [
    path("customers/<int:customer_pk>/orders/new/", views.order_create, name="order_create"),
]
