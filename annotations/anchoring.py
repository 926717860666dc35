"""Placing annotations on text: quotes computed from positions (W3C TextQuoteSelector), and
placing them again when the text changes (re-anchoring, after Hypothesis: the same place, else
the same words nearest their old place, else the most similar words nearby, else an orphan).

The document's text, for quoting, is its paragraphs' plain texts joined by newlines.
"""

from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process

QUOTE_CONTEXT = 32
PARAGRAPH_SEPARATOR = "\n"


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str
    suffix: str


def quote_passage(
    passage: list[str], start_offset: int, end_offset: int, *, before: str = "", after: str = ""
) -> Quote:
    """The quote of a passage spanning `passage` (start to end paragraph texts), with context.

    `start_offset` indexes the first text, `end_offset` the last; `before` and `after` are the
    texts of the paragraphs around the passage, from which the context may come.
    """
    joined = PARAGRAPH_SEPARATOR.join(passage)
    end = len(joined) - len(passage[-1]) + end_offset
    exact = joined[start_offset:end]
    leading = (before + PARAGRAPH_SEPARATOR if before else "") + joined[:start_offset]
    trailing = joined[end:] + (PARAGRAPH_SEPARATOR + after if after else "")
    return Quote(exact=exact, prefix=leading[-QUOTE_CONTEXT:], suffix=trailing[:QUOTE_CONTEXT])


# Re-anchoring: placing an annotation again when its text changes (a new revision).


class Status(StrEnum):
    EXACT = "exact"  # same paragraphs, same offsets, same words
    MOVED = "moved"  # the same words, found elsewhere (the nearest occurrence)
    FUZZY = "fuzzy"  # words close enough, near where they were
    ORPHAN = "orphan"  # nowhere: kept, listed, re-attachable


# A fuzzy match must be this similar to the quote (0-100): at most a quarter of it may differ.
MIN_QUOTE_SIMILARITY = 75
MIN_PARAGRAPH_SIMILARITY = 60
# How far (in characters) from the expected place a fuzzy match is first looked for.
NEARBY = 3000


@dataclass(frozen=True)
class Target:
    """Where an annotation sits: paragraphs (by ordinal) and offsets into their texts."""

    start_ordinal: int
    start_offset: int
    end_ordinal: int
    end_offset: int


@dataclass(frozen=True)
class Placement:
    status: Status
    target: Target | None


class Text:
    """A revision's paragraphs as one string (joined by newlines), with their positions."""

    def __init__(self, paragraphs: dict[int, str]) -> None:
        self.ordinals = sorted(paragraphs)
        self.texts = [paragraphs[n] for n in self.ordinals]
        self.starts: list[int] = []
        position = 0
        for text in self.texts:
            self.starts.append(position)
            position += len(text) + len(PARAGRAPH_SEPARATOR)
        self.full = PARAGRAPH_SEPARATOR.join(self.texts)
        self.index = {ordinal: i for i, ordinal in enumerate(self.ordinals)}
        self.by_text: dict[str, list[int]] = {}
        for ordinal, text in zip(self.ordinals, self.texts, strict=True):
            self.by_text.setdefault(text, []).append(ordinal)

    def position(self, ordinal: int, offset: int) -> int:
        return self.starts[self.index[ordinal]] + offset

    def target(self, start: int, end: int) -> Target:
        """The paragraphs and offsets of a span of the full text."""
        first = bisect_right(self.starts, start) - 1
        last = bisect_right(self.starts, max(start, end - 1)) - 1
        return Target(
            self.ordinals[first],
            start - self.starts[first],
            self.ordinals[last],
            end - self.starts[last],
        )


def reanchor(
    old: Text, new: Text, target: Target, quote: Quote, *, whole_paragraph: bool = False
) -> Placement:
    """Place an annotation made on `old` onto `new`, as exactly as can be."""
    if _same_place(new, target, quote.exact):
        return Placement(Status.EXACT, target)
    if (moved := _same_paragraph_elsewhere(old, new, target)) is not None:
        return Placement(Status.MOVED, moved)
    expected = _expected_position(old, new, target)
    if (found := _nearest_exact(new, quote, expected)) is not None:
        return Placement(Status.MOVED, new.target(found, found + len(quote.exact)))
    if whole_paragraph:
        return _similar_paragraph(new, quote.exact)
    if (span := _fuzzy(new, quote, expected)) is not None:
        return Placement(Status.FUZZY, new.target(*span))
    return Placement(Status.ORPHAN, None)


def _same_place(new: Text, target: Target, exact: str) -> bool:
    if target.start_ordinal not in new.index or target.end_ordinal not in new.index:
        return False
    start = new.position(target.start_ordinal, target.start_offset)
    end = new.position(target.end_ordinal, target.end_offset)
    return new.full[start:end] == exact


def _same_paragraph_elsewhere(old: Text, new: Text, target: Target) -> Target | None:
    """Its paragraph(s), unchanged, at another place (paragraphs inserted, deleted, moved):
    the same offsets in them, at the occurrence nearest the old place."""
    if target.start_ordinal not in old.index or target.end_ordinal not in old.index:
        return None
    first = old.index[target.start_ordinal]
    span = old.index[target.end_ordinal] - first
    candidates = new.by_text.get(old.texts[first], [])

    def neighbours(ordinal: int) -> int:
        """How many of the paragraphs around it are the same as before: repeated paragraphs
        are told apart by their surroundings."""
        at = new.index[ordinal]
        before = at > 0 and first > 0 and new.texts[at - 1] == old.texts[first - 1]
        after_new, after_old = at + span + 1, first + span + 1
        after = (
            after_new < len(new.texts)
            and after_old < len(old.texts)
            and new.texts[after_new] == old.texts[after_old]
        )
        return before + after

    nearest = sorted(candidates, key=lambda n: abs(n - target.start_ordinal))[:MAX_OCCURRENCES]
    ranked = sorted(nearest, key=lambda n: (-neighbours(n), abs(n - target.start_ordinal)))
    for ordinal in ranked:
        at = new.index[ordinal]
        if at + span >= len(new.texts):
            continue
        if new.texts[at : at + span + 1] == old.texts[first : first + span + 1]:
            end = new.ordinals[at + span]
            return Target(ordinal, target.start_offset, end, target.end_offset)
    return None


def _expected_position(old: Text, new: Text, target: Target) -> int:
    """Where the passage would be if the text changed evenly: proportionally placed."""
    if target.start_ordinal in old.index and old.full:
        position = old.position(target.start_ordinal, target.start_offset)
        return round(position * len(new.full) / len(old.full))
    return 0


# Occurrences of a quote looked at, at most: a phrase repeated all through a text is placed
# among the nearest ones.
MAX_OCCURRENCES = 200


def _nearest_exact(new: Text, quote: Quote, expected: int) -> int | None:
    """The occurrence of the quote nearest its expected place, preferring matching context:
    looked for near that place first, then anywhere."""
    if not quote.exact:
        return None
    reach = NEARBY + 2 * len(quote.exact)
    for low, high in ((max(0, expected - reach), expected + reach), (0, len(new.full))):
        best, best_key, seen = 0, None, 0
        start = new.full.find(quote.exact, low, high)
        while start >= 0 and seen < MAX_OCCURRENCES:
            seen += 1
            before = new.full[max(0, start - len(quote.prefix)) : start]
            after = new.full[start + len(quote.exact) :][: len(quote.suffix)]
            context = (before == quote.prefix) + (after == quote.suffix)
            key = (-context, abs(start - expected))
            if best_key is None or key < best_key:
                best, best_key = start, key
            start = new.full.find(quote.exact, start + 1, high)
        if best_key is not None and best_key[0] < 0:
            return best  # found with its context
        if best_key is not None and low == 0:
            return best
    return None


def _fuzzy(new: Text, quote: Quote, expected: int) -> tuple[int, int] | None:
    """The span most like the quote, near its expected place, else anywhere."""
    if not quote.exact.strip():
        return None
    reach = NEARBY + 2 * len(quote.exact)
    for low in (max(0, expected - reach), 0):
        high = len(new.full) if low == 0 else expected + reach
        window = new.full[low:high]
        found = fuzz.partial_ratio_alignment(quote.exact, window, score_cutoff=MIN_QUOTE_SIMILARITY)
        if found is not None:
            start, end = low + found.dest_start, low + found.dest_end
            # The alignment may take in a space at either end: the words are what count.
            while start < end and new.full[start].isspace():
                start += 1
            while end > start and new.full[end - 1].isspace():
                end -= 1
            return (start, end) if start < end else None
    return None


def _similar_paragraph(new: Text, exact: str) -> Placement:
    """A whole-paragraph annotation goes to the most similar paragraph, if one is similar."""
    match = process.extractOne(
        exact, new.texts, scorer=fuzz.ratio, score_cutoff=MIN_PARAGRAPH_SIMILARITY
    )
    if match is None:
        return Placement(Status.ORPHAN, None)
    index = match[2]
    ordinal = new.ordinals[index]
    return Placement(Status.FUZZY, Target(ordinal, 0, ordinal, len(new.texts[index])))
