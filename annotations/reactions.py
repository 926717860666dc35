"""Members responding to annotations: reactions, and marking which reply answered a question."""

from django.db import IntegrityError, transaction

from annotations import permissions
from annotations.errors import AnnotationError
from annotations.models import Annotation, Reaction

NOT_A_REPLY = "Only a reply in the question's own thread can be its answer."
CANNOT_REACT = "You can react to annotations in your own groups."
CANNOT_MARK = "Only the question's author or a facilitator can mark its answer."


def toggle_reaction(*, viewer: permissions.Viewer, annotation: Annotation, kind: str) -> bool:
    """Add the member's reaction of `kind`, or take it back; True when it is now there."""
    if kind not in Reaction.Kind.values:
        raise AnnotationError(f"Unknown reaction {kind!r}.")
    user = viewer.user
    if not user.is_authenticated or not permissions.can_react(viewer, annotation):
        raise AnnotationError(CANNOT_REACT)
    existing = Reaction.objects.filter(annotation=annotation, user=user, kind=kind)
    if existing.delete()[0]:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(annotation=annotation, user=user, kind=kind)
    except IntegrityError:
        pass  # a double click: the reaction is there, as asked
    return True


def mark_answer(
    *, viewer: permissions.Viewer, question: Annotation, reply: Annotation | None
) -> Annotation:
    """Mark `reply` as the answer to `question` (None unmarks it)."""
    if not permissions.can_mark_answer(viewer, question):
        raise AnnotationError(CANNOT_MARK)
    if reply is not None and (reply.root_id != question.pk or reply.is_deleted or reply.is_hidden):
        raise AnnotationError(NOT_A_REPLY)
    question.answer = reply
    question.save(update_fields=["answer"])
    return question
