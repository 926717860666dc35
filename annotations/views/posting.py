"""The forms that write annotations: annotate a passage, comment on the whole text, reply, edit,
delete.

Every action works as a plain form post; with htmx the same views answer with the fragment to
swap in (the side panel or the comment section) and an `annotations-changed` event that lets
the page redraw highlights and margin counts (views.acting). An annotation written to is
reached through the policy (`acting_on`); a write the service refuses says why where the
person wrote.
"""

from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from annotations import reader, selections, throttling, writing
from annotations.errors import AnnotationError
from annotations.forms import AnnotationForm, BodyFields, CommentForm, EditForm, ReplyForm
from annotations.models import Annotation
from annotations.permissions import Action
from annotations.views.acting import act, acting_on, after_write, says_when_gone
from annotations.views.reading import is_htmx, panel_context, reading
from groups import permissions as group_permissions
from groups.http import AuthenticatedHttpRequest
from texts.models import Document


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
@says_when_gone
def reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Reply in an annotation's thread; a refusal (a deleted or hidden parent) is said on the
    form, with the words written kept."""
    parent, context = acting_on(request, pk, Action.REPLY)
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
@says_when_gone
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change your annotation's words and tags; the previous version stays in its history."""
    annotation, context = acting_on(request, pk, Action.EDIT)
    return _write(
        request,
        EditForm(request.POST),
        context,
        lambda data: writing.edit_annotation(
            annotation=annotation, editor=request.user, body=data["body"], tags=data["tags"]
        ),
    )


@login_required
@require_POST
@says_when_gone
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete your annotation; with replies it stays as a tombstone. Deleting it twice (a
    double click) says it is deleted already."""
    annotation, context = acting_on(request, pk, Action.DELETE)
    remove = partial(writing.delete_annotation, annotation=annotation, user=request.user)
    return act(request, context, annotation, remove)


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
