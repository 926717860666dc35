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
