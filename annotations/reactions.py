"""Members responding to annotations: reactions, and marking which reply answered a question.

Both are idempotent: asking twice for what is already so (a double click) changes nothing
and succeeds. A target deleted or hidden meanwhile is refused with a message.
"""

from django.db import IntegrityError, transaction

from annotations import permissions
from annotations.errors import AnnotationError
from annotations.models import Annotation, Reaction

NOT_A_REPLY = "Only a reply in the question's own thread can be its answer."
CANNOT_REACT = "You can react to annotations in your own groups."
CANNOT_MARK = "Only the question's author or a facilitator can mark its answer."
GONE = "That annotation was deleted: there is nothing left to react to."
HIDDEN = "A moderator hid that annotation: it takes no reactions."
QUESTION_GONE = "That question was deleted: its answer can no longer be marked."
REPLY_GONE = "That reply was deleted or hidden meanwhile: choose another one as the answer."


def set_reaction(
    *, viewer: permissions.Viewer, annotation: Annotation, kind: str, on: bool = True
) -> bool:
    """Give the member's reaction of `kind` (`on`), or take it back; already so is fine.
    Returns whether it is there now."""
    if kind not in Reaction.Kind.values:
        raise AnnotationError(f"Unknown reaction {kind!r}.")
    user = viewer.user
    if not user.is_authenticated:
        raise AnnotationError(CANNOT_REACT)
    with transaction.atomic():
        target = _locked(annotation, gone=GONE)
        if target.is_hidden:
            raise AnnotationError(HIDDEN)
        if not permissions.can_react(viewer, target):
            raise AnnotationError(CANNOT_REACT)
        mine = Reaction.objects.filter(annotation=target, user=user, kind=kind)
        if not on:
            mine.delete()
        elif not mine.exists():
            try:
                with transaction.atomic():
                    Reaction.objects.create(annotation=target, user=user, kind=kind)
            except IntegrityError:
                pass  # given at the same moment by the same person: there, as asked
    return on


def toggle_reaction(*, viewer: permissions.Viewer, annotation: Annotation, kind: str) -> bool:
    """Add the member's reaction of `kind`, or take it back; True when it is now there."""
    user = viewer.user
    if not user.is_authenticated:
        raise AnnotationError(CANNOT_REACT)
    given = Reaction.objects.filter(annotation=annotation, user=user, kind=kind).exists()
    return set_reaction(viewer=viewer, annotation=annotation, kind=kind, on=not given)


def mark_answer(
    *, viewer: permissions.Viewer, question: Annotation, reply: Annotation | None
) -> Annotation:
    """Mark `reply` as the answer to `question` (None unmarks it); marking it again is fine."""
    if not permissions.can_mark_answer(viewer, question):
        raise AnnotationError(CANNOT_MARK)
    with transaction.atomic():
        question = _locked(question, gone=QUESTION_GONE)
        if reply is not None:
            if reply.root_id != question.pk:
                raise AnnotationError(NOT_A_REPLY)
            stored = Annotation.objects.filter(pk=reply.pk).first()
            if stored is None or stored.is_deleted or stored.is_hidden:
                raise AnnotationError(REPLY_GONE)
        answer_id = reply.pk if reply is not None else None
        if question.answer_id != answer_id:
            question.answer_id = answer_id
            question.save(update_fields=["answer"])
    return question


def _locked(annotation: Annotation, *, gone: str) -> Annotation:
    """`annotation` as stored now, locked until the transaction ends; AnnotationError(`gone`)
    when it was deleted."""
    locked = Annotation.objects.select_for_update().filter(pk=annotation.pk).first()
    if locked is None or locked.is_deleted:
        raise AnnotationError(gone)
    return locked
