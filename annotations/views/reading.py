"""The reader with a group's discussion, and the forms that write annotations.

Every action works as a plain form post; with htmx the same views answer with the fragment to
swap in (the side panel or the comment section) and an `annotations-changed` event that lets
the page redraw highlights and margin counts. Everything a view shows or changes goes through
annotations.permissions and groups.permissions; what a user may not read answers 404.
"""

import json
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import listing, permissions, reader, selections, throttling, writing
from annotations.errors import AnnotationError
from annotations.forms import (
    AnnotationForm,
    BodyFields,
    CommentForm,
    EditForm,
    ListFilterForm,
    ReplyForm,
)
from annotations.models import Annotation
from annotations.threads import ThreadNode
from groups import permissions as group_permissions
from groups.http import AuthenticatedHttpRequest
from texts.models import Document, Paragraph


def reading(request: HttpRequest, group_slug: str, slug: str) -> reader.Context:
    """The document in a group's context; 404 unless the user may see both."""
    groups = group_permissions.groups_visible_to(request.user).with_role_of(request.user)
    group = get_object_or_404(groups, slug=group_slug)
    documents = Document.objects.with_current_revision().filter(reading_groups=group)
    return reader.context_for(get_object_or_404(documents, slug=slug), group, request.user)


def visible_or_404(request: HttpRequest, pk: int) -> Annotation:
    """An annotation the user may read, with its document and group; 404 for anything else."""
    annotations = Annotation.objects.readable_by(request.user)
    related = annotations.select_related("document__current_revision", "group", "author")
    return get_object_or_404(related, pk=pk)


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
    annotation = visible_or_404(request, pk)
    group = annotation.group or reader.best_group(request.user, annotation.document)
    context = reader.context_for(annotation.document, group, request.user)
    page = reader.reader_context(context) | {"focus": annotation}
    if annotation.has_passage:
        # Comments on the whole text are shown below it; passage threads open in the panel.
        threads = reader.thread(context, annotation.root_id or annotation.pk)
        if not _contains(threads, annotation.pk):
            raise Http404  # kept back by "post before you peek"
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


@login_required
@require_http_methods(["GET", "POST"])
def annotate(request: AuthenticatedHttpRequest, group: str, slug: str) -> HttpResponse:
    """Annotate a passage: `?p=<anchor>` for a whole paragraph, or a selection's positions."""
    context = reading(request, group, slug)
    if not context.can_annotate:
        raise PermissionDenied
    choices = group_permissions.posting_groups(request.user, context.document)
    form = AnnotationForm(
        request.POST or None,
        groups=choices,
        initial=_selection_initial(request, context.document) | {"group": group},
        mentions_url=context.urls()["mentions_url"],
    )
    if request.method == "POST" and form.is_valid():
        try:
            throttling.check_posting_rate(request.user)
            annotation = writing.create_annotation(
                author=request.user,
                revision=context.document.revision,
                group=form.chosen_group(),
                selection=form.selection(),
                body=form.cleaned_data["body"],
                motivation=form.cleaned_data["motivation"],
                tags=form.cleaned_data["tags"],
            )
        except AnnotationError as error:
            form.add_error(None, str(error))
        else:
            return after_write(request, context, annotation, posted=True)
    template = "annotations/annotate.html"
    if is_htmx(request):
        template = "annotations/partials/annotate-form.html"
    page = panel_context(context) | {"form": form, "quote": _form_quote(context.document, form)}
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    return render(request, template, page, status=status)


@login_required
@require_POST
def comment(request: AuthenticatedHttpRequest, group: str, slug: str) -> HttpResponse:
    """A comment on the whole document, below it, as on a blog."""
    context = reading(request, group, slug)
    if not context.can_annotate:
        raise PermissionDenied
    form = CommentForm(request.POST, group=context.group)
    return _write(
        request,
        form,
        context,
        lambda data: writing.create_annotation(
            author=request.user,
            revision=context.document.revision,
            group=context.group,
            selection=None,
            body=data["body"],
            tags=data["tags"],
        ),
        posted=True,
    )


@login_required
@require_POST
def reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    parent = visible_or_404(request, pk)
    context = context_of(request, parent)
    group_id = context.group.pk if context.group is not None else None
    if not permissions.can_reply(context.viewer, parent, group_id):
        raise PermissionDenied
    return _write(
        request,
        ReplyForm(request.POST),
        context,
        lambda data: writing.reply_to_annotation(
            author=request.user,
            parent=parent,
            body=data["body"],
            tags=data["tags"],
            group=context.group,
        ),
        posted=True,
    )


@login_required
@require_POST
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    annotation = visible_or_404(request, pk)
    if not permissions.can_change(request.user, annotation):
        raise PermissionDenied
    return _write(
        request,
        EditForm(request.POST),
        context_of(request, annotation),
        lambda data: writing.edit_annotation(
            annotation=annotation, editor=request.user, body=data["body"], tags=data["tags"]
        ),
    )


@login_required
@require_POST
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete your annotation; with replies it stays as a tombstone."""
    annotation = visible_or_404(request, pk)
    if not permissions.can_change(request.user, annotation):
        raise PermissionDenied
    context = context_of(request, annotation)
    writing.delete_annotation(annotation=annotation, user=request.user)
    return after_write(request, context, annotation)


@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """An annotation's earlier versions, newest first, and the words it quoted before a
    re-import placed it on others."""
    annotation = visible_or_404(request, pk)
    page = {
        "annotation": annotation,
        "edits": annotation.edits.all(),
        "placements": annotation.placements.select_related("revision"),
        "group": context_of(request, annotation).group,
    }
    return render(request, "annotations/history.html", page)


def context_of(request: HttpRequest, annotation: Annotation) -> reader.Context:
    """The group context a write happens in: the annotation's group, or for a document's own
    comments the group the reader came from (posted as `group`)."""
    group = annotation.group
    if group is None and (slug := request.POST.get("group")):
        group = get_object_or_404(group_permissions.groups_visible_to(request.user), slug=slug)
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


def _write(
    request: AuthenticatedHttpRequest,
    form: BodyFields,
    context: reader.Context,
    write: Callable[[dict[str, Any]], Annotation],
    *,
    posted: bool = False,
) -> HttpResponse:
    """Validate `form` and call `write` with its data; on failure, show what to fix."""
    if form.is_valid():
        try:
            throttling.check_posting_rate(request.user)
            return after_write(request, context, write(form.cleaned_data), posted=posted)
        except AnnotationError as error:
            form.add_error(None, str(error))
    if is_htmx(request):
        # Only the error message is swapped in: the text the person wrote stays in the form.
        response = render(request, "annotations/partials/form-errors.html", {"form": form})
        trigger = request.headers.get("HX-Trigger", "")
        response["HX-Retarget"] = f"#{trigger} .form-errors" if trigger else "#panel-content"
        response["HX-Reswap"] = "innerHTML"
        return response
    page = panel_context(context) | {"form": form, "action": request.path}
    return render(request, "annotations/form_page.html", page, status=HTTPStatus.BAD_REQUEST)


def after_write(
    request: HttpRequest,
    context: reader.Context,
    annotation: Annotation,
    *,
    posted: bool = False,
    said: str = "",
) -> HttpResponse:
    """Show where the change happened: its thread, or what is left when the thread is gone.

    A new post (`posted`) says where it went when that is not the discussion being read
    (another group's, or a private note), with a link to it there; `said` is a word of thanks.
    """
    root = Annotation.objects.filter(pk=annotation.root_id or annotation.pk).first()
    went = reader.destination(context, annotation) if posted and root is not None else None
    if not is_htmx(request):
        if went is not None:
            messages.success(request, went.message)
        return redirect(_where_to_look(context, annotation, root))
    if not annotation.has_passage:
        page = reader.reader_context(context) | {"focus": annotation, "said": said}
        response = render(request, "annotations/partials/comments.html", page)
        response["HX-Retarget"], response["HX-Reswap"] = "#comments", "outerHTML"
        return response
    page = panel_context(context) | {"focus": annotation, "posted": went, "said": said}
    if root is not None:
        threads = reader.thread(context, root.pk)
        # Not in this discussion (another group's): the panel says where it is instead.
        shown_here = threads or went is None
        page |= {"panel": "thread" if shown_here else "posted", "root": root, "threads": threads}
        page["orphaned_in"] = reader.earlier_revision(context, root)
    elif (paragraph := annotation.start_paragraph) is not None:
        # The thread is gone: the paragraph it was on, with what is left there.
        threads = reader.paragraph_threads(context, paragraph)
        page |= {"panel": "paragraph", "paragraph": paragraph, "threads": threads}
    response = render(request, "annotations/partials/panel.html", page)
    response["HX-Retarget"], response["HX-Reswap"] = "#panel-content", "innerHTML"
    changes = reader.changes_around(context, annotation, root)
    response["HX-Trigger-After-Settle"] = json.dumps({"annotations-changed": changes})
    return response


def _where_to_look(context: reader.Context, annotation: Annotation, root: Annotation | None) -> str:
    if Annotation.objects.filter(pk=annotation.pk).exists():
        return annotation.get_absolute_url()
    if root is not None:
        return root.get_absolute_url()
    anchor = f"p-{annotation.start_ordinal}" if annotation.has_passage else "comments"
    return f"{context.urls().get('document_url', '/')}#{anchor}"


def _selection_initial(request: HttpRequest, document: Document) -> dict[str, str | int | None]:
    """The form's passage from the query string: a whole paragraph, or a selection."""
    query = request.GET
    if anchor := query.get("p"):
        paragraph = get_object_or_404(document.revision.paragraphs, anchor=anchor)
        selection = selections.whole_paragraph(paragraph)
        return {
            "start": selection.start,
            "start_offset": 0,
            "end": selection.end,
            "end_offset": selection.end_offset,
        }
    return {key: query.get(key) for key in ("start", "start_offset", "end", "end_offset")}


def _form_quote(document: Document, form: AnnotationForm) -> str:
    """The passage the form is about, as the text says it, to show above the form."""
    data = form.data if form.is_bound else form.initial
    try:
        selection = selections.Selection(
            str(data.get("start", "")),
            int(data.get("start_offset") or 0),
            str(data.get("end", "")),
            int(data.get("end_offset") or 0),
        )
    except ValueError:
        return ""
    return selections.quote_of(document.revision, selection)
