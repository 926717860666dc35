"""Markdown to blocks: headings, paragraphs, quotations, list items, tables and code, with
inline markup.

Parsed by markdown-it-py's CommonMark preset with raw HTML off, so HTML in the source stays
literal, escaped text. Containers (lists, quotations) nest up to MAX_NESTING token levels; what
is deeper is read as plain paragraphs in the innermost container, markers and all, rather than
dropped with the rest of the document as markdown-it's own limit does.

Each block's inline HTML is sanitized and its plain text is taken from that HTML, so the text
always equals what the browser shows.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.paragraph import paragraph
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from texts.importers.decoding import decode
from texts.importers.parsed import (
    Block,
    BlockKind,
    ImportFailed,
    ListStyle,
    Metadata,
    ParsedDocument,
    TableCell,
    table_block,
)
from texts.importers.plaintext import normalize_space
from texts.rendering import escape_text, sanitize_inline, text_content

# GitHub's structural HTML in READMEs, read although raw HTML is off: <details> and <summary>
# (a collapsed section and its title) and <br>. Any other tag stays literal text.
DETAILS_TAG = re.compile(
    r"</?details\b[^<>]*>|<summary\b[^<>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL
)
BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
HTML_TAG = re.compile(r"</?[a-z][^<>]*>", re.IGNORECASE)
# Token levels (a list item is two: list and item; a quotation one). The CommonMark preset's 20
# stops at a 10-level list; 60 keeps a 30-level list, and the parser's recursion stays shallow.
MAX_NESTING = 60


class _FlatteningBlockParser(ParserBlock):
    """markdown-it's block parser, except that at MAX_NESTING the lines of the innermost
    container become paragraphs (their markers kept as text) instead of being skipped, with
    everything after them, to the end of the document."""

    def tokenize(self, state: StateBlock, start_line: int, end_line: int) -> None:
        if state.level < state.md.options.maxNesting:
            super().tokenize(state, start_line, end_line)
            return
        line = start_line
        while line < end_line:
            state.line = line = state.skipEmptyLines(line)
            # The end of the container, as in ParserBlock.tokenize: a line indented less.
            if line >= end_line or state.sCount[line] < state.blkIndent:
                break
            paragraph(state, line, end_line, False)
            line = state.line


def _render_softbreak(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # A wrapped line is one paragraph: the break is a space, never a newline in the text.
    return " "


def _render_hardbreak(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # The default "<br />\n" would count two newlines in the text content.
    return "<br>"


def _render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # Images are not kept, but their alt text is part of the sentence they stand in.
    alt = self.renderInlineAsText(tokens[idx].children, options, env)
    return escape_text(alt.replace("\n", " "))


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING})
    md.enable(["strikethrough", "table"])
    flattening = _FlatteningBlockParser()
    flattening.ruler = md.block.ruler  # the preset's rules, as enabled above
    md.block = flattening
    md.add_render_rule("softbreak", _render_softbreak)
    md.add_render_rule("hardbreak", _render_hardbreak)
    md.add_render_rule("image", _render_image)
    return md


def _with_breaks(children: list[Token]) -> list[Token]:
    """`children` with each <br> typed in their text (as READMEs do in table cells, where a
    line cannot break) made a line break. Code spans are other tokens, so they keep theirs."""
    tokens = []
    for child in children:
        if child.type != "text" or not BR_TAG.search(child.content):
            tokens.append(child)
            continue
        for index, part in enumerate(BR_TAG.split(child.content)):
            if index:
                tokens.append(Token("hardbreak", "br", 0))
            if part:
                tokens.append(Token("text", "", 0, content=part))
    return tokens


@dataclass
class _List:
    list_id: int
    style: ListStyle
    next_number: int | None


@dataclass
class _Item:
    """A list item being read: its paragraphs' HTML, until it is emitted."""

    in_list: _List
    number: int | None
    parts: list[str] = field(default_factory=list)
    emitted: bool = False


@dataclass
class _Walker:
    """Turns markdown-it's block tokens into blocks, numbering lists as it goes."""

    md: MarkdownIt
    env: EnvType
    blocks: list[Block] = field(default_factory=list)
    quote_depth: int = 0
    lists: list[_List] = field(default_factory=list)
    items: list[_Item] = field(default_factory=list)
    list_count: int = 0
    rows: list[list[TableCell]] | None = None  # the table being read
    cell: str | None = None  # the HTML of the cell being read
    section_level: int = 1  # the last heading's (not a summary's): summaries go one below

    def walk(self, tokens: list[Token]) -> list[Block]:
        """Blocks for `tokens`, in document order."""
        for index, token in enumerate(tokens):
            if token.type == "inline":
                self.inline(token, opener=tokens[index - 1])
            elif token.type in {"fence", "code_block"}:
                self.code(token)
            elif token.type == "blockquote_open":
                self.emit_item()
                self.quote_depth += 1
            elif token.type == "blockquote_close":
                self.quote_depth -= 1
            elif token.type in {"bullet_list_open", "ordered_list_open"}:
                self.open_list(token)
            elif token.type in {"bullet_list_close", "ordered_list_close"}:
                self.lists.pop()
            elif token.type in {"list_item_open", "list_item_close"}:
                self.list_item(token)
            elif token.type.startswith(("table_", "tr_", "th_", "td_")):
                self.table_part(token)
        return self.blocks

    def code(self, token: Token) -> None:
        self.emit_item()
        text = token.content.removesuffix("\n")
        if text.strip():
            self.blocks.append(
                Block(kind=BlockKind.PREFORMATTED, text=text, html=escape_text(text))
            )

    def open_list(self, token: Token) -> None:
        # A nested list's items follow its parent item, so the parent is emitted first.
        self.emit_item()
        self.list_count += 1
        if token.type == "ordered_list_open":
            start = token.attrGet("start")
            number = int(start) if start is not None else 1
            self.lists.append(_List(self.list_count, ListStyle.DECIMAL, number))
        else:
            self.lists.append(_List(self.list_count, ListStyle.BULLET, None))

    def list_item(self, token: Token) -> None:
        if token.nesting == 1:
            in_list = self.lists[-1]
            self.items.append(_Item(in_list, in_list.next_number))
            if in_list.next_number is not None:
                in_list.next_number += 1
        else:
            self.emit_item()
            self.items.pop()

    def table_part(self, token: Token) -> None:
        """A GFM table becomes one TABLE block, every cell kept (an empty one too, so the
        columns stay where the header puts them)."""
        if token.type == "table_open":
            self.emit_item()
            self.rows = []
        elif token.type == "tr_open" and self.rows is not None:
            self.rows.append([])
        elif token.type in {"th_open", "td_open"}:
            self.cell = ""
        elif token.type in {"th_close", "td_close"} and self.rows and self.cell is not None:
            cell = TableCell(text_content(self.cell), self.cell, header=token.type == "th_close")
            self.rows[-1].append(cell)
            self.cell = None
        elif token.type == "table_close" and self.rows is not None:
            if (block := table_block(self.rows)) is not None:
                self.blocks.append(block)
            self.rows = None

    def inline(self, token: Token, *, opener: Token) -> None:
        if opener.type == "paragraph_open" and DETAILS_TAG.search(token.content):
            self.details(token.content)
            return
        heading = int(opener.tag.removeprefix("h")) if opener.type == "heading_open" else None
        self.place(self.render(token.children or []), heading=heading)

    def render(self, children: list[Token]) -> str:
        """Safe inline HTML for an inline token's children."""
        # render() of an inline token's children is renderInline() (which the renderer
        # protocol does not name).
        html = self.md.renderer.render(_with_breaks(children), self.md.options, self.env)
        return sanitize_inline(html).strip()

    def details(self, source: str) -> None:
        """A paragraph holding GitHub's <details>/<summary> tags: the tags go, each summary
        becomes a heading one level below the last (its tags taken out), and the text around
        them stays, as paragraphs."""
        start = 0
        for tag in DETAILS_TAG.finditer(source):
            self.place(self.render_source(source[start : tag.start()]))
            if tag[1] is not None:
                summary = self.render_source(HTML_TAG.sub("", tag[1]))
                self.place(summary, heading=min(self.section_level + 1, 6), summary=True)
            start = tag.end()
        self.place(self.render_source(source[start:]))

    def render_source(self, source: str) -> str:
        children = [
            child
            for token in self.md.parseInline(source, self.env)
            for child in token.children or []
        ]
        return self.render(children)

    def place(self, html: str, *, heading: int | None = None, summary: bool = False) -> None:
        """Add a paragraph's (or heading's) inline HTML where the walk is: a table cell, the
        open list item, or a block of its own."""
        if not text_content(html).strip():
            return
        if self.cell is not None:
            self.cell = html
        elif self.items and not self.items[-1].emitted:
            # An item's paragraphs (and a heading in it) join into one item, separated by a
            # space: a loose item reads as one entry. Paragraphs after a nested list, quote
            # or code block stand alone, since the item was emitted before what is nested.
            self.items[-1].parts.append(html)
        elif heading is not None and not self.quote_depth:
            self.add(BlockKind.HEADING, html, level=heading)
            if not summary:
                self.section_level = heading
        else:
            self.add(self.flow_kind(), html)

    def flow_kind(self) -> BlockKind:
        return BlockKind.QUOTATION if self.quote_depth else BlockKind.PARAGRAPH

    def add(self, kind: BlockKind, html: str, *, level: int | None = None) -> None:
        self.blocks.append(Block(kind=kind, text=text_content(html), html=html, level=level))

    def emit_item(self) -> None:
        """Emit the innermost open list item, unless it was emitted already or has no text."""
        if not self.items or self.items[-1].emitted:
            return
        item = self.items[-1]
        item.emitted = True
        if not item.parts:
            return
        html = " ".join(item.parts)
        self.blocks.append(
            Block(
                kind=BlockKind.LIST_ITEM,
                text=text_content(html),
                html=html,
                list_id=item.in_list.list_id,
                list_style=item.in_list.style,
                list_number=item.number,
            )
        )


def parse_markdown(data: bytes, *, encoding: str | None = None, title: str = "") -> ParsedDocument:
    """Parse a Markdown file into a document; `title` overrides a level-1 heading at the start."""
    md = _markdown()
    env: EnvType = {}
    tokens = md.parse(decode(data, encoding), env)
    found_title, blocks = _take_title(_Walker(md, env).walk(tokens), title)
    if not blocks:
        raise ImportFailed(
            "No text was found in the file: it holds only Markdown markup, such as rules or "
            "empty list items, or only a title."
        )
    return ParsedDocument(metadata=Metadata(title=title or found_title), blocks=blocks)


def _take_title(blocks: list[Block], title: str) -> tuple[str, list[Block]]:
    """A first heading that repeats `title` is dropped; with no `title`, a first h1 becomes it."""
    if not blocks or blocks[0].kind != BlockKind.HEADING:
        return "", blocks
    first = normalize_space(blocks[0].text)
    if title:
        matches = first.casefold() == normalize_space(title).casefold()
        return "", blocks[1:] if matches else blocks
    if blocks[0].level == 1:
        return first, blocks[1:]
    return "", blocks
