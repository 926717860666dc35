"""The one shape every importer produces: metadata, blocks and comments, no database."""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTATION = "quotation"
    LIST_ITEM = "list_item"
    PREFORMATTED = "preformatted"


class ListStyle(StrEnum):
    BULLET = "bullet"
    DECIMAL = "decimal"
    LOWER_ALPHA = "lower-alpha"
    UPPER_ALPHA = "upper-alpha"
    LOWER_ROMAN = "lower-roman"
    UPPER_ROMAN = "upper-roman"


class ImportFailed(ValueError):
    """The input cannot be imported; the message says why and what to do, for a person."""


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-level block. `html` is safe inline HTML whose text content equals `text`."""

    kind: BlockKind
    text: str
    html: str
    level: int | None = None
    list_id: int | None = None
    list_style: ListStyle | None = None
    list_number: int | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment that came with the source, such as a blog post's comment thread."""

    number: int
    body: str
    author: str = ""
    reply_to: int | None = None
    posted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str = ""
    author: str = ""
    source_url: str = ""
    published_on: date | None = None
    description: str = ""
    licence: str = ""


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    metadata: Metadata
    blocks: list[Block]
    comments: list[Comment] = field(default_factory=list)
    comments_heading: str = ""
    front_matter: str = ""
    back_matter: str = ""

    def counts(self) -> dict[str, int]:
        """How many blocks of each kind, lists and comments: what an import reports."""
        counts = {kind.value: 0 for kind in BlockKind}
        for block in self.blocks:
            counts[block.kind.value] += 1
        counts["list"] = len({b.list_id for b in self.blocks if b.list_id is not None})
        counts["comment"] = len(self.comments)
        return counts

    def summary(self) -> str:
        """What an import found, in words: "11 headings, 33 paragraphs, …"."""
        c = self.counts()
        return (
            f"{c['heading']} headings, {c['paragraph']} paragraphs, {c['list_item']} list items "
            f"in {c['list']} lists, {c['quotation']} quotations, {c['preformatted']} preformatted "
            f"blocks, {c['comment']} comments"
        )
