"""Comparing texts as a reader sees them: two texts that look the same fold to the same string.

Folding (the rule re-anchoring and re-attaching compare by):
- Unicode NFC, one character with its combining marks at a time (a decomposed `é`, `e` +
  U+0301, folds to the composed one);
- each run of whitespace (spaces, no-break spaces, tabs, line breaks) is one space;
- invisible characters are left out: soft hyphens (U+00AD), zero-width spaces (U+200B), word
  joiners (U+2060), byte-order marks (U+FEFF).

A `Folded` text keeps the map back to the original, so that a match in the folded text maps to
offsets (code points) of the original's own characters. The map is a list of the places folding
changed (few in most texts), so folding a 5 MB book costs a few copies of it, not a list per
character.
"""

import re
import sys
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

INVISIBLE = "\u00ad\u200b\u2060\ufeff"
# Every whitespace character becomes a space, one for one.
_SPACES = {c: " " for c in range(sys.maxunicode + 1) if chr(c).isspace()}
# The places where folding changes a text's length: runs of two or more whitespace or invisible
# characters, and single invisible characters.
_RUNS = re.compile(rf"[\s{INVISIBLE}]{{2,}}|[{INVISIBLE}]")


def fold(text: str) -> str:
    """`text` folded (see the module's rule)."""
    return Folded(text).text


@dataclass(frozen=True)
class _Change:
    """Original characters `[raw, raw + raw_length)` folded to `length` characters at
    `folded`."""

    folded: int
    raw: int
    length: int
    raw_length: int


class Folded:
    """A text folded, with the map back: `text` is the folded string, `raw` the original.

    `raw_start(i)` is the offset in `raw` where folded character `i` begins (`len(raw)` at the
    end); `raw_end(i)` the offset in `raw` just after folded character `i - 1` (0 at the start);
    so a folded span `[i, j)` is the original's `[raw_start(i), raw_end(j))`. `index(r)` is the
    folded offset of the first folded character at or after original offset `r`.
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        edits = _edits(raw)
        pieces: list[str] = []
        self._changes: list[_Change] = []
        done = folded = 0
        for start, end, replacement in edits:
            pieces.append(raw[done:start])
            folded += start - done
            self._changes.append(_Change(folded, start, len(replacement), end - start))
            pieces.append(replacement)
            folded += len(replacement)
            done = end
        pieces.append(raw[done:])
        self.text = "".join(pieces).translate(_SPACES)
        self._folded_keys = [c.folded for c in self._changes]
        self._raw_keys = [c.raw for c in self._changes]

    def raw_start(self, index: int) -> int:
        if index >= len(self.text):
            return len(self.raw)
        change = _last(self._changes, self._folded_keys, index)
        if change is None:
            return index
        if index < change.folded + change.length:
            return change.raw  # inside a change: where its original characters begin
        return change.raw + change.raw_length + index - change.folded - change.length

    def raw_end(self, index: int) -> int:
        if index <= 0:
            return 0
        change = _last(self._changes, self._folded_keys, index - 1)
        if change is not None and index - 1 < change.folded + change.length:
            return change.raw + change.raw_length  # inside a change: where its characters end
        return self.raw_start(index - 1) + 1

    def index(self, raw_offset: int) -> int:
        change = _last(self._changes, self._raw_keys, raw_offset)
        if change is None:
            return raw_offset
        if raw_offset == change.raw:
            return change.folded
        if raw_offset < change.raw + change.raw_length:
            return change.folded + change.length  # inside a change: the character after it
        return change.folded + change.length + raw_offset - change.raw - change.raw_length


def _last(changes: list[_Change], keys: list[int], at: int) -> _Change | None:
    """The last change whose key (its folded or its original offset) is at or before `at`."""
    i = bisect_right(keys, at)
    return changes[i - 1] if i else None


def _edits(raw: str) -> list[tuple[int, int, str]]:
    """The changes folding makes, in order: (start, end, replacement) in `raw`'s offsets."""
    edits = []
    for match in _RUNS.finditer(raw):
        spaced = any(c.isspace() for c in match.group())
        edits.append((match.start(), match.end(), " " if spaced else ""))
    if unicodedata.is_normalized("NFC", raw):
        return edits
    line_start = 0
    for line in raw.split("\n"):
        if not unicodedata.is_normalized("NFC", line):
            edits.extend(_composed(line, line_start))
        line_start += len(line) + 1
    return sorted(edits)


def _composed(line: str, offset: int) -> list[tuple[int, int, str]]:
    """The characters with combining marks whose NFC form differs, in a line starting at
    `offset`."""
    edits = []
    index = 0
    while index < len(line):
        end = index + 1
        while end < len(line) and unicodedata.combining(line[end]):
            end += 1
        cluster = line[index:end]
        composed = unicodedata.normalize("NFC", cluster)
        if composed != cluster and not any(c.isspace() or c in INVISIBLE for c in cluster):
            edits.append((offset + index, offset + end, composed))
        index = end
    return edits
