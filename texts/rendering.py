"""Safe HTML for document blocks: escaped plain text, or inline markup sanitized by nh3.

A block's HTML must have exactly its plain text as text content, because selections made in the
browser are measured on the rendered text and stored as offsets into the plain text.
"""

from functools import cache
from html import escape
from html.parser import HTMLParser

import nh3

# Inline markup a document's paragraphs may keep (from Markdown or HTML sources).
INLINE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "br",
        "cite",
        "code",
        "del",
        "em",
        "i",
        "mark",
        "q",
        "s",
        "small",
        "strong",
        "sub",
        "sup",
        "u",
    }
)
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@cache
def _inline_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(INLINE_TAGS),
        attributes={"a": {"href", "title"}, "abbr": {"title"}},
        url_schemes=set(URL_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def escape_text(text: str) -> str:
    """HTML for a block of plain text: escaped, nothing interpreted."""
    return escape(text, quote=False)


def sanitize_inline(html: str) -> str:
    """Keep only allow-listed inline markup, link targets with safe schemes, no comments."""
    return _inline_cleaner().clean(html)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")


def text_content(html: str) -> str:
    """The text a browser shows for `html` (its textContent, with <br> as a newline)."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return "".join(extractor.parts)


def table_html(rows: list[list[tuple[str, bool]]]) -> str:
    """A <table> of rows of cells, each (safe inline HTML, is a header cell), as a TABLE block's
    HTML. The separators of the block's text sit inside the cells, at their end: a tab after
    each cell but a row's last, a newline after each row's last cell but the table's last. So
    the table's text content is the block's text (cells joined by tabs, rows by newlines), while
    the browser collapses that trailing white space and draws only the cells. Leading rows of
    header cells only form the <thead>."""
    head = 0
    while head < len(rows) and all(header for _, header in rows[head]):
        head += 1
    parts = ["<table>"]
    for index, row in enumerate(rows):
        if index == head and index < len(rows):
            parts.append("<tbody>")
        elif index == 0:
            parts.append("<thead>")
        parts.append("<tr>")
        for column, (html, header) in enumerate(row):
            tag = "th" if header else "td"
            last_column = column == len(row) - 1
            end = "\t" if not last_column else ("\n" if index < len(rows) - 1 else "")
            parts.append(f"<{tag}>{html}{end}</{tag}>")
        parts.append("</tr>")
        if index == head - 1:
            parts.append("</thead>")
    if head < len(rows):
        parts.append("</tbody>")
    parts.append("</table>")
    return "".join(parts)
