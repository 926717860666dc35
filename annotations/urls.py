from django.urls import path

from annotations import views

app_name = "annotations"

reading = "groups/<slug:group>/texts/<slug:slug>/"

urlpatterns = [
    path("texts/<slug:slug>/", views.open_document, name="open"),
    path(reading, views.document_page, name="document"),
    path(f"{reading}paragraphs/<str:anchor>/", views.paragraph_panel, name="paragraph"),
    path(f"{reading}annotations/", views.annotation_list, name="list"),
    path(f"{reading}annotate/", views.annotate, name="annotate"),
    path(f"{reading}comment/", views.comment, name="comment"),
    path("annotations/<int:pk>/", views.permalink, name="permalink"),
    path("annotations/<int:pk>/reply/", views.reply, name="reply"),
    path("annotations/<int:pk>/edit/", views.edit, name="edit"),
    path("annotations/<int:pk>/delete/", views.delete, name="delete"),
    path("annotations/<int:pk>/history/", views.history, name="history"),
]
