"""Keeping a discussion safe: flags, hiding and restoring, pre-moderation, revealing notes,
and the audit log of it all. Every action is written to the group's log."""

from django.contrib.auth.models import User
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
GONE = "That annotation was deleted: there is nothing left to moderate or flag."
ALREADY_HIDDEN = "That annotation is hidden already. Restore it first to give another reason."
NOT_HIDDEN = "That annotation is not hidden (any more): there is nothing to restore."
ALREADY_PUBLISHED = "That post is published already: nothing waits for approval."
NO_OPEN_FLAGS = "That annotation has no open flags (any more): nothing to dismiss."
HIDDEN_ALREADY = "A moderator hid that annotation already: there is no need to flag it."
Action = ModerationEntry.Action


def flag(*, user: User, annotation: Annotation, reason: str) -> Flag:
    """Tell the moderators an annotation needs their look; only they see the reason."""
    reason = " ".join(reason.split())[:500]
    if not reason:
        raise AnnotationError(NEED_FLAG_REASON)
    with transaction.atomic():
        if _locked(annotation).is_hidden:
            raise AnnotationError(HIDDEN_ALREADY)
        if annotation.flags.filter(user=user, resolved_at__isnull=True).exists():
            raise AnnotationError(ALREADY_FLAGGED)
        try:
            with transaction.atomic():
                return Flag.objects.create(annotation=annotation, user=user, reason=reason)
        except IntegrityError:
            # Flagged at the same moment by the same person (a double click).
            raise AnnotationError(ALREADY_FLAGGED) from None


def hide(*, moderator: User, annotation: Annotation, reason: str) -> Annotation:
    """Hide an annotation's words from everyone but its author and the moderators."""
    group = _moderated_group(moderator, annotation)
    reason = _reason(reason)
    with transaction.atomic():
        if _locked(annotation).is_hidden:
            raise AnnotationError(ALREADY_HIDDEN)
        annotation.hidden_at, annotation.hidden_reason = timezone.now(), reason
        annotation.save(update_fields=["hidden_at", "hidden_reason"])
        _resolve_flags(annotation)
        _log(group, moderator, annotation, Action.HIDE, reason)
    return annotation


def restore(*, moderator: User, annotation: Annotation, reason: str) -> Annotation:
    """Show a hidden annotation's words again."""
    group = _moderated_group(moderator, annotation)
    reason = _reason(reason)
    with transaction.atomic():
        if not _locked(annotation).is_hidden:
            raise AnnotationError(NOT_HIDDEN)
        annotation.hidden_at, annotation.hidden_reason = None, ""
        annotation.save(update_fields=["hidden_at", "hidden_reason"])
        _log(group, moderator, annotation, Action.RESTORE, reason)
    return annotation


def dismiss_flags(*, moderator: User, annotation: Annotation) -> None:
    """Close an annotation's open flags without acting on it."""
    group = _moderated_group(moderator, annotation)
    with transaction.atomic():
        _locked(annotation)
        if not _resolve_flags(annotation):
            raise AnnotationError(NO_OPEN_FLAGS)
        _log(group, moderator, annotation, Action.DISMISS, "")


def approve(*, moderator: User, annotation: Annotation) -> Annotation:
    """Publish a held post: its author's next posts are no longer held."""
    group = _moderated_group(moderator, annotation)
    with transaction.atomic():
        if not _locked(annotation).pending:
            raise AnnotationError(ALREADY_PUBLISHED)
        annotation.pending = False
        annotation.save(update_fields=["pending"])
        _log(group, moderator, annotation, Action.APPROVE, "")
        notifications.notify(annotation)
    return annotation


def reveal(*, moderator: User, group: Group, document_id: int) -> None:
    """Show every member all the notes on a "post before you peek" reading."""
    if not permissions.can_moderate(moderator, group):
        raise AnnotationError(NOT_MODERATOR)
    with transaction.atomic():
        GroupDocument.objects.filter(group=group, document_id=document_id).update(
            revealed_at=timezone.now()
        )
        _log(group, moderator, None, Action.REVEAL, f"document {document_id}")


def _moderated_group(moderator: User, annotation: Annotation) -> Group:
    """The annotation's group, which `moderator` must moderate (else AnnotationError)."""
    group = annotation.group
    if group is None or not permissions.can_moderate(moderator, group):
        raise AnnotationError(NOT_MODERATOR)
    return group


def _reason(reason: str) -> str:
    """A moderator's reason on one line, which must say something (else AnnotationError)."""
    reason = " ".join(reason.split())[:500]
    if not reason:
        raise AnnotationError(NEED_REASON)
    return reason


def _locked(annotation: Annotation) -> Annotation:
    """`annotation` as stored now, locked until the transaction ends, so that two moderators
    (or one double click) act one after the other and the second sees what the first did;
    AnnotationError when it was deleted."""
    locked = Annotation.objects.select_for_update().filter(pk=annotation.pk).first()
    if locked is None or locked.is_deleted:
        raise AnnotationError(GONE)
    return locked


def _resolve_flags(annotation: Annotation) -> int:
    """Close the annotation's open flags; how many there were."""
    return annotation.flags.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())


def _log(
    group: Group,
    actor: User,
    annotation: Annotation | None,
    action: str,
    reason: str,
) -> None:
    ModerationEntry.objects.create(
        group=group, actor=actor, annotation=annotation, action=action, reason=reason
    )
