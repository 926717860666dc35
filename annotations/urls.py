from django.urls import path

from annotations.views import community, live, notices, posting, reading, revisions

app_name = "annotations"

reading_path = "groups/<slug:group>/texts/<slug:slug>/"

urlpatterns = [
    path("texts/<slug:slug>/", reading.open_document, name="open"),
    path(reading_path, reading.document_page, name="document"),
    path(f"{reading_path}paragraphs/<str:anchor>/", reading.paragraph_panel, name="paragraph"),
    path(f"{reading_path}annotations/", reading.annotation_list, name="list"),
    path(f"{reading_path}annotate/", posting.annotate, name="annotate"),
    path(f"{reading_path}comment/", posting.comment, name="comment"),
    path(f"{reading_path}revisions/", revisions.revision_list, name="revisions"),
    path(f"{reading_path}revisions/<int:number>/", revisions.revision_page, name="revision"),
    path("annotations/<int:pk>/reattach/", revisions.reattach, name="reattach"),
    path("annotations/<int:pk>/", reading.permalink, name="permalink"),
    path("annotations/<int:pk>/reply/", posting.reply, name="reply"),
    path("annotations/<int:pk>/edit/", posting.edit, name="edit"),
    path("annotations/<int:pk>/delete/", posting.delete, name="delete"),
    path("annotations/<int:pk>/history/", reading.history, name="history"),
    path("annotations/<int:pk>/react/", community.react, name="react"),
    path("annotations/<int:pk>/answer/", community.mark_answer, name="answer"),
    path("annotations/<int:pk>/flag/", community.flag, name="flag"),
    path("annotations/<int:pk>/moderate/", community.moderate, name="moderate"),
    path(f"{reading_path}reveal/", community.reveal, name="reveal"),
    path("groups/<slug:group>/moderation/", community.moderation_page, name="moderation"),
    path(f"{reading_path}poll/", live.poll, name="poll"),
    path(f"{reading_path}changes/", live.changes, name="changes"),
    path("groups/<slug:group>/members.json", live.members, name="members"),
    path("notifications/", notices.notification_list, name="notifications"),
    path("notifications/read/", notices.mark_read, name="mark_read"),
    path("notifications/settings/", notices.notification_settings, name="notification_settings"),
    path("notifications/unsubscribe/<str:token>/", notices.unsubscribe, name="unsubscribe"),
]
