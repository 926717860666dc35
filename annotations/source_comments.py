"""Importing a document with the comments that came with its source (a blog post's comment
thread, a WordPress export's approved comments) as document-level threads, and giving those
comments to the member who wrote them once they have an account."""

from collections.abc import Collection
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from annotations.errors import AnnotationError
from annotations.models import Annotation
from annotations.rendering import MAX_BODY_LENGTH, render_markdown
from annotations.revisions import reanchor_annotations
from texts.importers.parsed import ImportFailed
from texts.importers.wordpress import parse_wordpress
from texts.models import Revision
from texts.services import ImportedDocument, import_document, import_parsed, plain_text

# Placeholder members stand for the authors of comments that came with an imported source.
PLACEHOLDER_PREFIX = "imported-"


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
