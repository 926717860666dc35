"""Who may see and do what with annotations: the one place these rules live.

Views, the side panel, permalinks, counts, lists, live updates and notifications all filter
through here. An annotation is readable when it is
- in a group whose discussion the reader may see (public groups, or the reader's own groups),
- a private note of the reader's own, or
- a comment that came with a document the reader may read;
and, on top of that:
- a post waiting for pre-moderation is seen only by its author and the group's moderators;
- a hidden post keeps its place, but its words reach only its author and the moderators;
- where a group reads "post before you peek", others' notes on a passage appear once the
  reader has written there, or a facilitator has revealed them (moderators see everything).
Site staff see every group's discussion, never someone else's private notes.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Q

from annotations.models import Annotation, AnnotationQuerySet
from groups import permissions as group_permissions
from groups.models import Group, GroupDocument, Membership

User = AbstractBaseUser | AnonymousUser
Visibility = Annotation.Visibility


def visible_annotations(user: User, annotations: AnnotationQuerySet) -> AnnotationQuerySet:
    """The annotations of `annotations` that `user` may read (bodies aside: see `can_read_body`)."""
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
    return annotations.filter(readable).filter(_not_pending_for(user))


def visible_in_reading(user: User, group: Group | None, moderates: bool) -> Q:
    """What `user` may read of a document in `group`'s context, once the view has made sure the
    group is visible to them and reads the document: the same rule as `visible_annotations`,
    narrowed to one group, which lets the database use its indexes on long texts."""
    readable = Q(visibility=Visibility.DOCUMENT)
    if group is not None:
        readable |= Q(visibility=Visibility.GROUP, group_id=group.pk)
    if user.is_authenticated:
        readable |= Q(visibility=Visibility.PRIVATE, author_id=user.pk)
    if moderates:
        return readable
    held = Q(pending=False) | Q(author_id=user.pk) if user.is_authenticated else Q(pending=False)
    return readable & held


def _not_pending_for(user: User) -> Q:
    if not user.is_authenticated:
        return Q(pending=False)
    return Q(pending=False) | Q(author_id=user.pk) | Q(group_id__in=moderated_group_ids(user))


def moderated_group_ids(user: User) -> object:
    """The groups `user` moderates (as facilitator or admin), as a subquery."""
    return Membership.objects.filter(user_id=user.pk, role__in=group_permissions.PLANNERS).values(
        "group_id"
    )


def peek_filter(user: User, entry: GroupDocument | None) -> Q | None:
    """What "post before you peek" hides from `user` in a group's reading of a document (its
    reading-list `entry`): others' notes on passages the user has not written on yet. None when
    nothing is hidden."""
    if entry is None or not entry.hides_until_posting:
        return None
    group = entry.group
    if group_permissions.role_in(user, group) in group_permissions.PLANNERS:
        return None
    own_overlapping = Annotation.objects.filter(
        group=group,
        author_id=user.pk,
        revision_id=OuterRef("revision_id"),
        start_ordinal__lte=OuterRef("end_ordinal"),
        end_ordinal__gte=OuterRef("start_ordinal"),
    )
    # Hidden: a passage note in this group, not the reader's, on a passage they did not write on.
    return (
        Q(visibility=Visibility.GROUP, start_ordinal__isnull=False)
        & ~Q(author_id=user.pk)
        & ~Exists(own_overlapping)
    )


def can_annotate(user: User, group: Group | None) -> bool:
    """Write new annotations in `group`'s context (private notes need only an account)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return group is None or group_permissions.can_post(user, group)


def can_moderate(user: User, group: Group | None) -> bool:
    """Hide, restore, approve and reveal: the group's facilitators and admins."""
    return (
        group is not None and group_permissions.role_in(user, group) in group_permissions.PLANNERS
    )


@dataclass(frozen=True)
class Viewer:
    """A reader and their rights in the group a page is read in, computed once per request."""

    user: User
    posting_groups: frozenset[int]
    moderates: bool = False

    @property
    def is_active(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_active)


def viewer(user: User, group: Group | None) -> Viewer:
    """The reader's rights on a page read in `group`'s context: the threads shown there belong
    to that group, to the reader alone, or to the document (whose replies go to that group)."""
    if group is not None and group_permissions.can_post(user, group):
        return Viewer(user, frozenset({group.pk}), moderates=can_moderate(user, group))
    return Viewer(user, frozenset())


def can_reply(viewer: Viewer, annotation: Annotation, group_id: int | None = None) -> bool:
    """Reply in the annotation's thread: in its group, or (for a document's own comments, which
    belong to no group) in the group the reader is in, `group_id`."""
    if annotation.is_deleted or annotation.is_hidden or not viewer.is_active:
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


def can_reattach(viewer: Viewer, annotation: Annotation) -> bool:
    """Place an orphan (a thread a corrected text had no place for) on new words: its author, or
    a facilitator of its group."""
    return (
        viewer.is_active
        and annotation.anchor_status == "orphan"
        and annotation.root_id is None
        and not annotation.is_deleted
        and (
            annotation.author_id == viewer.user.pk
            or (viewer.moderates and annotation.group_id in viewer.posting_groups)
        )
    )


def can_read_body(viewer: Viewer, annotation: Annotation) -> bool:
    """A hidden annotation's words reach only its author and the group's moderators."""
    return not annotation.is_hidden or viewer.moderates or annotation.author_id == viewer.user.pk


def can_react(viewer: Viewer, annotation: Annotation) -> bool:
    return (
        annotation.visibility == Visibility.GROUP
        and annotation.group_id in viewer.posting_groups
        and not annotation.is_deleted
        and not annotation.is_hidden
    )


def can_flag(viewer: Viewer, annotation: Annotation) -> bool:
    return can_react(viewer, annotation) and annotation.author_id != viewer.user.pk


def can_mark_answer(viewer: Viewer, question: Annotation) -> bool:
    """The question's author, or a facilitator of its group, marks the reply that answered it."""
    return question.is_question and (
        question.author_id == viewer.user.pk
        or (viewer.moderates and question.group_id in viewer.posting_groups)
    )
