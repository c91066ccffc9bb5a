"""/staff/groups/: the group pages (issue 5)."""

from django.urls import path

from backoffice.groups import views

urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("new/", views.group_create, name="group_create"),
    path("<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("<int:pk>/delete/", views.group_delete, name="group_delete"),
    path("<int:pk>/members/", views.group_members, name="group_members"),
    path("<int:pk>/members/add/", views.group_members_add, name="group_members_add"),
    path("<int:pk>/members/remove/", views.group_members_remove, name="group_members_remove"),
    path("<int:pk>/requests/", views.group_requests_decide, name="group_requests_decide"),
]
