"""Placing annotations on text: quotes computed from positions (W3C TextQuoteSelector), and
placing them again when the text changes (re-anchoring).

The document's text, for quoting, is its paragraphs' plain texts joined by newlines; offsets
count code points.

The re-anchoring rule (after the Hypothesis client's graded fallback: exact, then fuzzy with
enough context, else orphan). Texts are compared folded (annotations.folding: NFC, whitespace
runs as one space, soft hyphens left out) and matches are mapped back to the new text's offsets.

1. Its paragraphs are still there word for word: kept in order by the paragraph diff, or found
   once elsewhere (or told from look-alikes by an unchanged neighbouring paragraph). Same
   offsets in them: EXACT in the same paragraphs, else MOVED.
2. Else its words, the same when folded, next to their context (the prefix or the suffix at
   least MIN_CONTEXT_SIMILARITY similar), in the changed stretch of text first, then anywhere
   outside the paragraphs the diff kept: MOVED (EXACT if that is where it was).
3. Else what now stands between its unchanged prefix and suffix (a corrected word): FUZZY.
4. Else the words most like it (at least MIN_QUOTE_SIMILARITY similar), starting and ending on
   word boundaries where the quote did, next to their context, in the changed stretch of text
   (at most NEARBY code points either side of where it would be): FUZZY. A whole-paragraph
   annotation goes instead to the changed paragraph most like its own (at least
   MIN_PARAGRAPH_SIMILARITY), next to its context.
   (MIN_QUOTE_SIMILARITY and MIN_CONTEXT_SIMILARITY are annotations.matching's.)
5. Else ORPHAN: it stays on the revision it was made on.

So an annotation is never placed on changed text whose prefix and suffix both fail to match,
and short quotes are never searched for fuzzily beyond the changed stretch.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from rapidfuzz import fuzz

from annotations.diffing import kept_paragraphs
from annotations.folding import Folded, fold
from annotations.matching import Candidate, Search

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
    MOVED = "moved"  # the same words, found elsewhere
    FUZZY = "fuzzy"  # words close enough, where they were, next to their context
    ORPHAN = "orphan"  # nowhere: kept, listed, re-attachable


MIN_PARAGRAPH_SIMILARITY = 60
# How far (in code points) either side of where it would be words are looked for fuzzily.
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

    @cached_property
    def folded(self) -> Folded:
        return Folded(self.full)

    def position(self, ordinal: int, offset: int) -> int:
        return self.starts[self.index[ordinal]] + offset

    def paragraph_at(self, position: int) -> int:
        """The index of the paragraph holding a position of the full text."""
        return max(0, bisect_right(self.starts, position) - 1)

    def target(self, start: int, end: int) -> Target:
        """The paragraphs and offsets of a span of the full text."""
        first = self.paragraph_at(start)
        last = self.paragraph_at(max(start, end - 1))
        return Target(
            self.ordinals[first],
            start - self.starts[first],
            self.ordinals[last],
            end - self.starts[last],
        )

    def is_paragraph(self, target: Target) -> bool:
        """Whether a target covers one whole paragraph."""
        index = self.index.get(target.start_ordinal)
        return (
            index is not None
            and target.end_ordinal == target.start_ordinal
            and target.start_offset == 0
            and target.end_offset == len(self.texts[index])
        )

    def words(self, target: Target) -> str:
        """The text a target covers."""
        start = self.position(target.start_ordinal, target.start_offset)
        return self.full[start : self.position(target.end_ordinal, target.end_offset)]

    def quote(self, target: Target) -> Quote:
        """The quote (exact words and context) of a target, as selections.locate makes it."""
        first, last = self.index[target.start_ordinal], self.index[target.end_ordinal]
        return quote_passage(
            self.texts[first : last + 1],
            target.start_offset,
            target.end_offset,
            before=self.texts[first - 1] if first > 0 else "",
            after=self.texts[last + 1] if last + 1 < len(self.texts) else "",
        )


class Reanchoring:
    """Placing the annotations made on `old` onto `new` (see the module's rule). The paragraph
    diff is made once, for all of them."""

    def __init__(self, old: Text, new: Text) -> None:
        self.old, self.new = old, new
        # Old paragraph index -> new paragraph index, for the paragraphs the diff keeps.
        self.kept = kept_paragraphs(old.texts, new.texts)
        self.kept_old = sorted(self.kept)
        self.kept_new = set(self.kept.values())

    def place(self, target: Target, quote: Quote, *, whole_paragraph: bool = False) -> Placement:
        """Place one annotation (its target and quote on `old`)."""
        old = self.old
        if target.start_ordinal not in old.index or target.end_ordinal not in old.index:
            return Placement(Status.ORPHAN, None)
        first, last = old.index[target.start_ordinal], old.index[target.end_ordinal]
        if (kept := self._kept_paragraphs(first, last, target)) is not None:
            return Placement(Status.EXACT if kept == target else Status.MOVED, kept)
        search = Search(self.new.folded.text, quote.exact, quote.prefix, quote.suffix)
        low, high, expected = self._changed_stretch(first, last, target)
        if (found := self._same_words(search, low, high, expected)) is not None:
            placed = self._target(found)
            return Placement(Status.EXACT if placed == target else Status.MOVED, placed)
        if whole_paragraph:
            return self._similar_paragraph(search, low, high)
        reach = NEARBY + 2 * len(search.exact)
        window = (max(low, expected - reach), min(high, expected + reach))
        for candidates in (search.between_context(*window), search.similar(*window)):
            breaks = quote.exact.count(PARAGRAPH_SEPARATOR)
            fitting = [c for c in candidates if self._breaks(c) <= breaks]
            if (found := _best(fitting, expected)) is not None:
                return Placement(Status.FUZZY, self._target(found))
        return Placement(Status.ORPHAN, None)

    def _kept_paragraphs(self, first: int, last: int, target: Target) -> Target | None:
        """Its paragraphs (old indices `first` to `last`), word for word in the new text: where
        the diff kept them, else found once elsewhere or next to an unchanged neighbour."""
        old, new, span = self.old, self.new, last - first
        at = self.kept.get(first)
        if at is not None and all(self.kept.get(first + i) == at + i for i in range(span + 1)):
            return Target(
                new.ordinals[at], target.start_offset, new.ordinals[at + span], target.end_offset
            )
        passage = old.texts[first : last + 1]
        found = [
            new.index[ordinal]
            for ordinal in new.by_text.get(passage[0], [])
            if new.texts[new.index[ordinal] : new.index[ordinal] + span + 1] == passage
        ]

        def neighbours(index: int) -> int:
            """How many of the paragraphs around it are as they were around the old one."""
            before = index > 0 and first > 0 and new.texts[index - 1] == old.texts[first - 1]
            after_new, after_old = index + span + 1, last + 1
            after = (
                after_new < len(new.texts)
                and after_old < len(old.texts)
                and new.texts[after_new] == old.texts[after_old]
            )
            return before + after

        unique = len(found) == 1 and len(old.by_text[passage[0]]) == 1
        ranked = sorted(found, key=lambda i: (-neighbours(i), abs(i - first)))
        if ranked and (unique or neighbours(ranked[0])):
            start, end = new.ordinals[ranked[0]], new.ordinals[ranked[0] + span]
            return Target(start, target.start_offset, end, target.end_offset)
        return None

    def _changed_stretch(self, first: int, last: int, target: Target) -> tuple[int, int, int]:
        """Where in the new (folded) text its paragraphs' replacement is: between the new places
        of the nearest paragraphs the diff kept before and after them; and where in it the
        annotation would be if the text changed evenly. Returns (low, high, expected)."""
        old, new, folded = self.old, self.new, self.new.folded
        i = bisect_left(self.kept_old, first)
        before = self.kept_old[i - 1] if i > 0 else None
        j = bisect_right(self.kept_old, last)
        after = self.kept_old[j] if j < len(self.kept_old) else None
        low = 0 if before is None else _start_of(new, self.kept[before] + 1)
        high = len(new.full) if after is None else max(low, new.starts[self.kept[after]] - 1)
        old_low = 0 if before is None else _start_of(old, before + 1)
        position = old.position(target.start_ordinal, target.start_offset)
        expected = min(high, low + max(0, position - old_low))
        return folded.index(low), folded.index(high), folded.index(expected)

    def _same_words(self, search: Search, low: int, high: int, expected: int) -> Candidate | None:
        """The same words next to their context: in the changed stretch, else anywhere but in
        the paragraphs the diff kept (they were there before, so they are other words)."""
        if (found := _best(search.occurrences(low, high), expected)) is not None:
            return found
        elsewhere = [
            candidate
            for candidate in search.occurrences(0, len(search.text))
            if not low <= candidate.start < high and not self._in_kept(candidate)
        ]
        return _best(elsewhere, expected)

    def _breaks(self, candidate: Candidate) -> int:
        """How many paragraph breaks a candidate spans (a fuzzy match spans no more than its
        quote did)."""
        folded = self.new.folded
        start, end = folded.raw_start(candidate.start), folded.raw_end(candidate.end)
        return self.new.full.count(PARAGRAPH_SEPARATOR, start, end)

    def _in_kept(self, candidate: Candidate) -> bool:
        start = self.new.folded.raw_start(candidate.start)
        return self.new.paragraph_at(start) in self.kept_new

    def _similar_paragraph(self, search: Search, low: int, high: int) -> Placement:
        """The changed paragraph most like a whole-paragraph annotation's, next to its context."""
        new, folded = self.new, self.new.folded
        first = new.paragraph_at(folded.raw_start(low))
        last = new.paragraph_at(max(0, folded.raw_start(high) - 1))
        candidates = []
        for index in range(first, min(last + 1, len(new.texts))):
            if index in self.kept_new:
                continue
            start = folded.index(new.starts[index])
            end = folded.index(new.starts[index] + len(new.texts[index]))
            similarity = fuzz.ratio(search.exact, fold(new.texts[index]))
            if similarity >= MIN_PARAGRAPH_SIMILARITY:
                candidates.append(search.candidate(start, end, similarity))
        found = _best(candidates, low)
        if found is None:
            return Placement(Status.ORPHAN, None)
        index = new.paragraph_at(folded.raw_start(found.start))
        ordinal = new.ordinals[index]
        return Placement(Status.FUZZY, Target(ordinal, 0, ordinal, len(new.texts[index])))

    def _target(self, found: Candidate) -> Target:
        folded = self.new.folded
        return self.new.target(folded.raw_start(found.start), folded.raw_end(found.end))


def reanchor(
    old: Text, new: Text, target: Target, quote: Quote, *, whole_paragraph: bool = False
) -> Placement:
    """Place one annotation made on `old` onto `new` (a Reanchoring of one)."""
    return Reanchoring(old, new).place(target, quote, whole_paragraph=whole_paragraph)


def _best(candidates: list[Candidate], expected: int) -> Candidate | None:
    """The best candidate that keeps at least one side of its context, if any does."""
    kept = [c for c in candidates if c.has_context]
    return min(kept, key=lambda c: c.rank(expected)) if kept else None


def _start_of(text: Text, index: int) -> int:
    """Where paragraph `index` starts in the full text (its end when there is none)."""
    return text.starts[index] if index < len(text.starts) else len(text.full)
