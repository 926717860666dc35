"""Writes for annotations: create, reply, edit, delete, and the comments that came with a source.

Each function runs in one transaction, validates everything first, and raises AnnotationError
with a message meant for the person who asked.
"""

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from annotations import notifications, permissions
from annotations.anchoring import Quote, quote_passage
from annotations.models import Annotation, AnnotationEdit, Tag
from annotations.rendering import MAX_BODY_LENGTH, render_markdown
from annotations.revisions import MOVED_FIELDS, reanchor_annotations
from groups import permissions as group_permissions
from groups.models import Group, GroupDocument
from texts.importers.parsed import ImportFailed
from texts.importers.wordpress import parse_wordpress
from texts.models import Paragraph, Revision
from texts.services import ImportedDocument, import_document, import_parsed, plain_text

# Placeholder members stand for the authors of comments that came with an imported source.
PLACEHOLDER_PREFIX = "imported-"
EMPTY_BODY = "Write something: only a highlight may be empty."
BODY_TOO_LONG = "An annotation can be at most {limit:,} characters long; this one has {length:,}."
BAD_PASSAGE = "That passage is not in this text any more. Select it again and retry."
BAD_OFFSETS = "The selection's positions do not fit the text. Select the passage again."
EMPTY_PASSAGE = "The selection is empty: select at least one character."
DELETED_PARENT = "That annotation was deleted: reply to one of its replies instead."
NOT_AUTHOR = "Only its author can change an annotation."
NOT_A_MEMBER = "Only members of {group} can write in its discussion. Ask to join it first."
NOT_ON_READING_LIST = "{group} is not reading this text, so its discussion cannot include it."
CANNOT_READ = "That annotation is not there any more, or you cannot see it."
HIDDEN_PARENT = "A moderator hid that annotation: it takes no replies."
CHOOSE_GROUP = "Choose the group to reply in: this comment came with the text, not from a group."
ALREADY_DELETED = "That annotation was already deleted."
TOO_MANY_TAGS = "Use at most {limit} tags."
BAD_TAG = "Tags are words of letters, digits and hyphens, at most 50 characters: {tag!r} is not."
MAX_TAGS = 10
TAG_PATTERN = re.compile(r"[\w-]{1,50}")


class AnnotationError(ValueError):
    """A write that cannot be done; the message says why, for a person."""


@dataclass(frozen=True)
class Selection:
    """A passage as the reader's browser reports it: paragraph anchors and offsets."""

    start: str
    start_offset: int
    end: str
    end_offset: int


def whole_paragraph(paragraph: Paragraph) -> Selection:
    return Selection(paragraph.anchor, 0, paragraph.anchor, len(paragraph.text))


def create_annotation(
    *,
    author: AbstractBaseUser,
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
            _place(annotation, revision, selection)
        annotation.full_clean(exclude=["tags"])
        annotation.save()
        _set_tags(annotation, tag_names)
        transaction.on_commit(lambda: notifications.notify(annotation))
    return annotation


def reply_to_annotation(
    *,
    author: AbstractBaseUser,
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
        parent = Annotation.objects.select_for_update().get(pk=parent.pk)
        if not permissions.visible_annotations(author, Annotation.objects.filter(pk=parent.pk)):
            raise AnnotationError(CANNOT_READ)
        if parent.is_deleted:
            raise AnnotationError(DELETED_PARENT)
        root = parent if parent.root_id is None else Annotation.objects.get(pk=parent.root_id)
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
        _set_tags(reply, tag_names)
        transaction.on_commit(lambda: notifications.notify(reply))
    return reply


def edit_annotation(
    *, annotation: Annotation, editor: AbstractBaseUser, body: str, tags: list[str] | None = None
) -> Annotation:
    """Change an annotation's body (and tags), keeping the previous version in its history."""
    if annotation.author_id != editor.pk:
        raise AnnotationError(NOT_AUTHOR)
    if annotation.is_deleted:
        raise AnnotationError(ALREADY_DELETED)
    body_html = _render_body(body, motivation=annotation.motivation)
    tag_names = normalize_tags(tags) if tags is not None else None
    with transaction.atomic():
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
            _set_tags(annotation, tag_names)
    return annotation


def delete_annotation(*, annotation: Annotation, user: AbstractBaseUser) -> Annotation | None:
    """Delete an annotation; one with replies stays as a tombstone so its thread keeps its shape.

    Returns the tombstone, or None when the annotation is gone. Deleting the last reply of a
    tombstone removes the tombstone too: nothing is left to hold in place.
    """
    if annotation.author_id != user.pk:
        raise AnnotationError(NOT_AUTHOR)
    with transaction.atomic():
        annotation = Annotation.objects.select_for_update().get(pk=annotation.pk)
        if annotation.is_deleted:
            raise AnnotationError(ALREADY_DELETED)
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


def _remove_empty_tombstones(annotation_id: int | None) -> None:
    while annotation_id is not None:
        tombstone = (
            Annotation.objects.filter(pk=annotation_id, deleted_at__isnull=False)
            .exclude(replies__isnull=False)
            .first()
        )
        if tombstone is None:
            return
        annotation_id = tombstone.parent_id
        tombstone.delete()


def import_with_comments(**import_options: object) -> ImportedDocument:
    """Import a document (see texts.services.import_document) with its comments as threads; on
    a re-import, move the annotations onto the new revision.

    One transaction: a failure in either step leaves nothing behind.
    """
    with transaction.atomic():
        imported = import_document(**import_options)
        _carry_over(imported)
    return imported


def import_wordpress(
    *,
    data: bytes,
    post_ids: Collection[int] | None = None,
    source_name: str = "",
    imported_by: AbstractBaseUser | None = None,
) -> list[ImportedDocument]:
    """Import a WordPress export's posts and pages (those in `post_ids`; by default the
    published ones), each with its approved comments as threads. All of them or none."""
    posts = parse_wordpress(data)
    chosen = [
        post
        for post in posts
        if (post.post_id in post_ids if post_ids is not None else post.status == "publish")
    ]
    if not chosen:
        raise ImportFailed("None of the export's posts was chosen: choose at least one.")
    imported = []
    with transaction.atomic():
        for post in chosen:
            document = import_parsed(
                post.document, source_text=plain_text(post.document), source_format="wordpress",
                source_name=source_name, slug=post.slug, imported_by=imported_by,
            )  # fmt: skip
            _carry_over(document)
            imported.append(document)
    return imported


def _carry_over(imported: ImportedDocument) -> None:
    """After an import: a corrected text takes its annotations along; the source's comments
    become threads."""
    if imported.previous is not None and not imported.unchanged:
        reanchor_annotations(old=imported.previous, new=imported.revision)
    import_source_comments(revision=imported.revision)


def import_source_comments(*, revision: Revision) -> int:
    """Turn the comments that came with a revision's source into document-level threads.

    Idempotent: comments already imported are left alone. Returns how many were created.
    """
    created = 0
    with transaction.atomic():
        by_number: dict[int, Annotation] = {
            a.source_number: a
            for a in Annotation.objects.filter(revision=revision, source_number__isnull=False)
        }
        for comment in revision.comments:
            number = comment["number"]
            if number in by_number:
                continue
            parent = by_number.get(comment.get("reply_to"))
            posted = comment.get("posted_at")
            when = datetime.fromisoformat(posted) if posted else timezone.now()
            annotation = Annotation.objects.create(
                author=placeholder_author(comment.get("author") or "Commenter"),
                document_id=revision.document_id,
                revision=revision,
                visibility=Annotation.Visibility.DOCUMENT,
                parent=parent,
                root_id=(parent.root_id or parent.pk) if parent else None,
                body=comment["body"],
                body_html=render_markdown(comment["body"][:MAX_BODY_LENGTH]),
                source_number=number,
                created_at=when,
                updated_at=when,
            )
            by_number[number] = annotation
            created += 1
    return created


def delete_member(*, user: AbstractBaseUser) -> None:
    """Delete an account. Its annotations in groups stay, anonymised ("former member"), so the
    replies to them keep their context; its private notes, which nobody else can read, go."""
    with transaction.atomic():
        notes = Annotation.objects.filter(visibility=Annotation.Visibility.PRIVATE, author=user)
        # Replies protect their parents: delete from the leaves up.
        while notes.exists():
            notes.filter(replies__isnull=True).delete()
        user.delete()


def placeholder_author(name: str) -> AbstractBaseUser:
    """A member standing for someone who wrote in the source; it cannot log in."""
    user_model = get_user_model()
    username = f"{PLACEHOLDER_PREFIX}{slugify(name)[:100] or 'commenter'}"
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"first_name": name[:150], "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def claim_placeholder(*, placeholder: AbstractBaseUser, member: AbstractBaseUser) -> int:
    """Give the comments imported under a placeholder to the member who wrote them (once they
    have an account); the placeholder goes. Returns how many annotations changed hands."""
    if placeholder.is_active or not placeholder.username.startswith(PLACEHOLDER_PREFIX):
        raise AnnotationError(
            f"{placeholder.username} is not a placeholder for imported comments: their names "
            f"start with {PLACEHOLDER_PREFIX!r}."
        )
    if not member.is_active or member.username.startswith(PLACEHOLDER_PREFIX):
        raise AnnotationError(f"{member.username} is not an active member's account.")
    with transaction.atomic():
        moved = Annotation.objects.filter(author=placeholder).update(author=member)
        placeholder.delete()
    return moved


def holds_posts_of(author: AbstractBaseUser, group: Group | None) -> bool:
    """Whether a new post of `author` in `group` waits for approval: the group pre-moderates,
    and none of the author's posts there has been published yet (moderators are never held)."""
    if group is None or not group.premoderate_new_members:
        return False
    if permissions.can_moderate(author, group):
        return False
    return not Annotation.objects.filter(group=group, author=author, pending=False).exists()


def _check_can_post(author: AbstractBaseUser, group: Group, document_id: int) -> None:
    if not group_permissions.can_post(author, group):
        raise AnnotationError(NOT_A_MEMBER.format(group=group.name))
    if not GroupDocument.objects.filter(group=group, document_id=document_id).exists():
        raise AnnotationError(NOT_ON_READING_LIST.format(group=group.name))


def normalize_tags(tags: list[str]) -> list[str]:
    """Tags lowercased, without '#', duplicates dropped, checked for length and characters."""
    names = list(dict.fromkeys(t.strip().lstrip("#").lower() for t in tags if t.strip()))
    if len(names) > MAX_TAGS:
        raise AnnotationError(TOO_MANY_TAGS.format(limit=MAX_TAGS))
    for name in names:
        if not TAG_PATTERN.fullmatch(name):
            raise AnnotationError(BAD_TAG.format(tag=name))
    return names


def _render_body(body: str, *, motivation: str) -> str:
    if len(body) > MAX_BODY_LENGTH:
        raise AnnotationError(BODY_TOO_LONG.format(limit=MAX_BODY_LENGTH, length=len(body)))
    if not body.strip() and motivation != Annotation.Motivation.HIGHLIGHT:
        raise AnnotationError(EMPTY_BODY)
    if "\x00" in body:
        raise AnnotationError("The text contains a NUL character; remove it and try again.")
    return render_markdown(body) if body.strip() else ""


@dataclass(frozen=True)
class Placement:
    start: Paragraph
    end: Paragraph
    quote: Quote


def locate(revision: Revision, selection: Selection) -> Placement:
    """Check a selection against the revision's text and quote it (two queries)."""
    anchors = [selection.start, selection.end]
    ends = {p.anchor: p for p in revision.paragraphs.filter(anchor__in=anchors)}
    start, end = ends.get(selection.start), ends.get(selection.end)
    if start is None or end is None or start.ordinal > end.ordinal:
        raise AnnotationError(BAD_PASSAGE)
    if not (0 <= selection.start_offset <= len(start.text)) or not (
        0 <= selection.end_offset <= len(end.text)
    ):
        raise AnnotationError(BAD_OFFSETS)
    if start.ordinal == end.ordinal and selection.start_offset >= selection.end_offset:
        raise AnnotationError(EMPTY_PASSAGE)
    around = {
        p.ordinal: p.text
        for p in revision.paragraphs.filter(
            ordinal__gte=start.ordinal - 1, ordinal__lte=end.ordinal + 1
        ).only("ordinal", "text")
    }
    quote = quote_passage(
        [around[n] for n in range(start.ordinal, end.ordinal + 1)],
        selection.start_offset,
        selection.end_offset,
        before=around.get(start.ordinal - 1, ""),
        after=around.get(end.ordinal + 1, ""),
    )
    return Placement(start=start, end=end, quote=quote)


def quote_of(revision: Revision, selection: Selection) -> str:
    """The exact text of a selection, or "" when it does not fit the text."""
    try:
        return locate(revision, selection).quote.exact
    except AnnotationError:
        return ""


def reattach(*, annotation: Annotation, words: str, paragraph: Paragraph) -> Annotation:
    """Place an orphan thread on `words` of `paragraph` (in the current text): the root and
    its replies move there together, and the revision's report counts one orphan fewer."""
    words = " ".join(words.split())
    start = paragraph.text.find(words) if words else -1
    if start < 0:
        raise AnnotationError(
            f"Those words are not in paragraph {paragraph.ordinal}: copy them from the text "
            "exactly, or choose another paragraph."
        )
    revision = paragraph.revision
    with transaction.atomic():
        _place(
            annotation,
            revision,
            Selection(paragraph.anchor, start, paragraph.anchor, start + len(words)),
        )
        annotation.revision, annotation.anchor_status = revision, ""
        annotation.save(update_fields=[*MOVED_FIELDS, "exact", "prefix", "suffix"])
        Annotation.objects.filter(root=annotation).update(
            **{field: getattr(annotation, field) for field in MOVED_FIELDS}
        )
        report = revision.reanchoring
        if annotation.pk in report.get("orphans", []):
            report["orphans"].remove(annotation.pk)
            report["orphan"] = len(report["orphans"])
            revision.save(update_fields=["reanchoring"])
    return annotation


def _place(annotation: Annotation, revision: Revision, selection: Selection) -> None:
    """Fill in the target: paragraphs, ordinals, offsets, and the quote computed from the text."""
    placement = locate(revision, selection)
    start, end, quote = placement.start, placement.end, placement.quote
    annotation.start_paragraph, annotation.end_paragraph = start, end
    annotation.start_ordinal, annotation.end_ordinal = start.ordinal, end.ordinal
    annotation.start_offset, annotation.end_offset = selection.start_offset, selection.end_offset
    annotation.exact, annotation.prefix, annotation.suffix = quote.exact, quote.prefix, quote.suffix


def _set_tags(annotation: Annotation, names: list[str]) -> None:
    tags = [Tag.objects.get_or_create(name=name)[0] for name in names]
    annotation.tags.set(tags)
    if annotation.tag_names != " ".join(names):
        annotation.tag_names = " ".join(names)
        annotation.save(update_fields=["tag_names"])
