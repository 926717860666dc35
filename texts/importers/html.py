"""HTML to blocks: the semantic blocks of a page (headings, paragraphs, quotations, list items
with their nesting level, preformatted text, figure captions), with their inline emphasis and
links kept (sanitized) and their plain text for anchoring. Scripts, styles, navigation, forms,
comments, elements hidden from readers and rows of links to the site's other pages are dropped;
the page's details come from its head (texts.importers.html_metadata).

Tokenizing is the standard library's HTMLParser; this module only decides what is a block.
"""

import re
from dataclasses import dataclass, field, replace
from html import escape
from html.parser import HTMLParser

from texts.importers.decoding import decode_html, normalize_newlines
from texts.importers.html_metadata import (
    PageHead,
    is_hidden,
    is_same_site,
    page_metadata,
    set_aside_gutenberg,
)
from texts.importers.html_tables import Tables
from texts.importers.parsed import (
    Block,
    BlockKind,
    ImportFailed,
    ListStyle,
    ParsedDocument,
)
from texts.importers.plaintext import normalize_space
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
        "object",
        "canvas",
        "footer",
        "aside",
    }
)
# Elements that never have content or an end tag (WHATWG HTML, "void elements").
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCKS = frozenset({"p", "li", "pre", "figcaption", "dt", "dd", *HEADINGS})
# Containers whose loose text (outside any paragraph) still forms paragraphs.
CONTAINERS = frozenset(
    {
        "div",
        "section",
        "article",
        "main",
        "body",
        "blockquote",
        "center",
        "table",
        "caption",
        "tr",
        "td",
        "th",
    }
)
# A start tag of any of these ends an open <p> (WHATWG HTML: "p" end tag omission).
ENDS_PARAGRAPH = BLOCKS | CONTAINERS | {"ul", "ol", "dl", "hr", "figure", "tr"}
WHITESPACE = re.compile(r"\s+")
WORD_CHARACTER = re.compile(r"\w")
# A block whose letters and digits are at least this share inside links to the site's other
# pages is navigation ("Previous | Home | Next", a row of chapter numbers).
NAVIGATION_SHARE = 0.75


@dataclass
class _Open:
    """A block being read: its kind, the inline HTML gathered so far, and how many of its
    letters and digits sit in links to other pages of the site."""

    kind: BlockKind
    level: int | None = None
    parts: list[str] = field(default_factory=list)
    list_id: int | None = None
    list_style: ListStyle | None = None
    list_number: int | None = None
    site_link_characters: int = 0


@dataclass
class _List:
    list_id: int
    style: ListStyle
    next_number: int


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        # Per block: its letters and digits inside links to the site's other pages.
        self.site_links: list[int] = []
        self.tables = Tables()
        self.head = PageHead()
        self.in_title = False
        self.skipping = 0
        self.hidden: tuple[str, int] | None = None  # the hidden element's tag, its nesting
        self.quoting = 0
        self.current: _Open | None = None
        self.lists: list[_List] = []
        self.list_count = 0
        self.item: _Open | None = None  # the list item whose first paragraph is still to come
        self.links: list[bool] = []  # per open <a>: whether it leads to another site page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self._still_hidden(tag):
            return
        if tag in SKIPPED:
            self.skipping += 1
        if self.skipping:
            return
        if tag not in VOID and tag not in {"html", "body"} and is_hidden(tag, attributes):
            self.hidden = (tag, 1)
            return
        if tag in {"table", "tr", "td", "th"}:
            self._close()
        self.tables.start_tag(tag, len(self.blocks))
        if tag in {"title", "meta", "link", "base"}:
            self._head_element(tag, attributes)
        elif tag == "blockquote":
            self._close()
            self.quoting += 1
        elif tag in {"ul", "ol"}:
            self._close()
            self.list_count += 1
            start = attributes.get("start") or "1"
            style = ListStyle.DECIMAL if tag == "ol" else ListStyle.BULLET
            self.lists.append(_List(self.list_count, style, int(start) if start.isdigit() else 1))
        elif tag in BLOCKS:
            self._close()
            self._open(tag)
        elif tag in INLINE_TAGS:
            if tag == "a":
                self.links.append(is_same_site(attributes.get("href") or "", self.head.host()))
            self._inline(f"<{tag}" + _attributes(tag, attrs) + ">")
        elif tag in CONTAINERS:
            self._close()

    def _still_hidden(self, tag: str) -> bool:
        """Whether a start tag is inside a hidden element (a hidden <p> ends at a block)."""
        if self.hidden is None:
            return False
        hidden_tag, depth = self.hidden
        if hidden_tag == "p" and tag in ENDS_PARAGRAPH:
            self.hidden = None
            return False
        self.hidden = (hidden_tag, depth + (tag == hidden_tag))
        return True

    def _head_element(self, tag: str, attributes: dict[str, str | None]) -> None:
        if tag == "title":
            self.in_title = not self.head.title  # the first <title> is the page's
        elif tag == "meta":
            self.head.add_meta(attributes)
        else:
            self.head.add_link(tag, attributes)

    def handle_endtag(self, tag: str) -> None:
        if self.hidden is not None:
            hidden_tag, depth = self.hidden
            if tag == hidden_tag:
                self.hidden = (tag, depth - 1) if depth > 1 else None
            return
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag == "title":
            self.in_title = False
        elif tag in BLOCKS or tag in CONTAINERS or tag in {"ul", "ol"}:
            self._close()
            if tag == "table":
                self.tables.end_table(self.blocks, self.site_links)
            self.tables.end_tag(tag, len(self.blocks))
            self.item = None if tag in {"li", "ul", "ol"} else self.item
            if tag == "blockquote":
                self.quoting = max(0, self.quoting - 1)
            if tag in {"ul", "ol"} and self.lists:
                self.lists.pop()
        elif tag in INLINE_TAGS and tag != "br":
            if tag == "a" and self.links:
                self.links.pop()
            if self.current:
                self.current.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.skipping or self.hidden is not None:
            return
        if self.in_title:
            self.head.title = normalize_space(self.head.title + data)
            return
        if self.current is None and data.strip():
            self._open("p")  # loose text in a container is a paragraph
        if self.current is not None:
            self.current.parts.append(escape(data, quote=False))
            if self.links and self.links[-1]:
                self.current.site_link_characters += len(WORD_CHARACTER.findall(data))

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
            current = self.lists[-1]
            number = current.next_number
            current.next_number += 1
            ordered = current.style != ListStyle.BULLET
            self.current = self.item = _Open(
                BlockKind.LIST_ITEM,
                level=len(self.lists),
                list_id=current.list_id,
                list_style=current.style,
                list_number=number if ordered else None,
            )
        elif tag == "p" and self.item is not None:
            # <li><p>…</p></li>: the item's first paragraph is the item.
            self.current = replace(self.item, parts=[])
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
        if block.kind == BlockKind.LIST_ITEM:
            self.item = None  # the item has its text; a later paragraph in it stays one
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
        self.site_links.append(block.site_link_characters)


def _attributes(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    """Only a link's target and title survive (the sanitizer checks them again)."""
    if tag != "a":
        return ""
    kept = {name: value for name, value in attrs if name in {"href", "title"} and value}
    return "".join(f' {name}="{escape(value)}"' for name, value in kept.items())


def read_page(text: str) -> tuple[list[Block], PageHead]:
    """The blocks of an HTML text (possibly none) and what its head says."""
    reader = _Reader()
    # A source saved on Windows: the browser's text of a <pre> has LF where the file has CR LF,
    # and offsets into the stored text must count the same characters.
    reader.feed(normalize_newlines(text))
    reader.close()
    reader._close()
    while reader.tables.open:  # tables the page never closed
        reader.tables.end_table(reader.blocks, reader.site_links)
    blocks = [
        block
        for block, links in zip(reader.blocks, reader.site_links, strict=True)
        if not _is_navigation(block, links)
    ]
    return blocks, reader.head


def _is_navigation(block: Block, site_links: int) -> bool:
    """A block (not a heading) mostly made of links to the site's other pages."""
    words = len(WORD_CHARACTER.findall(block.text))
    return block.kind != BlockKind.HEADING and site_links >= NAVIGATION_SHARE * words > 0


def read_blocks(text: str) -> tuple[list[Block], str]:
    """The blocks of an HTML text and its page title, as they are (possibly no blocks)."""
    blocks, head = read_page(text)
    return blocks, head.title


def parse_html(data: bytes, *, encoding: str | None = None, title: str = "") -> ParsedDocument:
    """Parse an HTML page or book into a document; `title` overrides the page's own."""
    blocks, head = read_page(decode_html(data, encoding))
    front_matter = back_matter = ""
    header: list[str] | None = None
    # A Project Gutenberg HTML edition: its licence header and footer are set aside, as in the
    # plain-text edition, so both give the same blocks.
    if (gutenberg := set_aside_gutenberg(blocks)) is not None:
        blocks, header = gutenberg.blocks, gutenberg.header
        front_matter, back_matter = gutenberg.front_matter, gutenberg.back_matter
    metadata = page_metadata(head, header)
    chosen = title or metadata.title
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
