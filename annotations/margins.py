"""What the reader's margins show: each block's annotation count (opening its threads), the
notes waiting until the reader posts there and an annotate link; and the density strip of the
discussion along the text. Plain strings and numbers, built for thousands of blocks at once."""

from collections import Counter
from html import escape

from texts.models import Paragraph

DENSITY_BARS = 60


def density(paragraphs: list[Paragraph], counts: Counter[int]) -> list[dict[str, int | str]]:
    """The discussion's density along the text: up to 60 bars of annotation counts, each
    linking to the start of its stretch, with a label that says what the bar shows."""
    if not paragraphs or not counts:
        return []
    size = -(-len(paragraphs) // DENSITY_BARS)  # paragraphs per bar, rounded up
    stretches = [paragraphs[i : i + size] for i in range(0, len(paragraphs), size)]
    totals = [sum(counts.get(p.ordinal, 0) for p in stretch) for stretch in stretches]
    peak = max(totals) or 1
    bars: list[dict[str, int | str]] = []
    for stretch, total in zip(stretches, totals, strict=True):
        height = max(1, round(24 * total / peak)) if total else 0
        first, last = stretch[0].ordinal, stretch[-1].ordinal
        where = f"Paragraphs {first}–{last}" if last != first else f"Paragraph {first}"
        label = f"{where}: {total} annotation{'s' if total != 1 else ''}"
        bars.append(
            {"y": 24 - height, "height": height, "anchor": stretch[0].anchor, "label": label}
        )
    return bars


def margin(
    paragraph: Paragraph,
    *,
    counts: Counter[int],
    held: Counter[int],
    can_annotate: bool,
    urls: dict[str, str],
) -> str:
    """A block's right margin: its annotation count (opening its threads), how many notes wait
    until the reader posts there, and an annotate link."""
    anchor = escape(paragraph.anchor)
    html = ['<span class="margin">']
    if count := counts.get(paragraph.ordinal, 0):
        label = f"{count} annotation{'s' if count != 1 else ''}"
        href = f"{urls['paragraph_url']}{anchor}/"
        html.append(f'<a class="count" href="{href}" aria-label="{label}">{count}</a>')
    if waiting := held.get(paragraph.ordinal, 0):
        label = f"{waiting} note{'s' if waiting != 1 else ''} hidden until you post here"
        html.append(f'<span class="held" title="{label}" aria-label="{label}">{waiting}</span>')
    if can_annotate:
        html.append(
            f'<a class="annotate-link" href="{urls["annotate_url"]}?p={anchor}" '
            f'aria-label="Annotate paragraph {paragraph.ordinal}">+</a>'
        )
    html.append("</span>")
    return "".join(html)
