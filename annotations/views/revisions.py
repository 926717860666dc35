"""A document's earlier versions: the list of revisions with how each re-import placed the
annotations, and an earlier revision's text, read-only (who may read the document in a group
may read its history); and re-attaching an orphan to words of the current text."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from annotations import reattaching
from annotations.errors import AnnotationError
from annotations.forms import ReattachForm
from annotations.models import Annotation
from annotations.permissions import Action
from annotations.views.acting import acting_on, says_when_gone
from annotations.views.reading import reading
from groups.http import AuthenticatedHttpRequest
from texts.models import Revision
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


@login_required
@require_http_methods(["GET", "POST"])
@says_when_gone
def reattach(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Put an orphan thread back in the text: its author or a facilitator names the paragraph
    and the words."""
    orphan, context = acting_on(request, pk, Action.REATTACH)
    revision = context.document.revision
    form = ReattachForm(request.POST or None, initial=_chosen(request, revision, orphan))
    if request.method == "POST" and form.is_valid():
        paragraph = revision.paragraphs.filter(ordinal=form.cleaned_data["paragraph"]).first()
        if paragraph is None:
            form.add_error("paragraph", "The current text has no paragraph with that number.")
        else:
            try:
                reattaching.reattach(
                    annotation=orphan, words=form.cleaned_data["words"], paragraph=paragraph
                )
            except AnnotationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "The annotation is back in the text.")
                return redirect(orphan)
    page = {"form": form, "orphan": orphan, "document": context.document, "group": context.group}
    page["chosen"] = "start" in request.GET
    return render(request, "annotations/reattach.html", page)


def _chosen(request: HttpRequest, revision: Revision, orphan: Annotation) -> dict[str, int | str]:
    """The form's first values: the words selected in the reader (within their first
    paragraph), else the words the annotation was made on."""
    query = request.GET
    paragraph = revision.paragraphs.filter(anchor=query.get("start", "")).first()
    start, end = query.get("start_offset", ""), query.get("end_offset", "")
    if paragraph is None or not start.isdigit():
        return {"words": orphan.exact}
    last = int(end) if end.isdigit() and query.get("end") == paragraph.anchor else None
    return {"paragraph": paragraph.ordinal, "words": paragraph.text[int(start) : last]}
