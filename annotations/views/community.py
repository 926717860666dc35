"""Members responding to each other (reactions, answers, flags) and moderators at work (hide,
restore, approve, reveal; the moderation page with its queue and audit log)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from annotations import moderation, permissions, reactions
from annotations.errors import AnnotationError
from annotations.forms import FlagForm, ModerateForm
from annotations.models import Annotation, Flag, ModerationEntry
from annotations.permissions import Action
from annotations.views.acting import act, acting_on, says_when_gone
from annotations.views.reading import reading
from groups import permissions as group_permissions
from groups.http import AuthenticatedHttpRequest


@login_required
@require_POST
@says_when_gone
def react(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Give a reaction (`kind`), or take it back (`take_back`): a double click asks the same
    twice, which the second time is already so."""
    annotation, context = acting_on(request, pk, Action.REACT)
    taken_back = request.POST.get("take_back", "")
    kind = taken_back or request.POST.get("kind", "")
    react_so = partial(
        reactions.set_reaction,
        viewer=context.viewer,
        annotation=annotation,
        kind=kind,
        on=not taken_back,
    )
    return act(request, context, annotation, react_so)


@login_required
@require_POST
@says_when_gone
def mark_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark (or unmark, with no reply given) the reply that answered a question."""
    question, context = acting_on(request, pk, Action.ANSWER)
    reply_id = request.POST.get("reply", "")

    def mark() -> None:
        reply = Annotation.objects.filter(pk=reply_id).first() if reply_id.isdigit() else None
        if reply_id and reply is None:
            raise AnnotationError(reactions.REPLY_GONE)
        reactions.mark_answer(viewer=context.viewer, question=question, reply=reply)

    return act(request, context, question, mark)


@login_required
@require_POST
@says_when_gone
def flag(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Flag an annotation for the group's moderators."""
    annotation, context = acting_on(request, pk, Action.FLAG)
    form = FlagForm(request.POST)

    def flag_it() -> None:
        reason = form.cleaned_data["reason"]  # valid by now: act checks the form first
        moderation.flag(user=request.user, annotation=annotation, reason=reason)

    done = "Thank you: the group's moderators will look at it."
    return act(request, context, annotation, flag_it, form=form, done=done)


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
@says_when_gone
def moderate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Hide, restore or approve an annotation, or dismiss its flags: facilitators and admins."""
    annotation, context = acting_on(request, pk, Action.MODERATE)
    form = ModerateForm(request.POST)

    def moderate_it() -> None:
        data = form.cleaned_data  # valid by now: act checks the form first
        _moderation(data["action"], request.user, annotation, data["reason"])

    return act(request, context, annotation, moderate_it, form=form)


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
