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

The rule is written twice here, in the two shapes its callers need: as a condition on rows
(`readable`, for many annotations at once) and as a predicate on one annotation in hand
(`can_read`, with `standings` loading what it needs for many readers at once). A test holds
the two to the same answer for every kind of person and annotation. Reads go through
AnnotationQuerySet (`Annotation.objects.readable_by(user).alive()`), whose methods call into
this module; this module imports the models, never the other way round at import time. A view
that reads or acts on one annotation reaches it through `annotation_for(user, pk, action)`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from annotations.models import Annotation
from groups import permissions as group_permissions
from groups.models import Group, GroupDocument, Membership

# Who is reading: a member's account, or a visitor who is not signed in.
Reader = User | AnonymousUser
Visibility = Annotation.Visibility

# The states of an annotation's row. A deleted one stays as a tombstone while it has replies;
# a hidden one keeps its place but not its words; a held one waits for a moderator.
ALIVE = Q(deleted_at__isnull=True)
NOT_HIDDEN = Q(hidden_at__isnull=True)
PUBLISHED = Q(pending=False)
PASSAGE_NOTE = Q(visibility=Visibility.GROUP, start_ordinal__isnull=False)


def readable(user: Reader) -> Q:
    """The annotations `user` may read (bodies aside: see `can_read_body`), as a condition."""
    documents = group_permissions.readable_documents(user)
    rows = Q(visibility=Visibility.DOCUMENT, document__in=documents)
    if user.is_staff:
        rows |= Q(visibility=Visibility.GROUP)
    else:
        member_of = group_permissions.member_group_ids(user)
        rows |= Q(visibility=Visibility.GROUP, group__visibility=Group.Visibility.PUBLIC)
        rows |= Q(visibility=Visibility.GROUP, group_id__in=member_of)
    if not user.is_authenticated:
        return rows & PUBLISHED & ~(PASSAGE_NOTE & Q(Exists(_peeking_readings())))
    own, moderated = Q(author_id=user.pk), Q(group_id__in=moderated_group_ids(user))
    rows |= Q(visibility=Visibility.PRIVATE, author_id=user.pk)
    # Held back by "post before you peek": others' passage notes in a reading that hides them,
    # in a group the reader does not moderate, on a passage the reader has not written on.
    held_back = (
        PASSAGE_NOTE
        & ~own
        & ~moderated
        & Q(Exists(_peeking_readings()))
        & ~Q(Exists(_own_notes_overlapping(user, OuterRef("group_id"))))
    )
    return rows & (PUBLISHED | own | moderated) & ~held_back


def readable_in(user: Reader, group: Group | None) -> Q:
    """What `user` may read of a document in `group`'s context, once the view has made sure the
    group is visible to them and reads the document: `readable` narrowed to one group (which
    lets the database use its indexes on long texts), before "post before you peek", which
    `peek_filter` adds from the group's reading-list entry."""
    rows = Q(visibility=Visibility.DOCUMENT)
    if group is not None:
        rows |= Q(visibility=Visibility.GROUP, group_id=group.pk)
    if not user.is_authenticated:
        return rows & PUBLISHED
    rows |= Q(visibility=Visibility.PRIVATE, author_id=user.pk)
    if can_moderate(user, group):
        return rows
    return rows & (PUBLISHED | Q(author_id=user.pk))


def moderated_group_ids(user: User) -> QuerySet[Membership, int]:
    """The groups `user` moderates (as facilitator or admin), as a subquery."""
    moderating = Membership.objects.filter(user=user, role__in=group_permissions.PLANNERS)
    return moderating.values_list("group_id", flat=True)


def peek_filter(user: Reader, entry: GroupDocument | None) -> Q | None:
    """What "post before you peek" hides from `user` in a group's reading of a document (its
    reading-list `entry`): others' notes on passages the user has not written on yet. None when
    nothing is hidden."""
    if entry is None or not entry.hides_until_posting:
        return None
    if group_permissions.role_in(user, entry.group) in group_permissions.PLANNERS:
        return None
    if not user.is_authenticated:
        return PASSAGE_NOTE
    # Hidden: a passage note in this group, not the reader's, on a passage they did not write on.
    return (
        PASSAGE_NOTE
        & ~Q(author_id=user.pk)
        & ~Q(Exists(_own_notes_overlapping(user, entry.group_id)))
    )


def _peeking_readings() -> QuerySet[GroupDocument]:
    """The reading-list entry of an annotation's group and document, when it hides notes until
    one posts."""
    return GroupDocument.objects.hiding_until_posting().filter(
        group_id=OuterRef("group_id"), document_id=OuterRef("document_id")
    )


def _own_notes_overlapping(user: User, group_id: int | OuterRef) -> QuerySet[Annotation]:
    """`user`'s own notes in the group on the passage of the annotation being filtered."""
    return Annotation.objects.filter(
        group_id=group_id,
        author_id=user.pk,
        revision_id=OuterRef("revision_id"),
        start_ordinal__lte=OuterRef("end_ordinal"),
        end_ordinal__gte=OuterRef("start_ordinal"),
    )


@dataclass(frozen=True)
class Standing:
    """What reading one annotation depends on besides the reader and the annotation: the
    reader's role in its group, whether a group the reader may see reads its document, whether
    its group's reading holds notes back until one posts, and whether the reader has written
    on its passage there."""

    role: str | None = None
    reads_document: bool = False
    holds_back: bool = False
    wrote_there: bool = False


def can_read(user: Reader, annotation: Annotation, standing: Standing | None = None) -> bool:
    """Whether `user` may read `annotation`: the rule of `readable`, for one annotation in hand.
    Without a `standing` (from `standings`), it costs up to four queries."""
    if standing is None:
        standing = standings(annotation, [user])[user.pk]
    own = is_author(user, annotation)
    moderates = standing.role in group_permissions.PLANNERS
    match annotation.visibility:
        case Visibility.PRIVATE:
            row = own
        case Visibility.DOCUMENT:
            row = standing.reads_document
        case _:
            group = annotation.group
            row = (
                user.is_staff
                or (group is not None and group.is_public)
                or standing.role is not None
            )
    published = not annotation.pending or own or moderates
    held_back = (
        annotation.visibility == Visibility.GROUP
        and annotation.has_passage
        and standing.holds_back
        and not (own or moderates or standing.wrote_there)
    )
    return row and published and not held_back


def standings(annotation: Annotation, users: Iterable[Reader]) -> dict[int | None, Standing]:
    """Each reader's `Standing` towards `annotation`, by their id: at most four queries
    however many readers."""
    users = list(users)
    ids = [u.pk for u in users if u.is_authenticated]
    roles: dict[int, str] = {}
    if annotation.group_id is not None and ids:
        memberships = Membership.objects.filter(group_id=annotation.group_id, user_id__in=ids)
        roles = dict(memberships.values_list("user_id", "role"))
    on_public_list, on_their_lists = False, set()
    if annotation.visibility == Visibility.DOCUMENT:
        listed = GroupDocument.objects.filter(document_id=annotation.document_id)
        on_public_list = listed.filter(group__visibility=Group.Visibility.PUBLIC).exists()
        if ids and not on_public_list:
            on_their_lists = set(
                Membership.objects.filter(
                    user_id__in=ids, group__in=listed.values("group_id")
                ).values_list("user_id", flat=True)
            )
    holds_back, wrote_there = False, set()
    group_id = annotation.group_id  # set whenever the visibility is "group"
    if (
        group_id is not None
        and annotation.visibility == Visibility.GROUP
        and annotation.has_passage
    ):
        entry = GroupDocument.objects.filter(
            group_id=group_id, document_id=annotation.document_id
        ).first()
        holds_back = entry is not None and entry.hides_until_posting
        if holds_back and ids:
            wrote_there = set(
                Annotation.objects.filter(
                    group_id=group_id,
                    author_id__in=ids,
                    revision_id=annotation.revision_id,
                    start_ordinal__lte=annotation.end_ordinal,
                    end_ordinal__gte=annotation.start_ordinal,
                ).values_list("author_id", flat=True)
            )
    return {
        user.pk: Standing(
            role=roles.get(user.pk) if user.is_authenticated else None,
            reads_document=user.is_staff or on_public_list or user.pk in on_their_lists,
            holds_back=holds_back,
            wrote_there=user.pk in wrote_there,
        )
        for user in users
    }


def readers[R: Reader](annotation: Annotation, users: Iterable[R]) -> list[R]:
    """Those of `users` who may read `annotation`, in a constant number of queries."""
    users = list(users)
    found = standings(annotation, users)
    return [user for user in users if can_read(user, annotation, found[user.pk])]


def is_author(user: Reader, annotation: Annotation) -> bool:
    """Whether `user` wrote `annotation`: a visitor never did, not even a former member's words
    (whose author is gone)."""
    return bool(user.is_authenticated and annotation.author_id == user.pk)


def can_annotate(user: Reader, group: Group | None) -> bool:
    """Write new annotations in `group`'s context (private notes need only an account)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return group is None or group_permissions.can_post(user, group)


def can_moderate(user: Reader, group: Group | None) -> bool:
    """Hide, restore, approve and reveal: the group's facilitators and admins."""
    return (
        group is not None and group_permissions.role_in(user, group) in group_permissions.PLANNERS
    )


@dataclass(frozen=True)
class Viewer:
    """A reader and their rights in the group a page is read in, computed once per request."""

    user: Reader
    posting_groups: frozenset[int]
    moderates: bool = False

    @property
    def is_active(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_active)


def viewer(user: Reader, group: Group | None) -> Viewer:
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
        return is_author(viewer.user, annotation)
    target = annotation.group_id if annotation.visibility == Visibility.GROUP else group_id
    return target in viewer.posting_groups


def can_change(user: Reader, annotation: Annotation) -> bool:
    """Edit or delete: only the author, and only while the annotation exists. Facilitators and
    admins cannot change other people's words."""
    return is_author(user, annotation) and not annotation.is_deleted


def can_reattach(viewer: Viewer, annotation: Annotation) -> bool:
    """Place an orphan (a thread a corrected text had no place for) on new words: its author, or
    a facilitator or admin of its group. A deleted root kept for its replies (a tombstone) is no
    longer its author's: only the facilitators place it, so the replies are not lost."""
    moderates = viewer.moderates and annotation.group_id in viewer.posting_groups
    return (
        viewer.is_active
        and annotation.anchor_status == "orphan"
        and annotation.root_id is None
        and (moderates or (is_author(viewer.user, annotation) and not annotation.is_deleted))
    )


def can_read_body(viewer: Viewer, annotation: Annotation) -> bool:
    """A hidden annotation's words reach only its author and the group's moderators."""
    return not annotation.is_hidden or viewer.moderates or is_author(viewer.user, annotation)


def body_readable(viewer: Viewer) -> Q:
    """`can_read_body` as a condition on rows."""
    if viewer.moderates:
        return Q()
    return NOT_HIDDEN | Q(author_id=viewer.user.pk) if viewer.user.is_authenticated else NOT_HIDDEN


def can_react(viewer: Viewer, annotation: Annotation) -> bool:
    """React to an annotation of a group one writes in, while its words are there."""
    shown = not (annotation.is_deleted or annotation.is_hidden)
    return shown and allowed(viewer, annotation, Action.REACT)


def can_flag(viewer: Viewer, annotation: Annotation) -> bool:
    return can_react(viewer, annotation) and not is_author(viewer.user, annotation)


def can_mark_answer(viewer: Viewer, question: Annotation) -> bool:
    """The question's author, or a facilitator of its group, marks the reply that answered it."""
    return question.is_question and allowed(viewer, question, Action.ANSWER)


class Action(StrEnum):
    """What a person asks to do with one annotation (see `annotation_for`)."""

    READ = "read"  # its place in its thread: a hidden one's words stay back
    READ_WORDS = "read words"  # every version of its words: its history
    REPLY = "reply"
    EDIT = "edit"
    DELETE = "delete"
    REACT = "react"
    ANSWER = "answer"  # mark which reply answered it
    FLAG = "flag"
    MODERATE = "moderate"
    REATTACH = "reattach"
    PLAN = "plan"  # put it on a meeting's agenda


GONE = "That annotation is not there any more: it was deleted. Go back to the text to see what is."


class Gone(Http404):
    """No annotation has the id asked for any more: it was deleted (ids are never reused).

    A 404 for pages; a write answers it with GONE, as a double click's second request should."""

    def __init__(self) -> None:
        super().__init__(GONE)


def annotation_for(user: Reader, pk: int, action: Action, *, group: str = "") -> Annotation:
    """The annotation `pk`, with its document, group and author, for `user` to do `action`:
    the one way views reach a single annotation.

    - Gone: no annotation has that id any more.
    - Http404: `user` may not read it (`readable`: another's private note, a group they may not
      see, a held post, a note "post before you peek" keeps back), or, for READ_WORDS and PLAN,
      a moderator hid its words from them.
    - PermissionDenied: they may read it but not do `action` (`allowed`).
    The state of the target (deleted, hidden, already as asked) is for the services to say, in
    a message. `group` names (by slug) the group a reply to a document's own comment goes to.
    """
    related = ("document__current_revision", "group", "author")
    annotation = Annotation.objects.readable_by(user).select_related(*related).filter(pk=pk).first()
    if annotation is None:
        if not Annotation.objects.filter(pk=pk).exists():
            raise Gone
        raise Http404
    acting = viewer(user, acting_group(user, annotation, group))
    if action in {Action.READ_WORDS, Action.PLAN} and not can_read_body(acting, annotation):
        raise Http404
    if not allowed(acting, annotation, action):
        raise PermissionDenied
    return annotation


def acting_group(user: Reader, annotation: Annotation, chosen: str = "") -> Group | None:
    """The group `user` acts in on `annotation`: its own; for a document's own comment the
    one whose slug is `chosen` (if they see it), else one of theirs reading the document;
    None for a private note."""
    if annotation.visibility != Visibility.DOCUMENT:
        return annotation.group
    visible = group_permissions.groups_visible_to(user)
    if chosen and (found := visible.filter(slug=chosen).first()) is not None:
        return found
    return group_permissions.posting_groups(user, annotation.document).first()


def allowed(acting: Viewer, annotation: Annotation, action: Action) -> bool:
    """Whether the person may do `action` on a readable `annotation`, whatever its state: who
    they are (author, member of the group acted in, moderator), never whether it is deleted or
    hidden now, which the write itself checks under a lock and says."""
    user = acting.user
    in_group = annotation.group_id is not None and annotation.group_id in acting.posting_groups
    match action:
        case Action.READ | Action.READ_WORDS:
            return True
        case Action.REPLY:
            if annotation.visibility == Visibility.PRIVATE:
                return acting.is_active and is_author(user, annotation)
            # A document's own comment takes replies into the group the person acts in.
            document = annotation.visibility == Visibility.DOCUMENT
            return in_group or (document and bool(acting.posting_groups))
        case Action.EDIT | Action.DELETE:
            return is_author(user, annotation)
        case Action.REACT:
            return annotation.visibility == Visibility.GROUP and in_group
        case Action.FLAG:
            return allowed(acting, annotation, Action.REACT) and not is_author(user, annotation)
        case Action.ANSWER:
            return is_author(user, annotation) or (acting.moderates and in_group)
        case Action.MODERATE:
            return acting.moderates and in_group
        case Action.PLAN:
            # A group's thread is its facilitators' to plan with; a private note never goes on
            # an agenda (the members could not read it); the text's own comments may.
            if annotation.visibility == Visibility.DOCUMENT:
                return acting.is_active
            return acting.moderates and in_group
        case Action.REATTACH:
            return can_reattach(acting, annotation)
