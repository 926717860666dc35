"""HTML to blocks: the semantic blocks of a page (headings, paragraphs, quotations, list items,
preformatted text, figure captions), with their inline emphasis and links kept (sanitized) and
their plain text for anchoring. Scripts, styles, navigation, forms and comments are dropped.

Tokenizing is the standard library's HTMLParser; this module only decides what is a block.
"""

import re
from dataclasses import dataclass, field, replace
from html import escape
from html.parser import HTMLParser

from texts.importers.decoding import decode_html, normalize_newlines
from texts.importers.parsed import (
    Block,
    BlockKind,
    ImportFailed,
    ListStyle,
    Metadata,
    ParsedDocument,
)
from texts.importers.plaintext import gutenberg_bounds, gutenberg_metadata, normalize_space
from texts.rendering import INLINE_TAGS, escape_text, sanitize_inline, text_content

# Elements whose whole content is dropped: not part of the text a group reads.
SKIPPED = frozenset(
    {
        "script",
        "style",
        "nav",
        "form",
        "noscript",
        "template",
        "svg",
        "iframe",
        "button",
        "select",
        "textarea",
        "head",
        "object",
        "canvas",
        "footer",
        "aside",
    }
)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCKS = frozenset({"p", "li", "pre", "figcaption", "dt", "dd", *HEADINGS})
# Containers whose loose text (outside any paragraph) still forms paragraphs.
CONTAINERS = frozenset({"div", "section", "article", "main", "body", "blockquote", "td", "center"})
WHITESPACE = re.compile(r"\s+")


@dataclass
class _Open:
    """A block being read: its kind and the inline HTML gathered so far."""

    kind: BlockKind
    level: int | None = None
    parts: list[str] = field(default_factory=list)
    list_id: int | None = None
    list_style: ListStyle | None = None
    list_number: int | None = None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title = ""
        self.in_title = False
        self.skipping = 0
        self.quoting = 0
        self.current: _Open | None = None
        self.lists: list[list] = []  # [list_id, style, next number]
        self.list_count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        if self.skipping:
            return
        if tag == "title":
            self.in_title = True
        elif tag == "blockquote":
            self._close()
            self.quoting += 1
        elif tag in {"ul", "ol"}:
            self._close()
            self.list_count += 1
            start = dict(attrs).get("start") or "1"
            style = ListStyle.DECIMAL if tag == "ol" else ListStyle.BULLET
            self.lists.append([self.list_count, style, int(start) if start.isdigit() else 1])
        elif tag in BLOCKS:
            self._close()
            self._open(tag)
        elif tag in INLINE_TAGS:
            self._inline(f"<{tag}" + _attributes(tag, attrs) + ">")
        elif tag in CONTAINERS:
            self._close()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag == "title":
            self.in_title = False
        elif tag in BLOCKS or tag in CONTAINERS:
            self._close()
            if tag == "blockquote":
                self.quoting = max(0, self.quoting - 1)
        elif tag in {"ul", "ol"}:
            self._close()
            if self.lists:
                self.lists.pop()
        elif tag in INLINE_TAGS and tag != "br" and self.current:
            self.current.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.in_title:
            self.title += data
            return
        if self.current is None and data.strip():
            self._open("p")  # loose text in a container is a paragraph
        if self.current is not None:
            self.current.parts.append(escape(data, quote=False))

    def _inline(self, html: str) -> None:
        current = self.current or self._open("p")
        current.parts.append(html)

    def _open(self, tag: str) -> "_Open":
        """Start the block that `tag` opens, and return it."""
        if tag in HEADINGS:
            self.current = _Open(BlockKind.HEADING, level=HEADINGS[tag])
        elif tag == "pre":
            self.current = _Open(BlockKind.PREFORMATTED)
        elif tag == "li" and self.lists:
            list_id, style, number = self.lists[-1]
            self.lists[-1][2] += 1
            ordered = style != ListStyle.BULLET
            self.current = _Open(
                BlockKind.LIST_ITEM,
                list_id=list_id,
                list_style=style,
                list_number=number if ordered else None,
            )
        else:
            kind = BlockKind.QUOTATION if self.quoting else BlockKind.PARAGRAPH
            self.current = _Open(kind)
        return self.current

    def _close(self) -> None:
        block, self.current = self.current, None
        if block is None:
            return
        raw = "".join(block.parts)
        if block.kind == BlockKind.PREFORMATTED:
            # A character reference (&#13;) can still bring a CR back after the source's were
            # normalised; the reader's text has LF there too.
            text = normalize_newlines(text_content(raw)).strip("\n")
            html = escape_text(text)
        else:
            html = sanitize_inline(WHITESPACE.sub(" ", raw)).strip()
            html = re.sub(r"\s*<br>\s*", "<br>", html)
            text = text_content(html)
        if not text.strip():
            return
        self.blocks.append(
            Block(
                kind=block.kind,
                text=text,
                html=html,
                level=block.level,
                list_id=block.list_id,
                list_style=block.list_style,
                list_number=block.list_number,
            )
        )


def _attributes(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    """Only a link's target and title survive (the sanitizer checks them again)."""
    if tag != "a":
        return ""
    kept = {name: value for name, value in attrs if name in {"href", "title"} and value}
    return "".join(f' {name}="{escape(value)}"' for name, value in kept.items())


def read_blocks(text: str) -> tuple[list[Block], str]:
    """The blocks of an HTML text and its page title, as they are (possibly no blocks)."""
    reader = _Reader()
    # A source saved on Windows: the browser's text of a <pre> has LF where the file has CR LF,
    # and offsets into the stored text must count the same characters.
    reader.feed(normalize_newlines(text))
    reader.close()
    reader._close()
    return reader.blocks, normalize_space(reader.title)


def parse_html(data: bytes, *, encoding: str | None = None, title: str = "") -> ParsedDocument:
    """Parse an HTML page or book into a document; `title` overrides the page's own."""
    blocks, page_title = read_blocks(decode_html(data, encoding))
    front_matter = back_matter = ""
    metadata = Metadata()
    # A Project Gutenberg HTML edition: its licence header and footer are set aside, as in the
    # plain-text edition, so both give the same blocks.
    if (bounds := gutenberg_bounds([block.text for block in blocks])) is not None:
        start, end = bounds
        header = [block.text for block in blocks[:start]]
        front_matter = "\n\n".join(header)
        back_matter = "\n\n".join(block.text for block in blocks[end:])
        metadata, blocks = gutenberg_metadata(header), blocks[start:end]
        page_title = metadata.title or page_title
    chosen = title or page_title
    if (
        blocks
        and blocks[0].kind == BlockKind.HEADING
        and (not chosen or normalize_space(blocks[0].text).casefold() == chosen.casefold())
    ):
        chosen = chosen or normalize_space(blocks[0].text)
        blocks = blocks[1:]
    if not blocks:
        raise ImportFailed("No text was found in the page: it has no paragraphs or headings.")
    return ParsedDocument(
        metadata=replace(metadata, title=chosen),
        blocks=blocks,
        front_matter=front_matter,
        back_matter=back_matter,
    )

