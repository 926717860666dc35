"""The reader with a group's discussion: the document, its side panels, the list of its
threads, an annotation's permalink and history.

Everything a view shows goes through annotations.permissions and groups.permissions; what a
user may not read answers 404. The forms that write are in views.posting and views.community.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from annotations import listing, permissions, reader
from annotations.forms import ListFilterForm
from annotations.models import Annotation
from annotations.threads import ThreadNode
from groups import permissions as group_permissions
from texts.models import Document, Paragraph


def reading(request: HttpRequest, group_slug: str, slug: str) -> reader.Context:
    """The document in a group's context; 404 unless the user may see both."""
    groups = group_permissions.groups_visible_to(request.user).with_role_of(request.user)
    group = get_object_or_404(groups, slug=group_slug)
    documents = Document.objects.with_current_revision().filter(reading_groups=group)
    return reader.context_for(get_object_or_404(documents, slug=slug), group, request.user)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_GET
def open_document(request: HttpRequest, slug: str) -> HttpResponse:
    """A document, opened in the reader's own group for it (or a public group reading it)."""
    readable = group_permissions.readable_documents(request.user).with_current_revision()
    document = get_object_or_404(readable, slug=slug)
    group = reader.best_group(request.user, document)
    if group is not None:
        return redirect("annotations:document", group.slug, document.slug)
    # Site staff may read a document no group reads yet: with only its own comments.
    context = reader.reader_context(reader.context_for(document, None, request.user))
    return render(request, "annotations/reader.html", context)


@require_GET
def document_page(request: HttpRequest, group: str, slug: str) -> HttpResponse:
    """The reader; `?p=<anchor>` opens that paragraph's threads in the side panel."""
    context = reading(request, group, slug)
    page = reader.reader_context(context, _assigned(request.GET.get("assigned", "")))
    if (orphan := request.GET.get("reattach", "")).isdigit():
        # Choosing new words for an orphan: selecting them leads back to its re-attach page.
        page["reattach_url"] = reverse("annotations:reattach", args=[orphan])
    if anchor := request.GET.get("p"):
        if (paragraph := page["paragraphs"].get(anchor)) is None:
            raise Http404
        threads = reader.paragraph_threads(context, paragraph, sort=request.GET.get("sort", ""))
        page |= {"panel": "paragraph", "paragraph": paragraph, "threads": threads}
    return render(request, "annotations/reader.html", page)


def _assigned(value: str) -> range | None:
    """A reading assignment from the query string, "12-40" (from a meeting's page)."""
    start, _, end = value.partition("-")
    if not (start.isdigit() and end.isdigit()) or int(start) > int(end):
        return None
    return range(int(start), int(end) + 1)


@require_GET
def permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """The document, scrolled to the annotation's passage, with its whole thread open."""
    annotation = permissions.annotation_for(request.user, pk, permissions.Action.READ)
    context = context_of(request, annotation)
    page = reader.reader_context(context) | {"focus": annotation}
    if annotation.has_passage:
        # Comments on the whole text are shown below it; passage threads open in the panel.
        threads = reader.thread(context, annotation.root_id or annotation.pk)
        if not _contains(threads, annotation.pk):
            raise Http404  # a reply whose thread the reader cannot follow down to it
        root = threads[0].annotation
        page |= {"panel": "thread", "root": root, "threads": threads}
        page["orphaned_in"] = reader.earlier_revision(context, root)
    return render(request, "annotations/reader.html", page)


def _contains(nodes: list[ThreadNode], pk: int) -> bool:
    return any(n.annotation.pk == pk or _contains(n.replies, pk) for n in nodes)


@require_GET
def paragraph_panel(request: HttpRequest, group: str, slug: str, anchor: str) -> HttpResponse:
    """The side panel for one paragraph: its threads (htmx), or the reader opened on it."""
    context = reading(request, group, slug)
    if not is_htmx(request):
        return redirect(f"{context.urls()['document_url']}?p={anchor}#{anchor}")
    revision = context.document.current_revision
    paragraph = get_object_or_404(Paragraph, revision=revision, anchor=anchor)
    sort = request.GET.get("sort", "")
    page = panel_context(context) | {"panel": "paragraph", "paragraph": paragraph, "sort": sort}
    page["threads"] = reader.paragraph_threads(context, paragraph, sort=sort)
    return render(request, "annotations/partials/panel.html", page)


@require_GET
def annotation_list(request: HttpRequest, group: str, slug: str) -> HttpResponse:
    """All of the document's threads in text order, filtered by member, tag and kind."""
    context = reading(request, group, slug)
    members, tags = listing.filter_choices(context)
    filters = ListFilterForm(request.GET, members=members, tags=tags)
    threads = listing.listing(context, page=request.GET.get("page", "1"), **filters.filters())
    page = panel_context(context) | {"panel": "list", "listing": threads, "filters": filters}
    template = "annotations/partials/panel.html" if is_htmx(request) else "annotations/list.html"
    return render(request, template, page)


@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """An annotation's earlier versions, newest first, and the words it quoted before a
    re-import placed it on others: its words, which a hidden one keeps from all but its
    author and the moderators (404 for the others)."""
    annotation = permissions.annotation_for(request.user, pk, permissions.Action.READ_WORDS)
    page = {
        "annotation": annotation,
        "edits": annotation.edits.all(),
        "placements": annotation.placements.select_related("revision"),
        "group": context_of(request, annotation).group,
    }
    return render(request, "annotations/history.html", page)


def context_of(request: HttpRequest, annotation: Annotation, chosen: str = "") -> reader.Context:
    """The group context an annotation is read or acted on in: its group; for a document's own
    comments the group a form named (`chosen`, a slug), else one of the reader's reading the
    document; for those and private notes, else the group the reader would open the text in."""
    group = permissions.acting_group(request.user, annotation, chosen)
    if group is None:
        group = reader.best_group(request.user, annotation.document)
    return reader.context_for(annotation.document, group, request.user)


def panel_context(context: reader.Context) -> dict[str, Any]:
    """What every side panel shows besides its threads: the reading, its rights and forms."""
    return {
        "document": context.document,
        "group": context.group,
        "can_annotate": context.can_annotate,
        "can_plan": context.viewer.moderates,
        **reader.thread_forms(context),
        **context.urls(),
    }
