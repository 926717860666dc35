"""Members responding to each other (reactions, answers, flags) and moderators at work (hide,
restore, approve, reveal; the moderation page with its queue and audit log)."""

from collections.abc import Callable
from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from annotations import moderation, permissions, reactions, reader
from annotations.errors import AnnotationError
from annotations.forms import FlagForm, ModerateForm
from annotations.models import Annotation, Flag, ModerationEntry
from annotations.views.reading import (
    after_write,
    context_of,
    is_htmx,
    reading,
    visible_or_404,
)
from groups import permissions as group_permissions
from groups.http import AuthenticatedHttpRequest


@login_required
@require_POST
def react(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add or take back a reaction."""
    annotation = visible_or_404(request, pk)
    context = context_of(request, annotation)
    if not permissions.can_react(context.viewer, annotation):
        raise PermissionDenied
    kind = request.POST.get("kind", "")
    toggle = partial(
        reactions.toggle_reaction, viewer=context.viewer, annotation=annotation, kind=kind
    )
    return _act(request, context, annotation, toggle)


@login_required
@require_POST
def mark_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark (or unmark, with no reply given) the reply that answered a question."""
    question = visible_or_404(request, pk)
    context = context_of(request, question)
    reply_id = request.POST.get("reply")
    reply = get_object_or_404(question.descendants, pk=reply_id) if reply_id else None
    mark = partial(reactions.mark_answer, viewer=context.viewer, question=question, reply=reply)
    return _act(request, context, question, mark)


@login_required
@require_POST
def flag(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Flag an annotation for the group's moderators."""
    annotation = visible_or_404(request, pk)
    context = context_of(request, annotation)
    if not permissions.can_flag(context.viewer, annotation):
        raise PermissionDenied
    form = FlagForm(request.POST)

    def flag_it() -> None:
        reason = form.cleaned_data["reason"]  # valid by now: _act checks the form first
        moderation.flag(user=request.user, annotation=annotation, reason=reason)

    done = "Thank you: the group's moderators will look at it."
    return _act(request, context, annotation, flag_it, form=form, done=done)


def _moderation(action: str, user: User, annotation: Annotation, reason: str) -> None:
    match action:
        case "hide":
            moderation.hide(moderator=user, annotation=annotation, reason=reason)
        case "restore":
            moderation.restore(moderator=user, annotation=annotation, reason=reason)
        case "approve":
            moderation.approve(moderator=user, annotation=annotation)
        case "dismiss":
            moderation.dismiss_flags(moderator=user, annotation=annotation)
        case _:
            raise PermissionDenied


@login_required
@require_POST
def moderate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Hide, restore or approve an annotation, or dismiss its flags: facilitators and admins."""
    annotation = visible_or_404(request, pk)
    if not permissions.can_moderate(request.user, annotation.group):
        raise PermissionDenied
    form = ModerateForm(request.POST)
    context = context_of(request, annotation)

    def moderate_it() -> None:
        data = form.cleaned_data  # valid by now: _act checks the form first
        _moderation(data["action"], request.user, annotation, data["reason"])

    return _act(request, context, annotation, moderate_it, form=form)


@login_required
@require_POST
def reveal(request: AuthenticatedHttpRequest, group: str, slug: str) -> HttpResponse:
    """Show every member all the notes of a "post before you peek" reading."""
    context = reading(request, group, slug)
    if context.group is None or not permissions.can_moderate(request.user, context.group):
        raise PermissionDenied(moderation.NOT_MODERATOR)
    moderation.reveal(moderator=request.user, group=context.group, document_id=context.document.pk)
    messages.success(request, "Every member now sees all the notes on this text.")
    return redirect(context.urls()["document_url"])


@login_required
@require_GET
def moderation_page(request: AuthenticatedHttpRequest, group: str) -> HttpResponse:
    """The group's moderation queue: open flags, held posts, hidden posts; the audit log for
    its admins."""
    found = get_object_or_404(group_permissions.groups_visible_to(request.user), slug=group)
    if not permissions.can_moderate(request.user, found):
        raise PermissionDenied
    in_group = Annotation.objects.for_group(found).select_related("author__profile", "document")
    context = {
        "group": found,
        "flags": Flag.objects.filter(annotation__group=found, resolved_at__isnull=True)
        .select_related("annotation__author__profile", "user__profile")
        .order_by("annotation", "created_at"),
        "held": in_group.held(),
        "hidden": in_group.hidden(),
        "log": ModerationEntry.objects.filter(group=found).select_related("actor__profile")[:200]
        if group_permissions.can_manage(request.user, found)
        else None,
    }
    return render(request, "annotations/moderation.html", context)


def _act(
    request: HttpRequest,
    context: reader.Context,
    annotation: Annotation,
    action: Callable[[], object],
    *,
    form: forms.Form | None = None,
    done: str = "",
) -> HttpResponse:
    """Validate `form` (when there is one) and do `action`, then show the thread again; a
    refusal is said where the person acted."""
    try:
        if form is not None and not form.is_valid():
            # One message, as for a refusal: the form under an annotation shows no field errors.
            raise AnnotationError(next(iter(form.errors.values()))[0])
        action()
    except AnnotationError as error:
        if is_htmx(request):
            response = render(request, "annotations/partials/alert.html", {"message": str(error)})
            trigger = request.headers.get("HX-Trigger", "")
            response["HX-Retarget"] = f"#{trigger} .form-errors" if trigger else "#panel-content"
            response["HX-Reswap"] = "innerHTML"
            return response
        messages.error(request, str(error))
    else:
        if done and not is_htmx(request):
            messages.success(request, done)
    target = request.POST.get("next", "")
    if not is_htmx(request) and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    annotation.refresh_from_db()
    # With htmx the panel says it (a message would wait for the next page and say it late).
    return after_write(request, context, annotation, said=done)
