"""The reader with its annotations, and the forms that write them.

Every action works as a plain form post; with htmx the same views answer with the fragment to
swap in (the side panel or the comment section) and an `annotations-changed` event that lets
the page redraw highlights and margin counts.
"""

import json
from collections.abc import Callable
from http import HTTPStatus

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import permissions, reader, services
from annotations.forms import AnnotationForm, BodyFields, EditForm, ReplyForm
from annotations.models import Annotation
from texts.models import Document, Paragraph


def _document(slug: str) -> Document:
    return get_object_or_404(Document.objects.with_current_revision(), slug=slug)


def _visible(request: HttpRequest, pk: int) -> Annotation:
    """An annotation the user may read, with its document; 404 for anything else."""
    annotations = permissions.visible_annotations(request.user, Annotation.objects.all())
    related = annotations.select_related("document__current_revision", "author")
    return get_object_or_404(related, pk=pk)


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_GET
def document_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The reader; `?p=<anchor>` opens that paragraph's threads in the side panel."""
    document = _document(slug)
    context = reader.reader_context(document, request.user)
    if (anchor := request.GET.get("p")) and document.current_revision:
        paragraph = get_object_or_404(document.current_revision.paragraphs, anchor=anchor)
        context |= {"panel": "paragraph", "paragraph": paragraph}
        context["threads"] = reader.paragraph_threads(paragraph, request.user)
    return render(request, "annotations/reader.html", context)


@require_GET
def permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """The document, scrolled to the annotation's passage, with its whole thread open."""
    annotation = _visible(request, pk)
    context = reader.reader_context(annotation.document, request.user) | {"focus": annotation}
    if annotation.has_passage:
        # Comments on the whole text are shown below it; passage threads open in the panel.
        threads = reader.thread(annotation.root_id or annotation.pk, request.user)
        root = threads[0].annotation if threads else annotation
        context |= {"panel": "thread", "root": root, "threads": threads}
    return render(request, "annotations/reader.html", context)


@require_GET
def paragraph_panel(request: HttpRequest, slug: str, anchor: str) -> HttpResponse:
    """The side panel for one paragraph: its threads (htmx), or the reader opened on it."""
    document = _document(slug)
    if not _htmx(request):
        return redirect(f"{document.get_absolute_url()}?p={anchor}#{anchor}")
    paragraph = get_object_or_404(Paragraph, revision=document.current_revision, anchor=anchor)
    threads = reader.paragraph_threads(paragraph, request.user)
    context = {"document": document, "panel": "paragraph", "paragraph": paragraph}
    context |= {
        "threads": threads,
        "can_annotate": permissions.can_annotate(request.user, document),
    }
    return render(request, "annotations/partials/panel.html", context)


@require_GET
def annotation_list(request: HttpRequest, slug: str) -> HttpResponse:
    """All of the document's threads in text order, filtered by member, tag and kind."""
    document = _document(slug)
    listing = reader.listing(
        document.current_revision,
        request.user,
        member=request.GET.get("member", ""),
        tag=request.GET.get("tag", ""),
        kind=request.GET.get("kind", ""),
        page=request.GET.get("page", "1"),
    )
    context = {"document": document, "panel": "list", "listing": listing}
    template = "annotations/partials/panel.html" if _htmx(request) else "annotations/list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def annotate(request: HttpRequest, slug: str) -> HttpResponse:
    """Annotate a passage: `?p=<anchor>` for a whole paragraph, or a selection's positions."""
    document = _document(slug)
    if not permissions.can_annotate(request.user, document):
        raise PermissionDenied
    form = AnnotationForm(request.POST or None, initial=_selection_initial(request, document))
    if request.method == "POST" and form.is_valid():
        try:
            annotation = services.create_annotation(
                author=request.user,
                revision=document.current_revision,
                selection=form.selection(),
                body=form.cleaned_data["body"],
                motivation=form.cleaned_data["motivation"],
                tags=form.cleaned_data["tags"],
            )
        except services.AnnotationError as error:
            form.add_error(None, str(error))
        else:
            return _after_write(request, annotation)
    quote = _form_quote(document, form)
    template = (
        "annotations/partials/annotate-form.html" if _htmx(request) else "annotations/annotate.html"
    )
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    return render(
        request, template, {"document": document, "form": form, "quote": quote}, status=status
    )


@login_required
@require_POST
def comment(request: HttpRequest, slug: str) -> HttpResponse:
    """A comment on the whole document, below it, as on a blog."""
    document = _document(slug)
    if not permissions.can_annotate(request.user, document):
        raise PermissionDenied
    form = BodyFields(request.POST)
    return _write(request, form, document, lambda data: services.create_annotation(
        author=request.user, revision=document.current_revision, selection=None,
        body=data["body"], tags=data["tags"],
    ))  # fmt: skip


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _visible(request, pk)
    if not permissions.can_reply(request.user, parent):
        raise PermissionDenied
    return _write(request, ReplyForm(request.POST), parent.document, lambda data: (
        services.reply_to_annotation(
            author=request.user, parent=parent, body=data["body"], tags=data["tags"]
        )
    ))  # fmt: skip


@login_required
@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = _visible(request, pk)
    if not permissions.can_change(request.user, annotation):
        raise PermissionDenied
    return _write(request, EditForm(request.POST), annotation.document, lambda data: (
        services.edit_annotation(
            annotation=annotation, editor=request.user, body=data["body"], tags=data["tags"]
        )
    ))  # fmt: skip


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete your annotation; with replies it stays as a tombstone."""
    annotation = _visible(request, pk)
    if not permissions.can_change(request.user, annotation):
        raise PermissionDenied
    services.delete_annotation(annotation=annotation, user=request.user)
    return _after_write(request, annotation)


@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """An annotation's earlier versions, newest first."""
    annotation = _visible(request, pk)
    edits = annotation.edits.all()
    return render(request, "annotations/history.html", {"annotation": annotation, "edits": edits})


def _write(
    request: HttpRequest,
    form: BodyFields,
    document: Document,
    write: Callable[[dict], Annotation],
) -> HttpResponse:
    """Validate `form` and call `write` with its data; on failure, show what to fix."""
    if form.is_valid():
        try:
            return _after_write(request, write(form.cleaned_data))
        except services.AnnotationError as error:
            form.add_error(None, str(error))
    if _htmx(request):
        # Only the error message is swapped in: the text the person wrote stays in the form.
        response = render(request, "annotations/partials/form-errors.html", {"form": form})
        trigger = request.headers.get("HX-Trigger", "")
        response["HX-Retarget"] = f"#{trigger} .form-errors" if trigger else "#panel-content"
        response["HX-Reswap"] = "innerHTML"
        return response
    context = {"document": document, "form": form, "action": request.path}
    return render(request, "annotations/form_page.html", context, status=HTTPStatus.BAD_REQUEST)


def _after_write(request: HttpRequest, annotation: Annotation) -> HttpResponse:
    """Show where the change happened: its thread, or what is left when the thread is gone."""
    root = Annotation.objects.filter(pk=annotation.root_id or annotation.pk).first()
    if not _htmx(request):
        target = annotation if Annotation.objects.filter(pk=annotation.pk).exists() else root
        if target is not None:
            return redirect(target.get_absolute_url())
        anchor = f"p-{annotation.start_ordinal}" if annotation.has_passage else "comments"
        return redirect(f"{annotation.document.get_absolute_url()}#{anchor}")
    document = annotation.document
    if not annotation.has_passage:
        context = reader.reader_context(document, request.user) | {"focus": annotation}
        response = render(request, "annotations/partials/comments.html", context)
        response["HX-Retarget"], response["HX-Reswap"] = "#comments", "outerHTML"
        return response
    context = {"document": document, "focus": annotation, "can_annotate": True}
    if root is not None:
        threads = reader.thread(root.pk, request.user)
        context |= {"panel": "thread", "root": root, "threads": threads}
    else:
        paragraph = Paragraph.objects.get(pk=annotation.start_paragraph_id)
        threads = reader.paragraph_threads(paragraph, request.user)
        context |= {"panel": "paragraph", "paragraph": paragraph, "threads": threads}
    response = render(request, "annotations/partials/panel.html", context)
    response["HX-Retarget"], response["HX-Reswap"] = "#panel-content", "innerHTML"
    changes = reader.changes_around(annotation, root, request.user)
    response["HX-Trigger-After-Settle"] = json.dumps({"annotations-changed": changes})
    return response


def _selection_initial(request: HttpRequest, document: Document) -> dict:
    """The form's passage from the query string: a whole paragraph, or a selection."""
    query = request.GET
    if anchor := query.get("p"):
        paragraph = get_object_or_404(document.current_revision.paragraphs, anchor=anchor)
        selection = services.whole_paragraph(paragraph)
        return {"start": selection.start, "start_offset": 0, "end": selection.end,
                "end_offset": selection.end_offset}  # fmt: skip
    return {key: query.get(key) for key in ("start", "start_offset", "end", "end_offset")}


def _form_quote(document: Document, form: AnnotationForm) -> str:
    """The passage the form is about, as the text says it, to show above the form."""
    data = form.data if form.is_bound else form.initial
    try:
        selection = services.Selection(
            str(data.get("start", "")), int(data.get("start_offset") or 0),
            str(data.get("end", "")), int(data.get("end_offset") or 0),
        )  # fmt: skip
    except ValueError:
        return ""
    return services.quote_of(document.current_revision, selection)
