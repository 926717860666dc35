"""Keeping a discussion safe: flags, hiding and restoring, pre-moderation, revealing notes,
and the audit log of it all. Every action is written to the group's log."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotations import notifications, permissions
from annotations.errors import AnnotationError
from annotations.models import Annotation, Flag, ModerationEntry
from groups.models import Group, GroupDocument

NEED_REASON = "Give a reason: the author and the other moderators will read it."
NEED_FLAG_REASON = "Say what is wrong, so the moderators can judge."
NOT_MODERATOR = "Only the group's facilitators and admins moderate its discussion."
ALREADY_FLAGGED = "You have already flagged this annotation; the moderators will look at it."
Action = ModerationEntry.Action


def flag(*, user: AbstractBaseUser, annotation: Annotation, reason: str) -> Flag:
    """Tell the moderators an annotation needs their look; only they see the reason."""
    reason = " ".join(reason.split())[:500]
    if not reason:
        raise AnnotationError(NEED_FLAG_REASON)
    try:
        with transaction.atomic():
            return Flag.objects.create(annotation=annotation, user=user, reason=reason)
    except IntegrityError:
        raise AnnotationError(ALREADY_FLAGGED) from None


def hide(*, moderator: AbstractBaseUser, annotation: Annotation, reason: str) -> Annotation:
    """Hide an annotation's words from everyone but its author and the moderators."""
    reason = _checked(moderator, annotation, reason)
    with transaction.atomic():
        annotation.hidden_at, annotation.hidden_reason = timezone.now(), reason
        annotation.save(update_fields=["hidden_at", "hidden_reason"])
        _resolve_flags(annotation)
        _log(annotation.group, moderator, annotation, Action.HIDE, reason)
    return annotation


def restore(*, moderator: AbstractBaseUser, annotation: Annotation, reason: str) -> Annotation:
    reason = _checked(moderator, annotation, reason)
    with transaction.atomic():
        annotation.hidden_at, annotation.hidden_reason = None, ""
        annotation.save(update_fields=["hidden_at", "hidden_reason"])
        _log(annotation.group, moderator, annotation, Action.RESTORE, reason)
    return annotation


def dismiss_flags(*, moderator: AbstractBaseUser, annotation: Annotation) -> None:
    if not permissions.can_moderate(moderator, annotation.group):
        raise AnnotationError(NOT_MODERATOR)
    with transaction.atomic():
        _resolve_flags(annotation)
        _log(annotation.group, moderator, annotation, Action.DISMISS, "")


def approve(*, moderator: AbstractBaseUser, annotation: Annotation) -> Annotation:
    """Publish a held post: its author's next posts are no longer held."""
    if not permissions.can_moderate(moderator, annotation.group):
        raise AnnotationError(NOT_MODERATOR)
    with transaction.atomic():
        annotation.pending = False
        annotation.save(update_fields=["pending"])
        _log(annotation.group, moderator, annotation, Action.APPROVE, "")
        notifications.notify(annotation)
    return annotation


def reveal(*, moderator: AbstractBaseUser, group: Group, document_id: int) -> None:
    """Show every member all the notes on a "post before you peek" reading."""
    if not permissions.can_moderate(moderator, group):
        raise AnnotationError(NOT_MODERATOR)
    with transaction.atomic():
        GroupDocument.objects.filter(group=group, document_id=document_id).update(
            revealed_at=timezone.now()
        )
        _log(group, moderator, None, Action.REVEAL, f"document {document_id}")


def _checked(moderator: AbstractBaseUser, annotation: Annotation, reason: str) -> str:
    if not permissions.can_moderate(moderator, annotation.group):
        raise AnnotationError(NOT_MODERATOR)
    reason = " ".join(reason.split())[:500]
    if not reason:
        raise AnnotationError(NEED_REASON)
    return reason


def _resolve_flags(annotation: Annotation) -> None:
    annotation.flags.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())


def _log(
    group: Group | None,
    actor: AbstractBaseUser,
    annotation: Annotation | None,
    action: str,
    reason: str,
) -> None:
    ModerationEntry.objects.create(
        group=group, actor=actor, annotation=annotation, action=action, reason=reason
    )
