"""Writes for texts: storing an imported document, each in one transaction."""

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Required, TypedDict, Unpack

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from texts.importers import parse_document
from texts.importers.decoding import decode
from texts.importers.parsed import Comment, ImportFailed, ParsedDocument
from texts.models import Document, Paragraph, Revision

BATCH_SIZE = 1000
ARCHIVES = frozenset({"epub"})  # binary formats: no decodable source text

Progress = Callable[[int, int], None]


class ImportDetails(TypedDict, total=False):
    """What an import may say of a document beyond its text (see import_parsed)."""

    slug: str
    author: str
    source_url: str
    published_on: date | None
    description: str
    imported_by: User | None
    progress: Progress | None


class ImportSource(ImportDetails, total=False):
    """What import_document takes: the file, how to read it, and what it says of the document.
    The layers above it (importing with comments, then with agendas) take the same."""

    data: Required[bytes]
    source_format: Required[str]
    source_name: str
    encoding: str | None
    title: str
    comment_overrides: dict[int, dict] | None


@dataclass(frozen=True)
class ImportedDocument:
    document: Document
    revision: Revision
    parsed: ParsedDocument
    previous: Revision | None = None  # the revision this one replaces, on a re-import
    unchanged: bool = False  # the same text again: nothing was stored


def import_document(
    *,
    data: bytes,
    source_format: str,
    source_name: str = "",
    encoding: str | None = None,
    title: str = "",
    comment_overrides: dict[int, dict] | None = None,
    **details: Unpack[ImportDetails],
) -> ImportedDocument:
    """Parse a file and store it as a new document, or as a new revision of the document at
    `slug` when there is one (nothing at all when the text is the same); all of it or nothing.

    `details` are import_parsed's: slug, author, source_url, published_on, description,
    imported_by, progress."""
    parsed = parse_document(data, source_format=source_format, encoding=encoding, title=title)
    if comment_overrides:
        parsed = with_comment_overrides(parsed, comment_overrides)
    # An archive (EPUB) has no text source of its own: what was read from it stands for it.
    source_text = plain_text(parsed) if source_format in ARCHIVES else decode(data, encoding)
    return import_parsed(
        parsed,
        source_text=source_text,
        source_format=source_format,
        source_name=source_name,
        title=title,
        **details,
    )


def import_parsed(
    parsed: ParsedDocument,
    *,
    source_text: str,
    source_format: str,
    source_name: str = "",
    title: str = "",
    slug: str = "",
    author: str = "",
    source_url: str = "",
    published_on: date | None = None,
    description: str = "",
    imported_by: User | None = None,
    progress: Progress | None = None,
) -> ImportedDocument:
    """Store a parsed document as a new document, or as a new revision of the one at `slug`."""
    metadata = parsed.metadata
    document = Document(
        title=title or metadata.title or source_name or "Untitled",
        slug=document_slug(parsed, title=title, slug=slug, source_name=source_name),
        author=author or metadata.author,
        source_url=source_url or metadata.source_url,
        published_on=published_on or metadata.published_on,
        description=description or metadata.description,
        licence=metadata.licence,
        imported_by=imported_by,
    )
    existing = Document.objects.with_current_revision().filter(slug=document.slug).first()
    if existing is not None:
        return _new_revision(
            existing,
            parsed=parsed,
            source_text=source_text,
            source_format=source_format,
            source_name=source_name,
            progress=progress,
        )
    with transaction.atomic():
        _validate(document)
        document.save()
        revision = store_revision(
            document=document,
            parsed=parsed,
            source_text=source_text,
            source_format=source_format,
            source_name=source_name,
            progress=progress,
        )
    return ImportedDocument(document=document, revision=revision, parsed=parsed)


def document_slug(parsed: ParsedDocument, *, title: str, slug: str, source_name: str) -> str:
    """The address an import stores at (an existing document there gets a new revision)."""
    return slug or slugify(title or parsed.metadata.title or source_name)[:120]


def plain_text(parsed: ParsedDocument) -> str:
    """The blocks' text, one per paragraph: the stored source of a format that has no text."""
    return "\n\n".join(block.text for block in parsed.blocks) + "\n"


def _new_revision(
    document: Document,
    *,
    parsed: ParsedDocument,
    source_text: str,
    source_format: str,
    source_name: str,
    progress: Progress | None,
) -> ImportedDocument:
    """A corrected text for an existing document; the same text again changes nothing."""
    previous = document.current_revision
    digest = hashlib.sha256(source_text.encode()).hexdigest()
    if previous is not None and previous.source_sha256 == digest:
        return ImportedDocument(document, previous, parsed, previous=previous, unchanged=True)
    revision = store_revision(
        document=document,
        parsed=parsed,
        source_text=source_text,
        source_format=source_format,
        source_name=source_name,
        progress=progress,
    )
    return ImportedDocument(document, revision, parsed, previous=previous)


def _validate(document: Document) -> None:
    if not document.slug:
        raise ImportFailed("The document needs a title or a slug made of letters or digits.")
    try:
        document.full_clean(exclude=["current_revision"])
    except ValidationError as error:
        problems = "; ".join(
            f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()
        )
        raise ImportFailed(f"The document's details are not valid: {problems}") from None


def store_revision(
    *,
    document: Document,
    parsed: ParsedDocument,
    source_text: str,
    source_format: str,
    source_name: str = "",
    progress: Progress | None = None,
) -> Revision:
    """Store `parsed` as the document's next revision and make it the one readers see."""
    with transaction.atomic():
        last = document.revisions.order_by("-number").values_list("number", flat=True).first()
        revision = Revision.objects.create(
            document=document,
            number=(last or 0) + 1,
            source_format=source_format,
            source_name=source_name,
            source_text=source_text,
            source_sha256=hashlib.sha256(source_text.encode()).hexdigest(),
            front_matter=parsed.front_matter,
            back_matter=parsed.back_matter,
            comments_heading=parsed.comments_heading,
            comments=[_comment_json(c) for c in parsed.comments],
        )
        paragraphs = (
            Paragraph(
                revision=revision,
                ordinal=ordinal,
                anchor=f"p-{ordinal}",
                kind=block.kind.value,
                level=block.level,
                list_id=block.list_id,
                list_style=block.list_style.value if block.list_style else "",
                list_number=block.list_number,
                text=block.text,
                html=block.html,
            )
            for ordinal, block in enumerate(parsed.blocks, start=1)
        )
        total, batch = len(parsed.blocks), []
        for done, paragraph in enumerate(paragraphs, start=1):
            batch.append(paragraph)
            if len(batch) == BATCH_SIZE or done == total:
                Paragraph.objects.bulk_create(batch)
                batch = []
                if progress:
                    progress(done, total)
        document.current_revision = revision
        document.save(update_fields=["current_revision"])
    return revision


def with_comment_overrides(parsed: ParsedDocument, overrides: dict[int, dict]) -> ParsedDocument:
    """Apply what a manifest knows of comments (author, reply_to) that the text does not say."""
    numbers = {c.number for c in parsed.comments}
    if unknown := sorted(set(overrides) - numbers):
        raise ImportFailed(f"The manifest describes comments the text does not have: {unknown}.")
    comments = []
    for comment in parsed.comments:
        extra = overrides.get(comment.number, {})
        reply_to = extra.get("reply_to", comment.reply_to)
        if reply_to is not None and not 0 < reply_to < comment.number:
            raise ImportFailed(
                f"Comment {comment.number} cannot answer comment {reply_to}: a comment answers "
                "one that comes before it."
            )
        comments.append(
            replace(comment, author=extra.get("author", comment.author), reply_to=reply_to)
        )
    return replace(parsed, comments=comments)


def _comment_json(comment: Comment) -> dict:
    data = asdict(comment)
    data["posted_at"] = comment.posted_at.isoformat() if comment.posted_at else None
    return data
