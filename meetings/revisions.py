"""Moving agendas onto a corrected text, as annotations.revisions moves annotations: each agenda
passage and each meeting's reading range is placed by its paragraphs' words (the annotations'
re-anchoring, one whole paragraph at a time), so that it follows them when paragraphs are
inserted, removed or edited. What cannot be placed stays on the revision it was chosen in; the
meeting page flags it to planners ("choose it again") and shows it to nobody by number.

Runs in the same transaction as the import (readinggroup.importing calls it after the
annotations have moved), since annotations must not know about meetings.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from annotations.anchoring import Reanchoring, Status, Target, Text, quote_passage
from meetings.models import AgendaItem, Meeting
from texts.models import Document, Paragraph, Revision


@dataclass(frozen=True)
class Followed:
    """What a re-import did to the agendas: passages and ranges placed, and those left to be
    chosen again."""

    placed: int = 0
    lost: int = 0


def reanchor_meetings(*, document: Document, new: Revision) -> Followed:
    """Place the agenda passages and reading ranges on `document`'s earlier revisions onto
    `new` (its current one); returns how many were placed and how many were lost."""
    passages = AgendaItem.objects.filter(revision__document=document, start_ordinal__isnull=False)
    ranged = Q(range_start__isnull=False) | Q(range_end__isnull=False)
    ranges = Meeting.objects.filter(ranged, revision__document=document)
    items, meetings = list(passages.exclude(revision=new)), list(ranges.exclude(revision=new))
    texts: dict[int, Text] = {}
    diffs: dict[int, Reanchoring] = {}

    def text(revision_id: int) -> Text:
        """A revision's text, read once however many passages were chosen in it."""
        if revision_id not in texts:
            paragraphs = Paragraph.objects.filter(revision_id=revision_id)
            texts[revision_id] = Text(dict(paragraphs.values_list("ordinal", "text")))
        return texts[revision_id]

    def onto_new(revision_id: int) -> Reanchoring:
        """From a revision's text onto the new one: the paragraph diff made once for each."""
        if revision_id not in diffs:
            diffs[revision_id] = Reanchoring(text(revision_id), text(new.pk))
        return diffs[revision_id]

    moved_items, moved_meetings = [], []
    for item in items:
        # The query asks for passages on a revision: neither is ever missing here.
        if item.passage is None or item.revision_id is None:
            continue
        span = place_span(onto_new(item.revision_id), *item.passage)
        if span is not None:
            item.revision, (item.start_ordinal, item.end_ordinal) = new, span
            moved_items.append(item)
    for meeting in meetings:
        if meeting.revision_id is None:
            continue
        old = text(meeting.revision_id)
        # An open end is "from the start" or "to the end": of whatever the text now is.
        start = meeting.range_start or min(old.ordinals, default=0)
        end = meeting.range_end or max(old.ordinals, default=0)
        span = place_span(onto_new(meeting.revision_id), start, end)
        if span is not None:
            meeting.range_start = span[0] if meeting.range_start else None
            meeting.range_end = span[1] if meeting.range_end else None
            meeting.revision = new
            moved_meetings.append(meeting)
    with transaction.atomic():
        AgendaItem.objects.bulk_update(moved_items, ["revision", "start_ordinal", "end_ordinal"])
        Meeting.objects.bulk_update(moved_meetings, ["revision", "range_start", "range_end"])
        # A reading of the whole text simply follows it.
        whole = Meeting.objects.filter(document=document, range_start=None, range_end=None)
        whole.exclude(revision=new).update(revision=new)
    placed = len(moved_items) + len(moved_meetings)
    return Followed(placed=placed, lost=len(items) + len(meetings) - placed)


def place_span(onto: Reanchoring, start: int, end: int) -> tuple[int, int] | None:
    """Paragraphs `start` to `end` of the old text, placed in the new one: their first and last
    paragraphs that the new text still has (a removed one gives way to its neighbour within the
    span). None when none is left, or when they no longer come in order."""
    old = onto.old
    if start not in old.index or end not in old.index:
        return None
    ordinals = old.ordinals[old.index[start] : old.index[end] + 1]
    first = next((p for n in ordinals if (p := place_paragraph(onto, n)) is not None), None)
    if first is None:
        return None
    last = next(p for n in reversed(ordinals) if (p := place_paragraph(onto, n)) is not None)
    return (first, last) if first <= last else None


def place_paragraph(onto: Reanchoring, ordinal: int) -> int | None:
    """Where paragraph `ordinal` of the old text is in the new one: placed as a whole-paragraph
    annotation is (annotations.anchoring's rule); None if nowhere."""
    old = onto.old
    at = old.index[ordinal]
    text = old.texts[at]
    before = old.texts[at - 1] if at > 0 else ""
    after = old.texts[at + 1] if at + 1 < len(old.texts) else ""
    quote = quote_passage([text], 0, len(text), before=before, after=after)
    target = Target(ordinal, 0, ordinal, len(text))
    placement = onto.place(target, quote, whole_paragraph=True)
    if placement.status == Status.ORPHAN or placement.target is None:
        return None
    return placement.target.start_ordinal
