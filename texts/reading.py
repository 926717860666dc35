"""What the reader shows of a revision: its blocks as semantic HTML, and a contents list.

The blocks are rendered here in Python rather than in a template: a long text has thousands of
them, and the template language spent 65 µs a block (13 variable lookups, each localized) where
this takes a few. Every value put into the markup is escaped; a block's `html` was sanitized at
import.
"""

from collections.abc import Callable, Iterator
from html import escape
from itertools import groupby

from django.utils.safestring import SafeString, mark_safe

from texts.models import Paragraph

Margin = Callable[[Paragraph], str]


def table_of_contents(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The headings, for the contents list."""
    return [p for p in paragraphs if p.kind == Paragraph.Kind.HEADING]


def render_blocks(
    paragraphs: list[Paragraph], margin: Margin | None = None, assigned: range | None = None
) -> SafeString:
    """The blocks in order, each with its number, as headings, paragraphs, quotations and lists.

    `margin(paragraph)` returns trusted HTML placed after a block's text (counts, links);
    blocks whose ordinal is in `assigned` (a reading assignment) are marked.
    """
    html = "".join(_render(paragraphs, margin or (lambda _: ""), assigned or range(0)))
    return mark_safe(html)  # noqa: S308


def _render(paragraphs: list[Paragraph], margin: Margin, assigned: range) -> Iterator[str]:
    for list_id, run in groupby(paragraphs, key=lambda p: p.list_id):
        if list_id is None:
            yield from (_block(p, margin, p.ordinal in assigned) for p in run)
            continue
        items = list(run)
        style = items[0].list_style
        if style == Paragraph.ListStyle.BULLET:
            yield '<ul class="list">'
        else:
            yield f'<ol class="list list-{escape(style)}">'
        for item in items:
            value = f' value="{item.list_number}"' if item.list_number else ""
            classes = "block assigned" if item.ordinal in assigned else "block"
            yield f'<li id="{escape(item.anchor)}" class="{classes}"{value}>{_number(item)}'
            yield f'<span class="text">{item.html}</span>{margin(item)}</li>'
        yield "</ul>" if style == Paragraph.ListStyle.BULLET else "</ol>"


# Each kind's outer element, its classes, and the element holding its text (None: h2–h6).
SHAPES: dict[str, tuple[str, str, str | None]] = {
    Paragraph.Kind.HEADING: ("div", "block block-heading", None),
    Paragraph.Kind.PARAGRAPH: ("div", "block", "p"),
    Paragraph.Kind.QUOTATION: ("blockquote", "block", "p"),
    Paragraph.Kind.PREFORMATTED: ("div", "block block-pre", "pre"),
}


def _block(p: Paragraph, margin: Margin, assigned: bool) -> str:
    outer, classes, inner = SHAPES[p.kind]
    inner = inner or p.heading_tag
    if assigned:
        classes += " assigned"
    return (
        f'<{outer} id="{escape(p.anchor)}" class="{classes}">{_number(p)}'
        f'<{inner} class="text">{p.html}</{inner}>{margin(p)}</{outer}>'
    )


def _number(p: Paragraph) -> str:
    anchor = escape(p.anchor)
    return f'<a class="pnum" href="#{anchor}" aria-label="Paragraph {p.ordinal}">{p.ordinal}</a>'
