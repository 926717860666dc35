"""The list of documents. (The reader, which shows a document with its annotations, is in
annotations.views.)"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from texts.models import Document


def document_list(request: HttpRequest) -> HttpResponse:
    """Every document, with its author and size."""
    documents = Document.objects.with_block_counts()
    return render(request, "texts/document_list.html", {"documents": documents})
