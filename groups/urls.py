from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_create, name="create"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/manage/", views.group_manage, name="manage"),
    path("<slug:slug>/edit/", views.group_edit, name="edit"),
    path("<slug:slug>/delete/", views.group_delete, name="delete"),
    path("<slug:slug>/settings/", views.group_settings, name="settings"),
    path("<slug:slug>/join/", views.join, name="join_group"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/requests/<int:pk>/", views.request_answer, name="request_answer"),
    path("<slug:slug>/invitations/", views.invitation_create, name="invitation_create"),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<slug:slug>/reading-list/", views.reading_list_add, name="reading_list_add"),
    path(
        "<slug:slug>/reading-list/<int:pk>/remove/",
        views.reading_list_remove,
        name="reading_list_remove",
    ),
    path(
        "<slug:slug>/reading-list/<int:pk>/peek/",
        views.reading_list_peek,
        name="reading_list_peek",
    ),
]
