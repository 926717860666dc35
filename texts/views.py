"""The site's library of documents, for staff. (Members reach texts through their groups;
the reader, which shows a text with its discussion, is in annotations.views.)"""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from texts.models import Document


@staff_member_required
def document_list(request: HttpRequest) -> HttpResponse:
    """Every document, with its author and size."""
    documents = Document.objects.with_block_counts()
    return render(request, "texts/document_list.html", {"documents": documents})
