from django.urls import path

from backoffice.staff import views

urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("<int:user_id>/role/", views.staff_role, name="staff_role"),
    path("<int:user_id>/remove/", views.staff_remove, name="staff_remove"),
    path(
        "invite/<uidb64>/<token>/",
        views.StaffInviteAccept.as_view(),
        name="staff_invite_accept",
    ),
]
