"""Who may see and do what with annotations: the one place these rules live.

Views, templates (through the flags views pass them), the side panel and permalinks all ask
here. Until groups exist, every annotation is readable by every visitor, and any active member
may write; groups and private notes narrow `visible_to` later, without touching the views.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from annotations.models import Annotation, AnnotationQuerySet
from texts.models import Document

User = AbstractBaseUser | AnonymousUser


def visible_annotations(user: User, annotations: AnnotationQuerySet) -> AnnotationQuerySet:
    """The annotations of `annotations` that `user` may read."""
    return annotations


def can_annotate(user: User, document: Document) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_reply(user: User, annotation: Annotation) -> bool:
    return bool(user.is_authenticated and user.is_active and not annotation.is_deleted)


def can_change(user: User, annotation: Annotation) -> bool:
    """Edit or delete: only the author, and only while the annotation exists."""
    return bool(
        user.is_authenticated and annotation.author_id == user.pk and not annotation.is_deleted
    )
