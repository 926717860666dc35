"""Importing a document with the comments that came with its source (a blog post's comment
thread, a WordPress export's approved comments) as document-level threads signed by their
source authors, and giving a source author's comments to the member who wrote them."""

from collections.abc import Collection
from datetime import datetime
from typing import Unpack
from urllib.parse import urlsplit

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from annotations.errors import AnnotationError
from annotations.models import Annotation, SourceAuthor
from annotations.rendering import MAX_BODY_LENGTH, render_markdown
from annotations.revisions import reanchor_annotations
from texts.importers.parsed import ImportFailed
from texts.importers.wordpress import WordPressPost, parse_wordpress
from texts.models import Document, Revision
from texts.services import (
    ImportedDocument,
    ImportSource,
    import_document,
    import_parsed,
    plain_text,
)

# The source author of the comments that came without a name.
UNSIGNED = "Commenter"
NOT_ACTIVE = "{username} is not an active member's account."
ALREADY_CLAIMED = "{source_author} is {username}'s already: their comments stay theirs."


def import_with_comments(**source: Unpack[ImportSource]) -> ImportedDocument:
    """Import a document (the arguments are texts.services.import_document's) with its
    comments as threads; on a re-import, move the annotations onto the new revision.

    One transaction: a failure in either step leaves nothing behind. Raises ImportFailed, with
    a message for a person, when the input cannot be imported.
    """
    with transaction.atomic():
        imported = import_document(**source)
        _carry_over(imported)
    return imported


def import_wordpress(
    *,
    data: bytes,
    post_ids: Collection[int] | None = None,
    source_name: str = "",
    imported_by: User | None = None,
) -> list[ImportedDocument]:
    """Import a WordPress export's posts and pages (those in `post_ids`; by default the
    published ones that are not password-protected), each with its approved comments as
    threads; one ImportedDocument per post.

    All of them or none: raises ImportFailed when the export cannot be read or no post is
    chosen.
    """
    posts = parse_wordpress(data)
    chosen = [
        post
        for post in posts
        if (post.post_id in post_ids if post_ids is not None else chosen_by_default(post))
    ]
    if not chosen:
        raise ImportFailed("None of the export's posts was chosen: choose at least one.")
    imported = []
    with transaction.atomic():
        for post in chosen:
            document = import_parsed(
                post.document,
                source_text=plain_text(post.document),
                source_format="wordpress",
                source_name=source_name,
                slug=post.slug,
                imported_by=imported_by,
            )
            _carry_over(document)
            imported.append(document)
    return imported


def chosen_by_default(post: WordPressPost) -> bool:
    """Whether a post is imported unless told otherwise: published, and readable by anyone on
    the blog (a password-protected post was meant for a few readers, so someone must choose
    it)."""
    return post.status == "publish" and not post.password_protected


def _carry_over(imported: ImportedDocument) -> None:
    """After an import: a corrected text takes its annotations along; the source's comments
    become threads."""
    if imported.previous is not None and not imported.unchanged:
        reanchor_annotations(old=imported.previous, new=imported.revision)
    import_source_comments(revision=imported.revision)


def import_source_comments(*, revision: Revision) -> int:
    """Turn the comments that came with a revision's source into document-level threads, each
    signed by its source author (see `source_author_for`): a member's only once claimed.

    Idempotent: comments already imported are left alone. Returns how many were created.
    """
    created = 0
    with transaction.atomic():
        imported = Annotation.objects.filter(revision=revision, source_number__isnull=False)
        by_number = {a.source_number: a for a in imported if a.source_number is not None}
        source = source_of(revision.document)
        authors: dict[str, SourceAuthor] = {}
        for comment in revision.comments:
            number = comment["number"]
            if number in by_number:
                continue
            name = " ".join((comment.get("author") or "").split())[:150] or UNSIGNED
            if name not in authors:
                authors[name] = source_author_for(name=name, source=source)
            parent = by_number.get(comment.get("reply_to"))
            posted = comment.get("posted_at")
            when = datetime.fromisoformat(posted) if posted else timezone.now()
            annotation = Annotation.objects.create(
                author_id=authors[name].claimed_by_id,
                source_author=authors[name],
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


def source_of(document: Document) -> str:
    """Where a document's comments were written: the host of its source address without
    "www." ("example.wordpress.com"), else the document's slug (a source with no address keeps
    its commenters to itself)."""
    host = (urlsplit(document.source_url).hostname or "").removeprefix("www.")
    return host or document.slug


def source_author_for(*, name: str, source: str) -> SourceAuthor:
    """The source author who signed `name` on `source`, made on their first comment."""
    return SourceAuthor.objects.get_or_create(name=name[:150], source=source[:255])[0]


def claim_source_author(*, source_author: SourceAuthor, member: User) -> int:
    """Give a source author's comments to the member who wrote them, and the comments of theirs
    imported later too. Returns how many annotations changed hands.

    Raises AnnotationError when `member` is not an active account, or when another member has
    claimed this source author already.
    """
    if not member.is_active:
        raise AnnotationError(NOT_ACTIVE.format(username=member.get_username()))
    with transaction.atomic():
        source_author = SourceAuthor.objects.select_for_update().get(pk=source_author.pk)
        claimed = source_author.claimed_by
        if claimed is not None and claimed.pk != member.pk:
            raise AnnotationError(
                ALREADY_CLAIMED.format(source_author=source_author, username=claimed.get_username())
            )
        moved = Annotation.objects.filter(source_author=source_author, author=None).update(
            author=member
        )
        source_author.claimed_by = member
        source_author.save(update_fields=["claimed_by"])
    return moved
