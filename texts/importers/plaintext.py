"""Plain text to blocks: paragraphs, headings, lists, quotations, verse, thematic breaks and a
title page, recognised from layout alone.

Handles one-line-per-paragraph files (text copied from a web page) and hard-wrapped files
(Project Gutenberg), a Project Gutenberg licence header and footer (set aside, not shown), and a
blog post's trailing comment section ("2 thoughts on …"), which becomes comments, not paragraphs.
What single lines are (headings, quotations, breaks, verse, emphasis) is read in
texts.importers.plaintext_lines; list markers in texts.importers.plaintext_lists.
"""

import re
from dataclasses import dataclass, field, replace

from texts.importers.comments import find_comment_section, parse_comment_section
from texts.importers.decoding import decode, split_lines
from texts.importers.parsed import (
    Block,
    BlockKind,
    ImportFailed,
    ListStyle,
    Metadata,
    ParsedDocument,
    break_block,
    line_block,
)
from texts.importers.plaintext_lines import (
    CHAPTER,
    INDENTED_QUOTE,
    MAX_HEADING_CHARS,
    MAX_HEADING_WORDS,
    emphasize,
    indent,
    is_break,
    is_heading,
    is_quotation,
    is_verse,
    unwrap,
)
from texts.importers.plaintext_lists import Marker, list_marker

# A line made only of tabs: what a browser's copy of a bulleted list leaves in place of a bullet.
TAB_BULLET = re.compile(r"\t+")
# Left-overs of a conversion that carry no text; each also ends the list before it.
CONVERSION_MARKER = re.compile(r"(new list|end list|list end|page break|new page)", re.IGNORECASE)
QUOTE_PREFIX = re.compile(r"\s*>\s?")
GUTENBERG_START = re.compile(r"\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG", re.IGNORECASE)
GUTENBERG_END = re.compile(
    r"(?:\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG|End of (?:the )?Project Gutenberg)",
    re.IGNORECASE,
)
GUTENBERG_FIELD = re.compile(r"(Title|Author|Release [Dd]ate|Language|Translator):\s*(.+)")

# A line longer than this is a whole paragraph, never a wrapped piece of one.
MAX_WRAPPED_LINE = 100
# A line of a title page with more words than this that ends a sentence is prose.
TITLE_SENTENCE_WORDS = 4
# Kinds a title page's lines are read as before they are gathered into one title block.
TITLE_PAGE_KINDS = frozenset(
    {BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.QUOTATION, BlockKind.VERSE}
)


@dataclass
class _Chunk:
    """Consecutive non-blank lines, with what the lines before them said about them; or a
    thematic break (no lines)."""

    lines: list[str]
    tab_bullet: bool = False
    breaks_list: bool = False
    thematic_break: bool = False


@dataclass
class _Builder:
    """Collects blocks and numbers the lists they form."""

    blocks: list[Block] = field(default_factory=list)
    list_count: int = 0
    open_list: tuple[int, ListStyle] | None = None

    def add(self, kind: BlockKind, text: str, html: str, level: int | None = None) -> None:
        self.open_list = None
        self.blocks.append(Block(kind=kind, text=text, html=html, level=level))

    def add_block(self, block: Block) -> None:
        self.open_list = None
        self.blocks.append(block)

    def add_item(self, text: str, html: str, style: ListStyle, number: int | None) -> None:
        open_list = self.open_list
        continues = (
            open_list is not None
            and open_list[1] == style
            and (number is None or number == self._next_number())
        )
        if open_list is None or not continues:
            self.list_count += 1
            open_list = self.open_list = (self.list_count, style)
        list_id = open_list[0]
        self.blocks.append(
            Block(
                kind=BlockKind.LIST_ITEM,
                text=text,
                html=html,
                list_id=list_id,
                list_style=style,
                list_number=number,
            )
        )

    def last_marker(self) -> Marker | None:
        """The marker of the block before, when it is a numbered list item."""
        last = self.blocks[-1] if self.blocks else None
        if last is None or last.list_style is None or last.list_number is None:
            return None
        return Marker(last.list_style, last.list_number, "")

    def _next_number(self) -> int | None:
        last = self.blocks[-1] if self.blocks else None
        if last is None or last.list_number is None:
            return None
        return last.list_number + 1

    def close_list(self) -> None:
        self.open_list = None


def parse_text(data: bytes, *, encoding: str | None = None, title: str = "") -> ParsedDocument:
    """Parse a plain-text file into a document; `title` overrides a title found in the text."""
    lines = split_lines(decode(data, encoding))
    lines, front_matter, back_matter, metadata = _set_aside_gutenberg(lines)
    comments_heading, comments = "", []
    if (start := find_comment_section(lines)) is not None:
        comments_heading = lines[start].strip()
        comments = parse_comment_section(lines[start + 1 :])
        lines = lines[:start]
    builder = _Builder()
    chunks = _chunks(lines)
    for index, chunk in enumerate(chunks):
        _add_chunk(builder, chunk, chunks[index + 1] if index + 1 < len(chunks) else None)
    blocks = _with_title_page(_with_heading_levels(builder.blocks))
    found_title, blocks = _take_title(blocks, title or metadata.title)
    if not any(block.text for block in blocks):
        raise ImportFailed("No text was found in the file: it holds only blank lines or markers.")
    return ParsedDocument(
        metadata=Metadata(
            title=title or metadata.title or found_title,
            author=metadata.author,
            licence=metadata.licence,
        ),
        blocks=blocks,
        comments=comments,
        comments_heading=comments_heading,
        front_matter=front_matter,
        back_matter=back_matter,
    )


def _set_aside_gutenberg(lines: list[str]) -> tuple[list[str], str, str, Metadata]:
    """Split off a Project Gutenberg header and footer, reading title and author from the header."""
    bounds = gutenberg_bounds(lines)
    if bounds is None:
        return lines, "", "", Metadata()
    start, end = bounds
    header, body, footer = lines[:start], lines[start:end], lines[end:]
    return body, "\n".join(header).strip(), "\n".join(footer).strip(), gutenberg_metadata(header)


def gutenberg_bounds(texts: list[str]) -> tuple[int, int] | None:
    """Where a Project Gutenberg book's own text starts and ends among `texts` (lines, or an
    HTML edition's blocks): after the "*** START OF …" line, before the "*** END OF …" one."""
    start = next((i for i, text in enumerate(texts) if GUTENBERG_START.match(text.strip())), None)
    if start is None:
        return None
    end = next(
        (i for i in range(start + 1, len(texts)) if GUTENBERG_END.match(texts[i].strip())),
        len(texts),
    )
    return start + 1, end


def gutenberg_metadata(header: list[str]) -> Metadata:
    """Title and author from a Project Gutenberg header's "Title: …" and "Author: …" lines."""
    fields: dict[str, str] = {}
    for line in header:
        if match := GUTENBERG_FIELD.match(line.strip()):
            fields.setdefault(match[1].lower(), match[2].strip())
    return Metadata(
        title=fields.get("title", ""),
        author=fields.get("author", ""),
        licence="Project Gutenberg License (https://www.gutenberg.org/policy/license.html)",
    )


def _chunks(lines: list[str]) -> list[_Chunk]:
    """Group consecutive text lines, noting tab bullets and conversion markers before each group;
    a break line standing after a blank line ("* * *") is a chunk of its own."""
    chunks: list[_Chunk] = []
    current: list[str] = []
    tab_bullet = breaks_list = False
    for line in [*lines, ""]:
        stripped = line.strip()
        is_tab_bullet = TAB_BULLET.fullmatch(line) is not None
        is_marker = CONVERSION_MARKER.fullmatch(stripped) is not None
        if stripped and not is_marker and not (is_break(line) and not current):
            current.append(line.rstrip())
            continue
        if current:
            chunks.append(_Chunk(current, tab_bullet=tab_bullet, breaks_list=breaks_list))
            current, tab_bullet, breaks_list = [], False, False
        if stripped and not is_marker:
            chunks.append(_Chunk([], thematic_break=True))
        tab_bullet = tab_bullet or is_tab_bullet
        breaks_list = breaks_list or is_marker
    return chunks


def _add_chunk(builder: _Builder, chunk: _Chunk, following: _Chunk | None) -> None:
    lines = chunk.lines
    if chunk.thematic_break:
        builder.add_block(break_block())
        return
    if chunk.breaks_list:
        builder.close_list()
    if chunk.tab_bullet:
        builder.add_item(*emphasize(unwrap(lines)), ListStyle.BULLET, None)
        return
    if (marker := list_marker(lines[0])) is not None and _in_a_run(
        builder, marker, lines, following
    ):
        _add_list_items(builder, lines)
        return
    if all(QUOTE_PREFIX.match(line) and line.lstrip().startswith(">") for line in lines):
        quoted = unwrap([QUOTE_PREFIX.sub("", x, count=1) for x in lines])
        builder.add(BlockKind.QUOTATION, *emphasize(quoted))
        return
    if is_verse(lines):
        builder.add_block(line_block(BlockKind.VERSE, [emphasize(x.strip()) for x in lines]))
        return
    if all(indent(line) >= INDENTED_QUOTE for line in lines):
        builder.add(BlockKind.QUOTATION, *emphasize(unwrap(lines)))
        return
    if _is_wrapped(lines):
        _add_paragraph(builder, unwrap(lines))
        return
    # One paragraph per line (text copied from a web page), or a stack of headings.
    for line in lines:
        _add_paragraph(builder, line.strip())


def _in_a_run(
    builder: _Builder, marker: Marker, lines: list[str], following: _Chunk | None
) -> bool:
    """Whether a chunk whose first line has `marker` starts list items: always for bullets and
    decimals; for a letter or numeral, only when the item before, the next marked line of the
    chunk or the next chunk's first line is its neighbour in a numbered list."""
    if not marker.needs_a_run or marker.follows(builder.last_marker()):
        return True
    for line in lines[1:]:
        if (after := list_marker(line, marker)) is not None:
            return after.follows(marker)
    if following is None or not following.lines:
        return False
    after = list_marker(following.lines[0], marker)
    return after is not None and after.follows(marker)


def _add_paragraph(builder: _Builder, line: str) -> None:
    text, html = emphasize(line)
    if is_heading(text):
        builder.add(BlockKind.HEADING, text, html, level=1)
    elif is_quotation(text):
        builder.add(BlockKind.QUOTATION, text, html)
    else:
        builder.add(BlockKind.PARAGRAPH, text, html)


def _add_list_items(builder: _Builder, lines: list[str]) -> None:
    """Split a chunk at each line that starts with a list marker; other lines continue an item."""
    items: list[tuple[Marker, list[str]]] = []
    for line in lines:
        marker = list_marker(line, previous=items[-1][0] if items else None)
        if marker is not None and (not items or indent(line) <= indent(items[-1][1][0]) + 1):
            items.append((marker, [" " * indent(line) + marker.rest]))
        else:
            items[-1][1].append(line)
    for marker, item_lines in items:
        builder.add_item(*emphasize(unwrap(item_lines)), marker.style, marker.number)


def _is_wrapped(lines: list[str]) -> bool:
    """Whether consecutive lines are pieces of one hard-wrapped paragraph."""
    if len(lines) == 1:
        return True
    if any(len(line) > MAX_WRAPPED_LINE for line in lines[:-1]):
        return False
    # A stack of short title-like lines ("CHAPTER I" over "THE BEGINNING") stays separate.
    return not all(is_heading(line.strip()) for line in lines)


def _with_heading_levels(blocks: list[Block]) -> list[Block]:
    """Chapter lines are top-level headings; other headings nest under chapters when there are."""
    if not any(b.kind == BlockKind.HEADING and CHAPTER.fullmatch(b.text) for b in blocks):
        return blocks
    return [
        replace(b, level=1 if CHAPTER.fullmatch(b.text) else 2)
        if b.kind == BlockKind.HEADING
        else b
        for b in blocks
    ]


def _with_title_page(blocks: list[Block]) -> list[Block]:
    """A run of two or more short blocks before the first chapter ("NEWS FROM NOWHERE", "OR",
    "AN EPOCH OF REST", "By William Morris"), one of them a heading, is a title page: one title
    block of their lines, not headings in the contents. What stands around the run before the
    first chapter (a transcriber's note, the printing history, a preface) stays as it is."""
    first = next(
        (i for i, b in enumerate(blocks) if b.kind == BlockKind.HEADING and b.level == 1), None
    )
    if first is None or first < 2 or not CHAPTER.fullmatch(blocks[first].text):
        return blocks
    start = 0
    while start < first:
        end = start
        while end < first and _is_title_block(blocks[end], first=end == start):
            end += 1
        run = blocks[start:end]
        if len(run) >= 2 and any(b.kind == BlockKind.HEADING for b in run):
            lines = [
                (text, html)
                for block in run
                for text, html in zip(block.text.split("\n"), block.html.split("<br>"), strict=True)
            ]
            return [*blocks[:start], line_block(BlockKind.TITLE, lines), *blocks[end:]]
        start = end + 1
    return blocks


def _is_title_block(block: Block, *, first: bool) -> bool:
    """Whether a block may be part of a title page: of a kind a title page's lines are read
    as, every line a title line, and no break before it (but for the run's first block)."""
    return (
        block.kind in TITLE_PAGE_KINDS
        and (first or not block.break_before)
        and all(_is_title_line(text) for text in block.text.split("\n"))
    )


def _is_title_line(text: str) -> bool:
    """A line a title page may have: short, and set in capitals or not a sentence (a few words
    may end in a full stop: "By William Morris.")."""
    words = text.split()
    if len(words) > MAX_HEADING_WORDS or len(text) > MAX_HEADING_CHARS:
        return False
    if text.isupper():  # set in capitals: a title page's line, whatever it ends with
        return True
    return len(words) <= TITLE_SENTENCE_WORDS or not text.rstrip("”’\"')]").endswith(
        (".", "!", "?")
    )


def _take_title(blocks: list[Block], title: str) -> tuple[str, list[Block]]:
    """The first block is the title when it is a heading that matches `title` (or none is given);
    a title page's first line is the title when none is given, and the page stays."""
    if blocks and blocks[0].kind == BlockKind.TITLE:
        return ("" if title else blocks[0].text.split("\n")[0]), blocks
    if not blocks or blocks[0].kind != BlockKind.HEADING:
        return "", blocks
    first = normalize_space(blocks[0].text)
    if not title or first.casefold() == normalize_space(title).casefold():
        return first, blocks[1:]
    return "", blocks


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (no-break spaces included) to one space."""
    return " ".join(text.split())
