"""Finding a quote's words in a text, for re-anchoring: where the same words are, what now stands
between its unchanged context, and which words are most like them; each candidate with how well
its context (TextQuoteSelector prefix and suffix) still matches.

Everything here works on folded text (annotations.folding): offsets are code points of the
folded text. Word characters are Unicode letters, digits and `_` (Python's `\\w`).
"""

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from annotations.folding import fold

# A match must be this similar to the quote (0-100, rapidfuzz's normalized Indel similarity):
# at most a quarter of it may differ.
MIN_QUOTE_SIMILARITY = 75
# A side of the context (prefix or suffix) matches when it is this similar to what it was.
MIN_CONTEXT_SIMILARITY = 60
# The words between an unchanged prefix and suffix are found with this much of each side
# (code points); a side shorter than the minimum (the start of the text) does not count.
BETWEEN_CONTEXT = 16
MIN_BETWEEN_CONTEXT = 8
# Occurrences of a quote looked at, at most: a phrase repeated all through a text is placed
# among the first ones.
MAX_OCCURRENCES = 200
# Fuzzy candidates refined, at most, out of all word starts in the window.
MAX_FUZZY_CANDIDATES = 20

_WORD = re.compile(r"\w")
_WORD_STARTS = re.compile(r"(?<!\w)\w")
_NON_WORDS = re.compile(r"\W")


@dataclass(frozen=True)
class Candidate:
    """A span `[start, end)` of the folded text, how like the quote it is (0-100) and how like
    its old prefix and suffix the text around it is (0-100 each)."""

    start: int
    end: int
    similarity: float
    prefix: float
    suffix: float

    @property
    def has_context(self) -> bool:
        """At least one side of its context still matches."""
        return max(self.prefix, self.suffix) >= MIN_CONTEXT_SIMILARITY

    def rank(self, expected: int) -> tuple[float, int]:
        """For sorting, best first: likeness of words and context, then nearness."""
        score = 50 * self.similarity + 20 * self.prefix + 20 * self.suffix
        return (-score, abs(self.start - expected))


def is_word(character: str) -> bool:
    return bool(_WORD.match(character))


def mid_word(text: str, index: int) -> bool:
    """Whether `index` falls between two word characters of `text`."""
    return 0 < index < len(text) and is_word(text[index - 1]) and is_word(text[index])


class Search:
    """Looking for one quote (folded `exact`, `prefix`, `suffix`) in a folded text."""

    def __init__(self, text: str, exact: str, prefix: str, suffix: str) -> None:
        self.text = text
        self.exact, self.prefix, self.suffix = fold(exact), fold(prefix), fold(suffix)
        # A quote that began (or ended) on a word boundary is only placed on one: its words
        # never start or stop in the middle of another word.
        self.whole_start = not (
            self.prefix and self.exact and mid_word(self.prefix + self.exact, len(self.prefix))
        )
        self.whole_end = not (
            self.suffix and self.exact and mid_word(self.exact + self.suffix, len(self.exact))
        )

    def candidate(self, start: int, end: int, similarity: float = 100) -> Candidate:
        """The span with its context compared with the quote's."""
        before = self.text[max(0, start - len(self.prefix)) : start]
        after = self.text[end : end + len(self.suffix)]
        return Candidate(
            start, end, similarity, _side(self.prefix, before), _side(self.suffix, after)
        )

    def on_word_boundaries(self, start: int, end: int) -> bool:
        return (not self.whole_start or not mid_word(self.text, start)) and (
            not self.whole_end or not mid_word(self.text, end)
        )

    def occurrences(self, low: int, high: int) -> list[Candidate]:
        """The same words, starting in `[low, high)`, on word boundaries as the quote was."""
        found: list[Candidate] = []
        if not self.exact.strip():
            return found
        start = self.text.find(self.exact, low, high + len(self.exact))
        while start >= 0 and len(found) < MAX_OCCURRENCES:
            end = start + len(self.exact)
            if self.on_word_boundaries(start, end):
                found.append(self.candidate(start, end))
            start = self.text.find(self.exact, start + 1, high + len(self.exact))
        return found

    def between_context(self, low: int, high: int) -> list[Candidate]:
        """What now stands between the quote's unchanged prefix and suffix (a corrected word),
        ending by `high`: the last BETWEEN_CONTEXT code points of the prefix followed, within
        twice the quote's length (plus 20), by the first ones of the suffix."""
        prefix, suffix = self.prefix[-BETWEEN_CONTEXT:], self.suffix[:BETWEEN_CONTEXT]
        if len(prefix.strip()) < MIN_BETWEEN_CONTEXT or len(suffix.strip()) < MIN_BETWEEN_CONTEXT:
            return []
        longest = 2 * len(self.exact) + 20
        found: list[Candidate] = []
        at = self.text.find(prefix, max(0, low - len(prefix)), high)
        while at >= 0 and len(found) < MAX_OCCURRENCES:
            start = at + len(prefix)
            end = self.text.find(suffix, start, start + longest + len(suffix))
            if start < end <= high:
                start, end = _trimmed(self.text, start, end)
                if start < end:
                    similarity = fuzz.ratio(self.exact, self.text[start:end])
                    found.append(self.candidate(start, end, similarity))
            at = self.text.find(prefix, at + 1, high)
        return found

    def similar(self, low: int, high: int) -> list[Candidate]:
        """The spans in `[low, high)` most like the quote (at least MIN_QUOTE_SIMILARITY), each
        starting and ending on word boundaries where the quote did."""
        exact = self.exact.strip(" ")
        if not exact or low >= high:
            return []
        window = self.text[low:high]
        pattern = _WORD_STARTS if is_word(exact[0]) else _NON_WORDS
        starts = (
            [m.start() for m in pattern.finditer(window)]
            if self.whole_start
            else range(len(window))
        )
        choices = [window[s : s + len(exact)] for s in starts]
        hits = process.extract(
            exact,
            choices,
            scorer=fuzz.ratio,
            score_cutoff=MIN_QUOTE_SIMILARITY - 15,
            limit=MAX_FUZZY_CANDIDATES,
        )
        found: list[Candidate] = []
        for _choice, _score, index in hits:
            start = low + starts[index]
            if (span := self._best_end(exact, start, high)) is not None:
                found.append(self.candidate(start, span[0], span[1]))
        return found

    def _best_end(self, exact: str, start: int, high: int) -> tuple[int, float] | None:
        """The end for a span starting at `start` that makes it most like the quote, within a
        quarter of the quote's length of it, on a word boundary where the quote's end was."""
        slack = len(exact) // 4 + 2
        best: tuple[int, float] | None = None
        for end in range(
            start + max(1, len(exact) - slack), min(high, start + len(exact) + slack) + 1
        ):
            if self.text[end - 1] == " " or (self.whole_end and mid_word(self.text, end)):
                continue
            score = fuzz.ratio(exact, self.text[start:end])
            if score >= MIN_QUOTE_SIMILARITY and (best is None or score > best[1]):
                best = (end, score)
        return best


def _side(expected: str, actual: str) -> float:
    """How like its old side of context a new one is (0-100): an empty side (the text's start or
    end) matches only another."""
    if not expected or not actual:
        return 100.0 if expected == actual else 0.0
    return fuzz.ratio(expected, actual)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end
