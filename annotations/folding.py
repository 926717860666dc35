"""Comparing texts as a reader sees them: two texts that look the same fold to the same string.

Folding (the rule re-anchoring and re-attaching compare by):
- Unicode NFC, one character with its combining marks at a time (a decomposed `é`, `e` +
  U+0301, folds to the composed one);
- each run of whitespace (spaces, no-break spaces, tabs, line breaks) is one space;
- invisible characters are left out: soft hyphens (U+00AD), zero-width spaces (U+200B), word
  joiners (U+2060), byte-order marks (U+FEFF).

A `Folded` text keeps, for every folded character, where it came from in the original, so that
a match in the folded text maps back to offsets (code points) of the original's own characters.
"""

import re
import unicodedata
from bisect import bisect_left

INVISIBLE = "\u00ad\u200b\u2060\ufeff"
# The places where folding changes anything in an NFC text: runs of two or more whitespace or
# invisible characters, whitespace other than a space, and single invisible characters.
_CHANGED = re.compile(rf"[\s{INVISIBLE}]{{2,}}|[^\S ]|[{INVISIBLE}]")


def fold(text: str) -> str:
    """`text` folded (see the module's rule)."""
    return Folded(text).text


class Folded:
    """A text folded, with the map back: `text` is the folded string, `raw` the original.

    `raw_start(i)` is the offset in `raw` where folded character `i` begins (`len(raw)` at the
    end); `raw_end(i)` the offset in `raw` just after folded character `i - 1` (0 at the start).
    A folded span `[i, j)` is the original's `[raw_start(i), raw_end(j))`.
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None
        if unicodedata.is_normalized("NFC", raw):
            if _CHANGED.search(raw) is None:
                self.text = raw  # nothing to fold: the map is the identity
                return
            self.text = self._fold_spaces()
        else:
            self.text = self._fold_clusters()

    def raw_start(self, index: int) -> int:
        if self._starts is None:
            return index
        return self._starts[index] if index < len(self._starts) else len(self.raw)

    def raw_end(self, index: int) -> int:
        if self._ends is None:
            return index
        return self._ends[index - 1] if index > 0 else 0

    def index(self, raw_offset: int) -> int:
        """The folded offset of the first folded character at or after `raw_offset`."""
        if self._starts is None:
            return raw_offset
        return bisect_left(self._starts, raw_offset)

    def _fold_spaces(self) -> str:
        """Fold an NFC text: only whitespace and invisible characters change (fast: the
        unchanged stretches are copied whole)."""
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        done = 0
        for match in _CHANGED.finditer(self.raw):
            pieces.append(self.raw[done : match.start()])
            starts.extend(range(done, match.start()))
            ends.extend(range(done + 1, match.start() + 1))
            if any(c.isspace() for c in match.group()):
                pieces.append(" ")
                starts.append(match.start())
                ends.append(match.end())
            done = match.end()
        pieces.append(self.raw[done:])
        starts.extend(range(done, len(self.raw)))
        ends.extend(range(done + 1, len(self.raw) + 1))
        self._starts, self._ends = starts, ends
        return "".join(pieces)

    def _fold_clusters(self) -> str:
        """Fold any text, one character and its combining marks at a time."""
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        raw = self.raw
        index = 0
        while index < len(raw):
            end = index + 1
            while end < len(raw) and unicodedata.combining(raw[end]):
                end += 1
            cluster = raw[index:end]
            if cluster in INVISIBLE:
                pass
            elif cluster.isspace():
                if pieces and pieces[-1] == " ":
                    ends[-1] = end  # the run goes on (invisible characters do not break it)
                else:
                    pieces.append(" ")
                    starts.append(index)
                    ends.append(end)
            else:
                for character in unicodedata.normalize("NFC", cluster):
                    pieces.append(character)
                    starts.append(index)
                    ends.append(end)
            index = end
        self._starts, self._ends = starts, ends
        return "".join(pieces)
