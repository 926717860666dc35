"""Plain text to blocks: paragraphs, headings, lists and quotations recognised from layout alone.

Handles one-line-per-paragraph files (text copied from a web page) and hard-wrapped files
(Project Gutenberg), a Project Gutenberg licence header and footer (set aside, not shown), and a
blog post's trailing comment section ("2 thoughts on …"), which becomes comments, not paragraphs.
"""

import re
from dataclasses import dataclass, field

from texts.importers.comments import find_comment_section, parse_comment_section
from texts.importers.decoding import decode, split_lines
from texts.importers.parsed import (
    Block,
    BlockKind,
    ImportFailed,
    ListStyle,
    Metadata,
    ParsedDocument,
)
from texts.rendering import escape_text

# A line made only of tabs: what a browser's copy of a bulleted list leaves in place of a bullet.
TAB_BULLET = re.compile(r"\t+")
# Left-overs of a conversion that carry no text; each also ends the list before it.
CONVERSION_MARKER = re.compile(r"(new list|end list|list end|page break|new page)", re.IGNORECASE)
BULLET = re.compile(r"(?P<indent>[ \t]*)(?:[-*•–]\s+|-(?=[^\W\d_]))(?P<rest>.*)")
NUMBERED = re.compile(
    r"(?P<indent>[ \t]*)(?:\((?P<paren>[0-9]{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})\)"
    r"|(?P<label>[0-9]{1,3}|[a-zA-Z]|[ivxlcIVXLC]{2,6})[.)])\s+(?P<rest>\S.*)"
)
QUOTE_PREFIX = re.compile(r"\s*>\s?")
CHAPTER = re.compile(
    r"(?:CHAPTER|Chapter|BOOK|Book|PART|Part|VOLUME|Volume|SECTION|Section|ACT|Act|CANTO|Canto)"
    r"\s+(?:[IVXLCDM]+|\d+|[A-Z][a-z]+|[A-Z]+)\b[.:]?(?:\s.*)?"
)
GUTENBERG_START = re.compile(r"\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG", re.IGNORECASE)
GUTENBERG_END = re.compile(
    r"(?:\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG|End of (?:the )?Project Gutenberg)",
    re.IGNORECASE,
)
GUTENBERG_FIELD = re.compile(r"(Title|Author|Release [Dd]ate|Language|Translator):\s*(.+)")

# Words that cannot end a heading: a line ending with one continues into what follows.
DANGLING = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "because",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "than",
        "that",
        "the",
        "to",
        "via",
        "was",
        "were",
        "with",
    }
)
SENTENCE_END = (".", "!", "?", ";", ",", "…")
MAX_HEADING_WORDS = 10
MAX_HEADING_CHARS = 90
# A line longer than this is a whole paragraph, never a wrapped piece of one.
MAX_WRAPPED_LINE = 100
INDENTED_QUOTE = 4


@dataclass
class _Chunk:
    """Consecutive non-blank lines, with what the lines before them said about them."""

    lines: list[str]
    tab_bullet: bool = False
    breaks_list: bool = False


@dataclass
class _Builder:
    """Collects blocks and numbers the lists they form."""

    blocks: list[Block] = field(default_factory=list)
    list_count: int = 0
    open_list: tuple[int, ListStyle] | None = None

    def add(self, kind: BlockKind, text: str, level: int | None = None) -> None:
        self.open_list = None
        self.blocks.append(Block(kind=kind, text=text, html=escape_text(text), level=level))

    def add_item(self, text: str, style: ListStyle, number: int | None) -> None:
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
                html=escape_text(text),
                list_id=list_id,
                list_style=style,
                list_number=number,
            )
        )

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
    for chunk in _chunks(lines):
        _add_chunk(builder, chunk)
    blocks = _with_heading_levels(builder.blocks)
    found_title, blocks = _take_title(blocks, title or metadata.title)
    if not blocks:
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
    """Group consecutive text lines, noting tab bullets and conversion markers before each group."""
    chunks: list[_Chunk] = []
    current: list[str] = []
    tab_bullet = breaks_list = False
    for line in [*lines, ""]:
        stripped = line.strip()
        is_tab_bullet = TAB_BULLET.fullmatch(line) is not None
        is_marker = CONVERSION_MARKER.fullmatch(stripped) is not None
        if stripped and not is_marker:
            current.append(line.rstrip())
            continue
        if current:
            chunks.append(_Chunk(current, tab_bullet=tab_bullet, breaks_list=breaks_list))
            current, tab_bullet, breaks_list = [], False, False
        tab_bullet = tab_bullet or is_tab_bullet
        breaks_list = breaks_list or is_marker
    return chunks


def _add_chunk(builder: _Builder, chunk: _Chunk) -> None:
    lines = chunk.lines
    if chunk.breaks_list:
        builder.close_list()
    if chunk.tab_bullet:
        builder.add_item(_unwrap(lines), ListStyle.BULLET, None)
        return
    if _list_marker(lines[0]) is not None:
        _add_list_items(builder, lines)
        return
    if all(QUOTE_PREFIX.match(line) and line.lstrip().startswith(">") for line in lines):
        builder.add(BlockKind.QUOTATION, _unwrap([QUOTE_PREFIX.sub("", x, count=1) for x in lines]))
        return
    if all(_indent(line) >= INDENTED_QUOTE for line in lines):
        builder.add(BlockKind.QUOTATION, _unwrap(lines))
        return
    if _is_wrapped(lines):
        _add_paragraph(builder, _unwrap(lines))
        return
    # One paragraph per line (text copied from a web page), or a stack of headings.
    for line in lines:
        _add_paragraph(builder, line.strip())


def _add_paragraph(builder: _Builder, text: str) -> None:
    if _is_heading(text):
        builder.add(BlockKind.HEADING, text, level=1)
    elif _is_quotation(text):
        builder.add(BlockKind.QUOTATION, text)
    else:
        builder.add(BlockKind.PARAGRAPH, text)


def _add_list_items(builder: _Builder, lines: list[str]) -> None:
    """Split a chunk at each line that starts with a list marker; other lines continue an item."""
    items: list[tuple[tuple[ListStyle, int | None], list[str]]] = []
    for line in lines:
        marker = _list_marker(line, previous=items[-1][0] if items else None)
        if marker is not None and (not items or _indent(line) <= _indent(items[-1][1][0]) + 1):
            style, number, rest = marker
            items.append(((style, number), [" " * _indent(line) + rest]))
        else:
            items[-1][1].append(line)
    for (style, number), item_lines in items:
        builder.add_item(_unwrap(item_lines), style, number)


def _list_marker(
    line: str, previous: tuple[ListStyle, int | None] | None = None
) -> tuple[ListStyle, int | None, str] | None:
    """The list style, number and text of a line that starts a list item, or None."""
    if match := BULLET.fullmatch(line):
        return ListStyle.BULLET, None, match["rest"].strip()
    if not (match := NUMBERED.fullmatch(line)):
        return None
    label = match["paren"] or match["label"]
    style, number = _label_value(label, previous)
    return style, number, match["rest"].strip()


def _label_value(
    label: str, previous: tuple[ListStyle, int | None] | None
) -> tuple[ListStyle, int]:
    if label.isdigit():
        return ListStyle.DECIMAL, int(label)
    alpha = ListStyle.LOWER_ALPHA if label.islower() else ListStyle.UPPER_ALPHA
    roman = ListStyle.LOWER_ROMAN if label.islower() else ListStyle.UPPER_ROMAN
    if len(label) == 1:
        # "i" and "v" are letters in an a, b, c … list, numerals otherwise.
        continues_alpha = previous is not None and previous[0] == alpha
        if label.lower() in "ivxlc" and not continues_alpha and label.lower() != "c":
            return roman, _roman_value(label)
        return alpha, ord(label.lower()) - ord("a") + 1
    return roman, _roman_value(label)


def _roman_value(label: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    digits = [values[c] for c in label.lower()]
    return sum(-d if d < nxt else d for d, nxt in zip(digits, [*digits[1:], 0], strict=True))


def _is_wrapped(lines: list[str]) -> bool:
    """Whether consecutive lines are pieces of one hard-wrapped paragraph."""
    if len(lines) == 1:
        return True
    if any(len(line) > MAX_WRAPPED_LINE for line in lines[:-1]):
        return False
    # A stack of short title-like lines ("CHAPTER I" over "THE BEGINNING") stays separate.
    return not all(_is_heading(line.strip()) for line in lines)


def _unwrap(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines if line.strip())


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _is_heading(text: str) -> bool:
    """A short line standing alone: a title, not a sentence or a lead-in to what follows."""
    if CHAPTER.fullmatch(text):
        return True
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS or len(text) > MAX_HEADING_CHARS:
        return False
    first = text.lstrip("\"'“‘(")
    if not first[:1].isupper() or text[:1] in "“\"'‘":
        return False
    if text.isupper() and sum(c.isalpha() for c in text) >= 2:
        return not text.endswith((",", ";"))
    # A lowercase "the", "of", "via" at the end leaves the line unfinished ("Build On" is a title).
    if text.rstrip("”’\"')]").endswith(SENTENCE_END) or words[-1].strip(":") in DANGLING:
        return False
    if text.endswith(":"):
        # "Status Quo:" is a heading; "This is false because:" introduces what follows.
        return all(w[:1].isupper() or w.lower() in DANGLING for w in words)
    return True


def _is_quotation(text: str) -> bool:
    """A paragraph quoted from elsewhere: it ends with a closing quote that nothing in it opens."""
    text = text.strip()
    if text.endswith("”") and "“" not in text:
        return True
    if text.startswith("“") and text.endswith("”") and text.count("“") == 1:
        return True
    return len(text) > 1 and text.startswith('"') and text.endswith('"')


def _with_heading_levels(blocks: list[Block]) -> list[Block]:
    """Chapter lines are top-level headings; other headings nest under chapters when there are."""
    if not any(b.kind == BlockKind.HEADING and CHAPTER.fullmatch(b.text) for b in blocks):
        return blocks
    return [
        Block(kind=b.kind, text=b.text, html=b.html, level=1 if CHAPTER.fullmatch(b.text) else 2)
        if b.kind == BlockKind.HEADING
        else b
        for b in blocks
    ]


def _take_title(blocks: list[Block], title: str) -> tuple[str, list[Block]]:
    """The first block is the title when it is a heading that matches `title` (or none is given)."""
    if not blocks or blocks[0].kind != BlockKind.HEADING:
        return "", blocks
    first = normalize_space(blocks[0].text)
    if not title or first.casefold() == normalize_space(title).casefold():
        return first, blocks[1:]
    return "", blocks


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (no-break spaces included) to one space."""
    return " ".join(text.split())
