from django.urls import path

from backoffice.loyalty import views

urlpatterns = [
    path("", views.loyalty_rules, name="loyalty_rules"),
]
