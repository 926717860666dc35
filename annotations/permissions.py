"""Who may see and do what with annotations: the one place these rules live.

Views, the side panel, permalinks, counts and lists all filter through `visible_annotations`;
writes ask `can_*`. An annotation is readable when it is
- in a group whose discussion the reader may see (public groups, or the reader's own groups),
- a private note of the reader's own, or
- a comment that came with a document the reader may read.
Site staff see every group's discussion, never someone else's private notes.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from annotations.models import Annotation, AnnotationQuerySet
from groups import permissions as group_permissions
from groups.models import Group

User = AbstractBaseUser | AnonymousUser
Visibility = Annotation.Visibility


def visible_annotations(user: User, annotations: AnnotationQuerySet) -> AnnotationQuerySet:
    """The annotations of `annotations` that `user` may read."""
    readable = Q(
        visibility=Visibility.DOCUMENT,
        document__in=group_permissions.readable_documents(user),
    )
    if user.is_staff:
        readable |= Q(visibility=Visibility.GROUP)
    else:
        readable |= Q(visibility=Visibility.GROUP, group__visibility=Group.Visibility.PUBLIC)
        readable |= Q(
            visibility=Visibility.GROUP, group_id__in=group_permissions.member_group_ids(user)
        )
    if user.is_authenticated:
        readable |= Q(visibility=Visibility.PRIVATE, author_id=user.pk)
    return annotations.filter(readable)


def can_annotate(user: User, group: Group | None) -> bool:
    """Write new annotations in `group`'s context (private notes need only an account)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return group is None or group_permissions.can_post(user, group)


@dataclass(frozen=True)
class Viewer:
    """A reader and the groups they may post in, read once per request for many checks."""

    user: User
    posting_groups: frozenset[int]

    @property
    def is_active(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_active)


def viewer(user: User, group: Group | None) -> Viewer:
    """The reader's rights on a page read in `group`'s context: the threads shown there belong
    to that group, to the reader alone, or to the document (whose replies go to that group)."""
    if group is not None and group_permissions.can_post(user, group):
        return Viewer(user=user, posting_groups=frozenset({group.pk}))
    return Viewer(user=user, posting_groups=frozenset())


def can_reply(viewer: Viewer, annotation: Annotation, group_id: int | None = None) -> bool:
    """Reply in the annotation's thread: in its group, or (for a document's own comments, which
    belong to no group) in the group the reader is in, `group_id`."""
    if annotation.is_deleted or not viewer.is_active:
        return False
    if annotation.visibility == Visibility.PRIVATE:
        return annotation.author_id == viewer.user.pk
    target = annotation.group_id if annotation.visibility == Visibility.GROUP else group_id
    return target in viewer.posting_groups


def can_change(user: User, annotation: Annotation) -> bool:
    """Edit or delete: only the author, and only while the annotation exists. Facilitators and
    admins cannot change other people's words."""
    return bool(
        user.is_authenticated and annotation.author_id == user.pk and not annotation.is_deleted
    )
