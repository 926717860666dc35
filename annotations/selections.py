"""Selections: a passage as the reader's browser reports it, checked against a revision's text
and placed on an annotation with its quote (W3C TextPositionSelector and TextQuoteSelector)."""

from dataclasses import dataclass

from annotations.anchoring import Quote, quote_passage
from annotations.errors import AnnotationError
from annotations.models import Annotation
from texts.models import Paragraph, Revision

BAD_PASSAGE = "That passage is not in this text any more. Select it again and retry."
BAD_OFFSETS = "The selection's positions do not fit the text. Select the passage again."
EMPTY_PASSAGE = "The selection is empty: select at least one character."


@dataclass(frozen=True)
class Selection:
    """A passage as the reader's browser reports it: paragraph anchors ("p-12") and character
    offsets into the start and end paragraphs' plain text."""

    start: str
    start_offset: int
    end: str
    end_offset: int


@dataclass(frozen=True)
class Placement:
    """A selection checked against a revision: its end paragraphs, its offsets (the end clamped
    as `locate` explains) and its quote."""

    start: Paragraph
    end: Paragraph
    start_offset: int
    end_offset: int
    quote: Quote


def whole_paragraph(paragraph: Paragraph) -> Selection:
    """The selection of all of `paragraph`'s text."""
    return Selection(paragraph.anchor, 0, paragraph.anchor, len(paragraph.text))


def locate(revision: Revision, selection: Selection) -> Placement:
    """Check a selection against the revision's text and quote it (two queries).

    Offsets count code points, as Python's strings and the W3C TextPositionSelector do. A
    selection ending at offset 0 of a paragraph after its start (a drag that overshoots onto the
    next paragraph's number) selects none of that paragraph: it ends at the end of the one before.
    Raises AnnotationError (BAD_PASSAGE, BAD_OFFSETS, EMPTY_PASSAGE) when it does not fit.
    """
    anchors = [selection.start, selection.end]
    ends = {p.anchor: p for p in revision.paragraphs.filter(anchor__in=anchors)}
    start, end = ends.get(selection.start), ends.get(selection.end)
    if start is None or end is None or start.ordinal > end.ordinal:
        raise AnnotationError(BAD_PASSAGE)
    if not (0 <= selection.start_offset <= len(start.text)) or not (
        0 <= selection.end_offset <= len(end.text)
    ):
        raise AnnotationError(BAD_OFFSETS)
    around = {
        p.ordinal: p
        for p in revision.paragraphs.filter(
            ordinal__gte=start.ordinal - 1, ordinal__lte=end.ordinal + 1
        )
    }
    end_offset = selection.end_offset
    if end.ordinal > start.ordinal and end_offset == 0:
        end = around[end.ordinal - 1]
        end_offset = len(end.text)
    if start.ordinal == end.ordinal and selection.start_offset >= end_offset:
        raise AnnotationError(EMPTY_PASSAGE)
    text = {ordinal: p.text for ordinal, p in around.items()}
    quote = quote_passage(
        [text[n] for n in range(start.ordinal, end.ordinal + 1)],
        selection.start_offset,
        end_offset,
        before=text.get(start.ordinal - 1, ""),
        after=text.get(end.ordinal + 1, ""),
    )
    return Placement(start, end, selection.start_offset, end_offset, quote)


def quote_of(revision: Revision, selection: Selection) -> str:
    """The exact text of a selection, or "" when it does not fit the text."""
    try:
        return locate(revision, selection).quote.exact
    except AnnotationError:
        return ""


def place(annotation: Annotation, revision: Revision, selection: Selection) -> None:
    """Fill in `annotation`'s target (paragraphs, ordinals, offsets, and the quote computed
    from the text), unsaved; raises AnnotationError as `locate` does."""
    placement = locate(revision, selection)
    start, end, quote = placement.start, placement.end, placement.quote
    annotation.start_paragraph, annotation.end_paragraph = start, end
    annotation.start_ordinal, annotation.end_ordinal = start.ordinal, end.ordinal
    annotation.start_offset, annotation.end_offset = placement.start_offset, placement.end_offset
    annotation.exact, annotation.prefix, annotation.suffix = quote.exact, quote.prefix, quote.suffix
