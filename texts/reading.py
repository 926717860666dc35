"""What the reader shows of a revision: its blocks as semantic HTML, and a contents list.

The blocks are rendered here in Python rather than in a template: a long text has thousands of
them, and the template language spent 65 µs a block (13 variable lookups, each localized) where
this takes a few. Every value put into the markup is escaped; a block's `html` was sanitized at
import.
"""

from collections.abc import Callable, Iterator
from html import escape

from django.utils.safestring import SafeString, mark_safe

from texts.models import Paragraph

Margin = Callable[[Paragraph], str]


def table_of_contents(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The headings, for the contents list."""
    return [p for p in paragraphs if p.kind == Paragraph.Kind.HEADING]


def render_blocks(
    paragraphs: list[Paragraph], margin: Margin | None = None, assigned: range | None = None
) -> SafeString:
    """The blocks in order, each with its number, as headings, paragraphs, quotations, nested
    lists, verse, title pages and tables, with an <hr> where a thematic break stands.

    `margin(paragraph)` returns trusted HTML placed after a block's text (counts, links);
    blocks whose ordinal is in `assigned` (a reading assignment) are marked.
    """
    html = "".join(_render(paragraphs, margin or (lambda _: ""), assigned or range(0)))
    return mark_safe(html)  # noqa: S308


def _render(paragraphs: list[Paragraph], margin: Margin, assigned: range) -> Iterator[str]:
    # A run of list items (of one list, or of lists nested in one another) is drawn as nested
    # lists; a thematic break before an item starts a new run, as it stands between lists.
    runs = _runs(paragraphs)
    for run in runs:
        if run[0].break_before:
            yield '<hr class="break">'
        if run[0].list_id is None:
            yield _block(run[0], margin, run[0].ordinal in assigned)
        else:
            yield from _lists(run, margin, assigned)


def _runs(paragraphs: list[Paragraph]) -> list[list[Paragraph]]:
    """Each block alone, and consecutive list items together, broken where a break stands."""
    runs: list[list[Paragraph]] = []
    for p in paragraphs:
        joins = runs and runs[-1][-1].list_id is not None and p.list_id is not None
        if joins and not p.break_before:
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


def _lists(items: list[Paragraph], margin: Margin, assigned: range) -> Iterator[str]:
    """Consecutive list items as nested <ul>/<ol>: an item deeper than the one before it (its
    `level`, 1 outermost) opens a list inside that item; one of another list at the same depth
    ends the list before it."""
    open_lists: list[tuple[int | None, int, str]] = []  # (list_id, depth, closing tag)
    for item in items:
        depth = item.level or 1
        while open_lists and (
            open_lists[-1][1] > depth
            or (open_lists[-1][1] == depth and open_lists[-1][0] != item.list_id)
        ):
            yield f"</li>{open_lists.pop()[2]}"
        if open_lists and open_lists[-1][1] == depth:
            yield "</li>"
        else:
            bullet = item.list_style == Paragraph.ListStyle.BULLET
            yield (
                '<ul class="list">'
                if bullet
                else f'<ol class="list list-{escape(item.list_style)}">'
            )
            open_lists.append((item.list_id, depth, "</ul>" if bullet else "</ol>"))
        value = f' value="{item.list_number}"' if item.list_number else ""
        classes = "block assigned" if item.ordinal in assigned else "block"
        yield f'<li id="{escape(item.anchor)}" class="{classes}"{value}>{_number(item)}'
        yield f'<span class="text">{item.html}</span>{margin(item)}'
    while open_lists:
        yield f"</li>{open_lists.pop()[2]}"


# Each kind's outer element, its classes, and the element holding its text (None: h2–h6).
SHAPES: dict[str, tuple[str, str, str | None]] = {
    Paragraph.Kind.HEADING: ("div", "block block-heading", None),
    Paragraph.Kind.PARAGRAPH: ("div", "block", "p"),
    Paragraph.Kind.QUOTATION: ("blockquote", "block", "p"),
    Paragraph.Kind.PREFORMATTED: ("div", "block block-pre", "pre"),
    # Lines joined by <br>: the text's "\n" between them counts as the <br> does.
    Paragraph.Kind.VERSE: ("div", "block block-verse", "p"),
    Paragraph.Kind.TITLE: ("div", "block block-title", "p"),
    # The stored HTML is a whole <table> (texts.rendering.table_html), which no <p> may hold.
    Paragraph.Kind.TABLE: ("div", "block block-table", "div"),
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
