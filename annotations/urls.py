from django.urls import path

from annotations import views

app_name = "annotations"

urlpatterns = [
    path("texts/<slug:slug>/", views.document_page, name="document"),
    path("texts/<slug:slug>/paragraphs/<str:anchor>/", views.paragraph_panel, name="paragraph"),
    path("texts/<slug:slug>/annotations/", views.annotation_list, name="list"),
    path("texts/<slug:slug>/annotate/", views.annotate, name="annotate"),
    path("texts/<slug:slug>/comment/", views.comment, name="comment"),
    path("annotations/<int:pk>/", views.permalink, name="permalink"),
    path("annotations/<int:pk>/reply/", views.reply, name="reply"),
    path("annotations/<int:pk>/edit/", views.edit, name="edit"),
    path("annotations/<int:pk>/delete/", views.delete, name="delete"),
    path("annotations/<int:pk>/history/", views.history, name="history"),
]
