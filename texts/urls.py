from django.urls import path

from texts import views

app_name = "texts"

urlpatterns = [
    path("", views.document_list, name="document_list"),
]
