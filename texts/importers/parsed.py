"""The one shape every importer produces: metadata, blocks and comments, no database."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from texts.rendering import escape_text, table_html


class BlockKind(StrEnum):
    """What a block is. VERSE and TITLE keep their lines ("\n" in the text, <br> in the HTML);
    TABLE keeps its cells (see table_block); BREAK is a thematic break (a scene separator),
    which has no text: it is stored as `break_before` on the block after it (stored_blocks)."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTATION = "quotation"
    LIST_ITEM = "list_item"
    PREFORMATTED = "preformatted"
    VERSE = "verse"
    TITLE = "title"
    TABLE = "table"
    BREAK = "break"


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
    """One paragraph-level block. `html` is safe inline HTML whose text content equals `text`
    (a <br> counting as "\n"). `level` is a heading's level (1-6) or a list item's depth (1 for
    the outermost list, 2 for a list inside one of its items, …; None reads as 1)."""

    kind: BlockKind
    text: str
    html: str
    level: int | None = None
    list_id: int | None = None
    list_style: ListStyle | None = None
    list_number: int | None = None
    break_before: bool = False


@dataclass(frozen=True, slots=True)
class TableCell:
    """A table cell: its plain text and its safe inline HTML (the same text), header or data."""

    text: str
    html: str
    header: bool = False


def break_block() -> Block:
    """A thematic break (a scene separator such as "* * *", or <hr>): no text of its own."""
    return Block(kind=BlockKind.BREAK, text="", html="")


def line_block(kind: BlockKind, lines: list[tuple[str, str]]) -> Block:
    """A VERSE or TITLE block from its lines, each (text, safe inline HTML): the text joins
    them with "\n", the HTML with <br>, so the two stay equal code point for code point."""
    return Block(
        kind=kind,
        text="\n".join(text for text, _ in lines),
        html="<br>".join(html for _, html in lines),
    )


def verse_block(lines: list[str]) -> Block:
    """A VERSE block of plain-text lines."""
    return line_block(BlockKind.VERSE, [(line, escape_text(line)) for line in lines])


def table_block(rows: list[list[TableCell]]) -> Block | None:
    """One TABLE block for a whole table, or None when no cell has text. Rows shorter than the
    widest are padded with empty cells so columns stay aligned. The text joins a row's cells
    with tabs and rows with newlines; the HTML (texts.rendering.table_html) carries the same
    characters inside the cells, so the rendered table's text content equals the text."""
    width = max((len(row) for row in rows), default=0)
    padded = [row + [TableCell("", "")] * (width - len(row)) for row in rows if row]
    if not any(cell.text.strip() for row in padded for cell in row):
        return None
    text = "\n".join("\t".join(cell.text for cell in row) for row in padded)
    cells = [[(cell.html, cell.header) for cell in row] for row in padded]
    return Block(kind=BlockKind.TABLE, text=text, html=table_html(cells))


def stored_blocks(blocks: list[Block]) -> list[Block]:
    """The blocks as stored, one paragraph each: a BREAK becomes `break_before` on the block
    after it (so it takes no paragraph number); breaks in a row are one, a last one is dropped."""
    stored: list[Block] = []
    pending = False
    for block in blocks:
        if block.kind == BlockKind.BREAK:
            pending = True
            continue
        stored.append(replace(block, break_before=True) if pending else block)
        pending = False
    return stored


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
        # Kinds most texts lack are named only when there are some.
        rarer = [
            f"{c[kind]} {name}"
            for kind, name in (
                ("verse", "verse blocks"),
                ("table", "tables"),
                ("title", "title blocks"),
                ("break", "breaks"),
            )
            if c[kind]
        ]
        return (
            f"{c['heading']} headings, {c['paragraph']} paragraphs, {c['list_item']} list items "
            f"in {c['list']} lists, {c['quotation']} quotations, {c['preformatted']} preformatted "
            f"blocks, {''.join(f'{r}, ' for r in rarer)}{c['comment']} comments"
        )
