"""Meetings' URLs: a group's meetings and its "add to agenda" under the group, a meeting and its
agenda items by number."""

from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
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
]
