"""Acting on one annotation: reaching it through the policy (permissions.annotation_for), the
group context the act happens in, and what the person sees after: the thread again, or why
the act could not be done, said where they acted (never an error page for a double click)."""

import json
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from annotations import permissions, reader
from annotations.errors import AnnotationError
from annotations.models import Annotation
from annotations.views.reading import context_of, is_htmx, panel_context
from groups.http import AuthenticatedHttpRequest

# A view of one annotation, by its id.
type AnnotationView = Callable[[AuthenticatedHttpRequest, int], HttpResponse]


def acting_on(
    request: HttpRequest, pk: int, action: permissions.Action
) -> tuple[Annotation, reader.Context]:
    """The annotation `pk` for `action` (Gone, 404 or 403 when not: see
    `permissions.annotation_for`) and the context the act happens in."""
    # The forms under a document's own comments name the group a reply goes to.
    chosen = request.POST.get("group", "")
    annotation = permissions.annotation_for(request.user, pk, action, group=chosen)
    return annotation, context_of(request, annotation, chosen)


def says_when_gone(view: AnnotationView) -> AnnotationView:
    """Answer a write on an annotation that no longer exists (a double click's second delete,
    a reply to a thread just removed) with the message, where the person acted."""

    @wraps(view)
    def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        try:
            return view(request, pk)
        except permissions.Gone as gone:
            if request.method != "POST":
                raise  # a page asked for: not found
            return refusal(request, str(gone), came_from(request, pk))

    return answer


def refusal(request: HttpRequest, message: str, fallback: str) -> HttpResponse:
    """Say why an act could not be done: in the form that was used (htmx), or as a message on
    the form's `next` page, else on `fallback`."""
    if is_htmx(request):
        response = render(request, "annotations/partials/alert.html", {"message": message})
        trigger = request.headers.get("HX-Trigger", "")
        response["HX-Retarget"] = f"#{trigger} .form-errors" if trigger else "#panel-content"
        response["HX-Reswap"] = "innerHTML"
        return response
    messages.error(request, message)
    target = request.POST.get("next", "")
    return redirect(target if _on_this_site(request, target) else fallback)


def came_from(request: HttpRequest, pk: int) -> str:
    """The page that posted, unless it was one of the gone annotation `pk`'s own (which would
    answer "not found"); else the home page."""
    page = request.headers.get("Referer", "")
    if _on_this_site(request, page) and not urlsplit(page).path.startswith(f"/annotations/{pk}/"):
        return page
    return "/"


def _on_this_site(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, {request.get_host()}, require_https=request.is_secure()
    )


def act(
    request: HttpRequest,
    context: reader.Context,
    annotation: Annotation,
    action: Callable[[], object],
    *,
    form: forms.Form | None = None,
    done: str = "",
) -> HttpResponse:
    """Validate `form` (when there is one) and do `action`, then show the thread again (or the
    form's `next` page); a refusal (AnnotationError) is said where the person acted."""
    try:
        if form is not None and not form.is_valid():
            # One message, as for a refusal: the form under an annotation shows no field errors.
            raise AnnotationError(next(iter(form.errors.values()))[0])
        action()
    except AnnotationError as error:
        return refusal(request, str(error), where_to_look(context, annotation))
    if done and not is_htmx(request):
        messages.success(request, done)
    target = request.POST.get("next", "")
    if not is_htmx(request) and _on_this_site(request, target):
        return redirect(target)
    # Fresh from the database (a concurrent delete may have taken it: then as it was).
    annotation = Annotation.objects.filter(pk=annotation.pk).first() or annotation
    # With htmx the panel says it (a message would wait for the next page and say it late).
    return after_write(request, context, annotation, said=done)


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
        return redirect(where_to_look(context, annotation, root))
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


def where_to_look(
    context: reader.Context, annotation: Annotation, root: Annotation | None = None
) -> str:
    """The annotation's page while it exists, else its thread's (`root`), else its place in
    the text."""
    if Annotation.objects.filter(pk=annotation.pk).exists():
        return annotation.get_absolute_url()
    if root is not None:
        return root.get_absolute_url()
    anchor = f"p-{annotation.start_ordinal}" if annotation.has_passage else "comments"
    return f"{context.urls().get('document_url', '/')}#{anchor}"
