"""The reader: the list of documents, and a document page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from texts.models import Document
from texts.reading import comment_threads, group_blocks, table_of_contents


def document_list(request: HttpRequest) -> HttpResponse:
    """Every document, with its author and size."""
    documents = Document.objects.with_block_counts()
    return render(request, "texts/document_list.html", {"documents": documents})


def document_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A document's current revision: contents, numbered blocks, and its comment section."""
    document = get_object_or_404(Document.objects.with_current_revision(), slug=slug)
    revision = document.current_revision
    paragraphs = list(revision.paragraphs.all()) if revision else []
    context = {
        "document": document,
        "revision": revision,
        "blocks": group_blocks(paragraphs),
        "contents": table_of_contents(paragraphs),
        "comment_threads": comment_threads(revision.comments) if revision else [],
    }
    return render(request, "texts/document_detail.html", context)
