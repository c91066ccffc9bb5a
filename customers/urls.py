from django.urls import path

from customers import views

urlpatterns = [
    path("<int:pk>/", views.customer_card, name="customer_card"),
]
