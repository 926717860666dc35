"""A document's earlier versions: the list of revisions with how each re-import placed the
annotations, and an earlier revision's text, read-only. Who may read the document in a group
may read its history."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotations.views.reading import reading
from texts.reading import render_blocks


@require_GET
def revision_list(request: HttpRequest, group: str, slug: str) -> HttpResponse:
    """Every revision, newest first, with its source and re-anchoring report."""
    context = reading(request, group, slug)
    revisions = context.document.revisions.annotate(block_count=Count("paragraphs")).order_by(
        "-number"
    )
    page = {"document": context.document, "group": context.group, "revisions": revisions}
    return render(request, "annotations/revisions.html", page)


@require_GET
def revision_page(request: HttpRequest, group: str, slug: str, number: int) -> HttpResponse:
    """An earlier revision's text as it was imported (annotations live on the current one)."""
    context = reading(request, group, slug)
    revision = get_object_or_404(context.document.revisions, number=number)
    body = render_blocks(list(revision.paragraphs.order_by("ordinal")))
    page = {"document": context.document, "group": context.group, "revision": revision}
    return render(request, "annotations/revision.html", page | {"body": body})
