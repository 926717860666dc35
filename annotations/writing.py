"""Writing annotations: create, reply, edit, delete.

Each function runs in one transaction, validates everything first, and raises AnnotationError
with a message meant for the person who asked. A new post's notifications are written in its
transaction (only their emails wait for the commit): nobody sees a post before its notices.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from annotations import notifications, permissions
from annotations.errors import AnnotationError
from annotations.models import Annotation, AnnotationEdit
from annotations.rendering import MAX_BODY_LENGTH, render_markdown
from annotations.selections import Selection, place
from annotations.tagging import normalize_tags, set_tags
from groups import permissions as group_permissions
from groups.models import Group, GroupDocument
from texts.models import Revision

EMPTY_BODY = "Write something: only a highlight may be empty."
BODY_TOO_LONG = "An annotation can be at most {limit:,} characters long; this one has {length:,}."
NUL_IN_BODY = "The text contains a NUL character; remove it and try again."
DELETED_PARENT = "That annotation was deleted: reply to one of its replies instead."
NOT_AUTHOR = "Only its author can change an annotation."
NOT_A_MEMBER = "Only members of {group} can write in its discussion. Ask to join it first."
NOT_ON_READING_LIST = "{group} is not reading this text, so its discussion cannot include it."
CANNOT_READ = "That annotation is not there any more, or you cannot see it."
HIDDEN_PARENT = "A moderator hid that annotation: it takes no replies."
CHOOSE_GROUP = "Choose the group to reply in: this comment came with the text, not from a group."
ALREADY_DELETED = "That annotation was already deleted."
PARENT_GONE = (
    "That annotation was deleted just now, so it takes no replies. "
    "Go back to the text to see what is left of its thread."
)


def create_annotation(
    *,
    author: User,
    revision: Revision,
    group: Group | None,
    selection: Selection | None,
    body: str,
    motivation: str = Annotation.Motivation.COMMENT,
    tags: list[str] | None = None,
) -> Annotation:
    """Annotate a passage of `revision` (or the whole document when `selection` is None) in
    `group`'s discussion, or as a private note when `group` is None."""
    body_html = _render_body(body, motivation=motivation)
    tag_names = normalize_tags(tags or [])
    if group is not None:
        _check_can_post(author, group, revision.document_id)
    now = timezone.now()
    annotation = Annotation(
        author=author,
        document_id=revision.document_id,
        revision=revision,
        group=group,
        pending=holds_posts_of(author, group),
        visibility=Annotation.Visibility.GROUP if group else Annotation.Visibility.PRIVATE,
        motivation=motivation,
        body=body,
        body_html=body_html,
        created_at=now,
        updated_at=now,
    )
    with transaction.atomic():
        if selection is not None:
            place(annotation, revision, selection)
        annotation.full_clean(exclude=["tags"])
        annotation.save()
        set_tags(annotation, tag_names)
        notifications.notify(annotation)
    return annotation


def reply_to_annotation(
    *,
    author: User,
    parent: Annotation,
    body: str,
    tags: list[str] | None = None,
    group: Group | None = None,
) -> Annotation:
    """Reply in `parent`'s thread: the reply shares its root's revision, passage, group and
    visibility, whatever else is asked. A reply to a comment that came with the document (which
    belongs to no group) goes to `group`, the replier's group."""
    body_html = _render_body(body, motivation=Annotation.Motivation.COMMENT)
    tag_names = normalize_tags(tags or [])
    now = timezone.now()
    with transaction.atomic():
        # Lock the parent so a concurrent delete cannot remove it under the new reply.
        locked = Annotation.objects.select_for_update().filter(pk=parent.pk).first()
        if locked is None:
            raise AnnotationError(PARENT_GONE)
        parent = locked
        if not Annotation.objects.readable_by(author).filter(pk=parent.pk).exists():
            raise AnnotationError(CANNOT_READ)
        if parent.is_deleted:
            raise AnnotationError(DELETED_PARENT)
        root = parent if parent.root_id is None else Annotation.objects.get(pk=parent.root_id)
        visibility: str
        if root.visibility == Annotation.Visibility.DOCUMENT:
            if group is None:
                raise AnnotationError(CHOOSE_GROUP)
            visibility = Annotation.Visibility.GROUP
        else:
            group, visibility = root.group, root.visibility
        if visibility == Annotation.Visibility.PRIVATE and author.pk != root.author_id:
            raise AnnotationError(CANNOT_READ)
        if group is not None:
            _check_can_post(author, group, parent.document_id)
        if parent.is_hidden:
            raise AnnotationError(HIDDEN_PARENT)
        reply = Annotation(
            author=author,
            document_id=parent.document_id,
            revision_id=parent.revision_id,
            group=group,
            visibility=visibility,
            pending=holds_posts_of(author, group),
            parent=parent,
            root_id=parent.root_id or parent.pk,
            start_paragraph_id=parent.start_paragraph_id,
            end_paragraph_id=parent.end_paragraph_id,
            start_ordinal=parent.start_ordinal,
            end_ordinal=parent.end_ordinal,
            start_offset=parent.start_offset,
            end_offset=parent.end_offset,
            motivation=Annotation.Motivation.COMMENT,
            body=body,
            body_html=body_html,
            created_at=now,
            updated_at=now,
        )
        reply.save()
        set_tags(reply, tag_names)
        notifications.notify(reply)
    return reply


def edit_annotation(
    *, annotation: Annotation, editor: User, body: str, tags: list[str] | None = None
) -> Annotation:
    """Change an annotation's body (and tags, unless None), keeping the previous version in
    its history."""
    if annotation.author_id != editor.pk:
        raise AnnotationError(NOT_AUTHOR)
    body_html = _render_body(body, motivation=annotation.motivation)
    tag_names = normalize_tags(tags) if tags is not None else None
    with transaction.atomic():
        # Locked: a delete or another edit at the same moment waits, then is told; the
        # version kept in the history is the one stored, not the one the page showed.
        stored = _locked_alive(annotation)
        annotation.body, annotation.body_html = stored.body, stored.body_html
        annotation.edited_at = stored.edited_at
        now = timezone.now()
        if body != annotation.body:
            AnnotationEdit.objects.create(
                annotation=annotation,
                body=annotation.body,
                body_html=annotation.body_html,
                written_at=annotation.edited_at or annotation.created_at,
                replaced_at=now,
            )
            annotation.body, annotation.body_html, annotation.edited_at = body, body_html, now
        annotation.updated_at = now
        annotation.save(update_fields=["body", "body_html", "edited_at", "updated_at"])
        if tag_names is not None:
            set_tags(annotation, tag_names)
    return annotation


def delete_annotation(*, annotation: Annotation, user: User) -> Annotation | None:
    """Delete an annotation; one with replies stays as a tombstone so its thread keeps its shape.

    Returns the tombstone, or None when the annotation is gone. Deleting the last reply of a
    tombstone removes the tombstone too: nothing is left to hold in place.
    """
    if annotation.author_id != user.pk:
        raise AnnotationError(NOT_AUTHOR)
    with transaction.atomic():
        # A double click's second request waits here for the first, then is told.
        annotation = _locked_alive(annotation)
        if annotation.replies.exists():
            annotation.body = annotation.body_html = ""
            annotation.deleted_at = annotation.updated_at = timezone.now()
            annotation.save(update_fields=["body", "body_html", "deleted_at", "updated_at"])
            annotation.tags.clear()
            annotation.tag_names = ""
            annotation.save(update_fields=["tag_names"])
            annotation.edits.all().delete()
            return annotation
        parent_id = annotation.parent_id
        annotation.tags.clear()
        annotation.delete()
        _remove_empty_tombstones(parent_id)
    return None


def _locked_alive(annotation: Annotation) -> Annotation:
    """`annotation` as stored now, locked until the transaction ends; AnnotationError when it
    was deleted (tombstone or gone) meanwhile."""
    locked = Annotation.objects.select_for_update().filter(pk=annotation.pk).first()
    if locked is None or locked.is_deleted:
        raise AnnotationError(ALREADY_DELETED)
    return locked


def _remove_empty_tombstones(annotation_id: int | None) -> None:
    while annotation_id is not None:
        tombstone = (
            Annotation.objects.deleted()
            .filter(pk=annotation_id)
            .exclude(replies__isnull=False)
            .first()
        )
        if tombstone is None:
            return
        annotation_id = tombstone.parent_id
        tombstone.delete()


def holds_posts_of(author: User, group: Group | None) -> bool:
    """Whether a new post of `author` in `group` waits for approval: the group pre-moderates,
    and none of the author's posts there has been published yet (moderators are never held)."""
    if group is None or not group.premoderate_new_members:
        return False
    if permissions.can_moderate(author, group):
        return False
    return not Annotation.objects.for_group(group).published().filter(author=author).exists()


def _check_can_post(author: User, group: Group, document_id: int) -> None:
    if not group_permissions.can_post(author, group):
        raise AnnotationError(NOT_A_MEMBER.format(group=group.name))
    if not GroupDocument.objects.filter(group=group, document_id=document_id).exists():
        raise AnnotationError(NOT_ON_READING_LIST.format(group=group.name))


def _render_body(body: str, *, motivation: str) -> str:
    if len(body) > MAX_BODY_LENGTH:
        raise AnnotationError(BODY_TOO_LONG.format(limit=MAX_BODY_LENGTH, length=len(body)))
    if not body.strip() and motivation != Annotation.Motivation.HIGHLIGHT:
        raise AnnotationError(EMPTY_BODY)
    if "\x00" in body:
        raise AnnotationError(NUL_IN_BODY)
    return render_markdown(body) if body.strip() else ""
