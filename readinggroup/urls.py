"""Top-level URLs."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from groups import views as group_views
from readinggroup import accounts, importing, views

# The admin's login goes through allauth: its rate limits and enumeration protection apply.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/delete/", accounts.delete_account, name="delete_account"),
    path("accounts/", include("allauth.urls")),
    path("join/<str:token>/", group_views.join_by_invitation, name="join"),
    path("import/", importing.import_page, name="import"),
    path("groups/<slug:group>/meetings/", views.group_meetings, name="meetings"),
    path("groups/<slug:group>/meetings/new/", views.meeting_form, name="meeting_new"),
    path("groups/<slug:group>/meetings/<int:pk>/edit/", views.meeting_form, name="meeting_edit"),
    path("groups/<slug:group>/agenda/add/", views.add_to_agenda, name="add_to_agenda"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/packet/", views.packet, name="packet"),
    path("meetings/<int:pk>/agenda.md", views.agenda_markdown, name="agenda_markdown"),
    path("meetings/<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/items/", views.item_add, name="item_add"),
    path("meetings/<int:pk>/order/", views.agenda_order, name="agenda_order"),
    path("meetings/<int:pk>/notes/", views.meeting_notes, name="meeting_notes"),
    path("agenda-items/<int:pk>/", views.item_update, name="item_update"),
    path("agenda-items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("agenda-items/<int:pk>/move/", views.item_move, name="item_move"),
    path("groups/", include("groups.urls")),
    path("texts/", include("texts.urls")),
    path("", include("annotations.urls")),
]

handler403 = "readinggroup.errors.forbidden"
handler404 = "readinggroup.errors.not_found"
handler500 = "readinggroup.errors.server_error"
