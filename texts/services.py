"""Writes for texts: storing an imported document, each in one transaction."""

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any, Required, TypedDict, Unpack

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from texts.importers import parse_document, source_text
from texts.importers.parsed import Block, Comment, ImportFailed, ParsedDocument, stored_blocks
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


# The document's details an import states (an option, else the file's own metadata).
DETAILS = ("title", "author", "source_url", "published_on", "description", "licence")
# What a stored paragraph keeps of its block: two readings are the same when these are.
PARAGRAPH_FIELDS = (
    "kind",
    "level",
    "list_id",
    "list_style",
    "list_number",
    "text",
    "html",
    "break_before",
)


@dataclass(frozen=True)
class ImportedDocument:
    """What an import did. A re-import either stores a new revision (`previous` is the one it
    replaces) or keeps the current one (`same_text`): then `updated` names the details it
    changed, and `unchanged` says nothing at all was stored."""

    document: Document
    revision: Revision  # the revision readers now see
    parsed: ParsedDocument
    # The revision a newly stored one replaces: None for a new document, and when a re-import
    # kept the current revision (nothing to re-anchor then).
    previous: Revision | None = None
    unchanged: bool = False  # the same reading and the same details again: nothing was stored
    same_text: bool = False  # a re-import that kept the current revision (its reading is equal)
    updated: tuple[str, ...] = ()  # the document details a re-import changed, e.g. ("title",)


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
    `slug` when there is one (see `import_parsed` for when a re-import stores nothing); all of
    it or nothing.

    `details` are import_parsed's: slug, author, source_url, published_on, description,
    imported_by, progress."""
    parsed = parse_document(data, source_format=source_format, encoding=encoding, title=title)
    if comment_overrides:
        parsed = with_comment_overrides(parsed, comment_overrides)
    # An archive (EPUB) has no text source of its own: what was read from it stands for it.
    if source_format in ARCHIVES:
        text = plain_text(parsed)
    else:
        text = source_text(data, source_format=source_format, encoding=encoding)
    return import_parsed(
        parsed,
        source_text=text,
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
    """Store a parsed document as a new document, or re-import it onto the one at `slug`.

    A re-import is unchanged (nothing stored, `unchanged`) only when both the reading and the
    details are the same. The reading is the decoded source, its format, and what the parser
    makes of them (blocks, front and back matter, comments): the same bytes read as Markdown
    instead of plain text are a new reading, so they make a new revision (and
    import_with_comments re-anchors the annotations onto it). The details are DETAILS: each
    one the import states (an option given here, else what the file itself says) replaces the
    document's at once, without a new revision when the reading is the same; one it does not
    state (an empty option, nothing in the file) keeps the document's value. A title that no
    longer repeats the file's first heading leaves that heading in the text, which is a new
    reading too. The file's name and the importing user are not details.
    """
    metadata = parsed.metadata
    stated: dict[str, Any] = {
        "title": title or metadata.title,
        "author": author or metadata.author,
        "source_url": source_url or metadata.source_url,
        "published_on": published_on or metadata.published_on,
        "description": description or metadata.description,
        "licence": metadata.licence,
    }
    slug = document_slug(parsed, title=title, slug=slug, source_name=source_name)

    def onto(existing: Document) -> ImportedDocument:
        return _reimport(
            existing,
            stated=stated,
            parsed=parsed,
            source_text=source_text,
            source_format=source_format,
            source_name=source_name,
            progress=progress,
        )

    with transaction.atomic():
        if (existing := _locked(slug)) is not None:
            return onto(existing)
        document = Document(slug=slug, imported_by=imported_by, **stated)
        document.title = document.title or source_name or "Untitled"
        _validate(document)
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError:
            # Imported at the same moment by someone else, who got there first: ours becomes
            # a re-import of theirs (the slug is unique; their row is locked until they commit).
            if (existing := _locked(slug)) is None:
                raise
            return onto(existing)
        revision = store_revision(
            document=document,
            parsed=parsed,
            source_text=source_text,
            source_format=source_format,
            source_name=source_name,
            progress=progress,
        )
    return ImportedDocument(document=document, revision=revision, parsed=parsed)


def _locked(slug: str) -> Document | None:
    """The document at `slug`, its row locked until the transaction ends, so that imports onto
    it are one after another: the second sees the first's revision (and says "unchanged" when
    it is the same text) instead of failing on the revision number. None when there is none."""
    pk = Document.objects.select_for_update().filter(slug=slug).values_list("pk", flat=True)
    found = pk.first()
    return None if found is None else Document.objects.with_current_revision().get(pk=found)


def document_slug(parsed: ParsedDocument, *, title: str, slug: str, source_name: str) -> str:
    """The address an import stores at (an existing document there gets a new revision)."""
    return slug or slugify(title or parsed.metadata.title or source_name)[:120]


def plain_text(parsed: ParsedDocument) -> str:
    """The blocks' text, one per paragraph: the stored source of a format that has no text."""
    return "\n\n".join(block.text for block in parsed.blocks) + "\n"


def _reimport(
    document: Document,
    *,
    stated: dict[str, Any],
    parsed: ParsedDocument,
    source_text: str,
    source_format: str,
    source_name: str,
    progress: Progress | None,
) -> ImportedDocument:
    """A re-import onto an existing document: the details it states, then a new revision
    unless the reading is the current one's (import_parsed gives the rules)."""
    updated = {
        field: stated[field]
        for field in DETAILS
        if stated[field] not in ("", None) and getattr(document, field) != stated[field]
    }
    current = document.current_revision
    with transaction.atomic():
        if updated:
            for field, value in updated.items():
                setattr(document, field, value)
            _validate(document)
            document.save(update_fields=list(updated))
        same = current is not None and same_reading(
            current, parsed=parsed, source_text=source_text, source_format=source_format
        )
        if current is not None and same:
            return ImportedDocument(
                document,
                current,
                parsed,
                unchanged=not updated,
                same_text=True,
                updated=tuple(updated),
            )
        revision = store_revision(
            document=document,
            parsed=parsed,
            source_text=source_text,
            source_format=source_format,
            source_name=source_name,
            progress=progress,
        )
    return ImportedDocument(document, revision, parsed, previous=current, updated=tuple(updated))


def same_reading(
    revision: Revision, *, parsed: ParsedDocument, source_text: str, source_format: str
) -> bool:
    """Whether storing `parsed` would give readers exactly `revision`: the same decoded source
    in the same format, read into the same blocks, matter and comments (so a parser that now
    reads the same file differently makes a new revision too).

    A comment's author and reply_to (a manifest's comment_overrides) are left out: comments
    become threads once, on their first import, and a later import never re-signs them."""
    digest = hashlib.sha256(source_text.encode()).hexdigest()
    if (revision.source_sha256, revision.source_format) != (digest, source_format):
        return False
    stored_matter = (
        revision.front_matter,
        revision.back_matter,
        revision.comments_heading,
        [_comment_words(c) for c in revision.comments],
    )
    parsed_matter = (
        parsed.front_matter,
        parsed.back_matter,
        parsed.comments_heading,
        [_comment_words(_comment_json(c)) for c in parsed.comments],
    )
    if stored_matter != parsed_matter:
        return False
    stored = revision.paragraphs.order_by("ordinal").values(*PARAGRAPH_FIELDS)
    return list(stored) == [_paragraph_fields(block) for block in stored_blocks(parsed.blocks)]


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
        # A thematic break takes no number: it is stored on the block after it.
        blocks = stored_blocks(parsed.blocks)
        paragraphs = (
            Paragraph(
                revision=revision,
                ordinal=ordinal,
                anchor=f"p-{ordinal}",
                **_paragraph_fields(block),
            )
            for ordinal, block in enumerate(blocks, start=1)
        )
        total, batch = len(blocks), []
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


def _paragraph_fields(block: Block) -> dict[str, Any]:
    """A block as a stored paragraph's PARAGRAPH_FIELDS."""
    return {
        "kind": block.kind.value,
        "level": block.level,
        "list_id": block.list_id,
        "list_style": block.list_style.value if block.list_style else "",
        "list_number": block.list_number,
        "text": block.text,
        "html": block.html,
        "break_before": block.break_before,
    }


def _comment_words(comment: dict) -> tuple[object, ...]:
    """What a stored comment says, without who a manifest says wrote it or what it answers."""
    return (comment["number"], comment["body"], comment["posted_at"])


def _comment_json(comment: Comment) -> dict:
    data = asdict(comment)
    data["posted_at"] = comment.posted_at.isoformat() if comment.posted_at else None
    return data
