"""List items in plain text: their markers ("- ", "* ", "1.", "(a)", "iv)"), styles and numbers.

A decimal or bullet marker always starts an item. A letter or roman numeral ("(I)", "A.",
"iv)") does only inside a run of consecutive numbered items: alone, it is a speaker's label in a
catechism-style dialogue ("(I)  No.") or an initial ("A. Smith wrote"), and stays text.
"""

import re
from dataclasses import dataclass

from texts.importers.parsed import ListStyle

BULLET = re.compile(r"(?P<indent>[ \t]*)(?:[-*•–]\s+|-(?=[^\W\d_]))(?P<rest>.*)")
NUMBERED = re.compile(
    r"(?P<indent>[ \t]*)(?:\((?P<paren>[0-9]{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})\)"
    r"|(?P<label>[0-9]{1,3}|[a-zA-Z]|[ivxlcIVXLC]{2,6})[.)])\s+(?P<rest>\S.*)"
)
ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


@dataclass(frozen=True, slots=True)
class Marker:
    """What a line's list marker says: the list's style, the item's number (None for a bullet)
    and the item's text after the marker."""

    style: ListStyle
    number: int | None
    rest: str

    @property
    def needs_a_run(self) -> bool:
        """A letter or roman numeral, which marks an item only among consecutive ones."""
        return self.style not in (ListStyle.BULLET, ListStyle.DECIMAL)

    def follows(self, previous: "Marker | None") -> bool:
        """Whether this item comes next after `previous` in one numbered list."""
        return (
            previous is not None
            and previous.style == self.style
            and previous.number is not None
            and self.number == previous.number + 1
        )


def list_marker(line: str, previous: Marker | None = None) -> Marker | None:
    """The marker of a line that starts a list item, or None; `previous` is the item before,
    which says whether "i" is a letter (after "h") or a numeral."""
    if match := BULLET.fullmatch(line):
        return Marker(ListStyle.BULLET, None, match["rest"].strip())
    if not (match := NUMBERED.fullmatch(line)):
        return None
    style, number = _label_value(match["paren"] or match["label"], previous)
    return Marker(style, number, match["rest"].strip())


def _label_value(label: str, previous: Marker | None) -> tuple[ListStyle, int]:
    if label.isdigit():
        return ListStyle.DECIMAL, int(label)
    alpha = ListStyle.LOWER_ALPHA if label.islower() else ListStyle.UPPER_ALPHA
    roman = ListStyle.LOWER_ROMAN if label.islower() else ListStyle.UPPER_ROMAN
    if len(label) == 1:
        # "i" and "v" are letters in an a, b, c … list, numerals otherwise.
        continues_alpha = previous is not None and previous.style == alpha
        if label.lower() in "ivxlc" and not continues_alpha and label.lower() != "c":
            return roman, _roman_value(label)
        return alpha, ord(label.lower()) - ord("a") + 1
    return roman, _roman_value(label)


def _roman_value(label: str) -> int:
    digits = [ROMAN_VALUES[c] for c in label.lower()]
    return sum(-d if d < nxt else d for d, nxt in zip(digits, [*digits[1:], 0], strict=True))
