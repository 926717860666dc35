"""What a plain-text line or paragraph is, read from its layout: a heading, a quotation, a
thematic break, a line of verse; and how wrapped lines join and `_emphasis_` is marked.

The conventions are Project Gutenberg's for its plain-text books (lines hard-wrapped at about
70 characters, `_italic_`, "*       *       *" between scenes, verse set in from the margin)
and those of text copied from web pages (one paragraph per line).
"""

import re
from html import escape
from itertools import pairwise

CHAPTER = re.compile(
    r"(?:CHAPTER|Chapter|BOOK|Book|PART|Part|VOLUME|Volume|SECTION|Section|ACT|Act|CANTO|Canto)"
    r"\s+(?:[IVXLCDM]+|\d+|[A-Z][a-z]+|[A-Z]+)\b[.:]?(?:\s.*)?"
)
# A thematic break on a line of its own: three or more of one of *, -, _, ~, =, #, · or •,
# spaced or not ("*       *       *", "* * *", "***", "-----").
BREAK_LINE = re.compile(r"\s*([*\-_~=#·•])(?:\s*\1){2,}\s*")
# `_words_`: underscores that open before a non-space and close after one, not inside a word
# (so snake_case and a lone "_" stay as typed).
EMPHASIS = re.compile(r"(?<![^\W_])_(?=[^\s_])(?P<words>[^_]*?[^\s_])_(?![^\W_])")
# A line-end hyphen (or Gutenberg's "--" dash) after a letter: the word goes on without a space.
LINE_END_HYPHEN = re.compile(r"[^\W\d_]-{1,2}$")
# Quotation marks: a curly one says which it is; a run of straight ones ('""', a typing slip
# for one) opens or closes by what stands around it.
QUOTE_MARKS = re.compile(r'[“”]|"+')

# Words that cannot end a heading: a line ending with one continues into what follows.
DANGLING = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "because",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "than",
        "that",
        "the",
        "to",
        "via",
        "was",
        "were",
        "with",
    }
)
SENTENCE_END = (".", "!", "?", ";", ",", "…")
MAX_HEADING_WORDS = 10
MAX_HEADING_CHARS = 90
INDENTED_QUOTE = 4
# Verse: lines set in by at least this many columns, each ending short of this column (counting
# its indentation) although the next line's first word would have fitted after it.
VERSE_INDENT = 2
VERSE_WIDTH = 64


def unwrap(lines: list[str]) -> str:
    """Hard-wrapped lines as one line: joined by a space, except after a line-end hyphen that
    follows a letter ("after-" / "lecture" is "after-lecture": the hyphen is kept, as the
    word is a compound; a word split by the typesetter would carry a soft hyphen instead)."""
    text = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        joins = not text or LINE_END_HYPHEN.search(text) is not None
        text += line if joins else f" {line}"
    return text


def emphasize(text: str) -> tuple[str, str]:
    """The plain text and the HTML of `text` with `_words_` as emphasis: the underscores are
    markup (Project Gutenberg's sign for italics), so they leave the text and become <em>."""
    plain: list[str] = []
    html: list[str] = []
    at = 0
    for match in EMPHASIS.finditer(text):
        before = text[at : match.start()]
        plain += [before, match["words"]]
        html += [escape(before, quote=False), f"<em>{escape(match['words'], quote=False)}</em>"]
        at = match.end()
    plain.append(text[at:])
    html.append(escape(text[at:], quote=False))
    return "".join(plain), "".join(html)


def indent(line: str) -> int:
    """The columns a line is set in by (a tab counts 4)."""
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def is_break(line: str) -> bool:
    """A thematic break (a scene separator) on a line of its own."""
    return BREAK_LINE.fullmatch(line) is not None


def is_verse(lines: list[str]) -> bool:
    """Indented lines whose breaks are the author's, not the typesetter's: two or more lines,
    each set in and starting as a line of verse does (not with a lowercase letter, which
    continues a wrapped sentence), where every line but the last ends early although the next
    line's first word would have fitted after it (a hard-wrapped paragraph breaks only when the
    next word does not fit)."""
    if len(lines) < 2 or any(indent(line) < VERSE_INDENT for line in lines):
        return False
    if any(line.strip()[:1].islower() for line in lines):
        return False
    return all(
        len(line.expandtabs(4).rstrip()) + 1 + len(following.split()[0]) <= VERSE_WIDTH
        for line, following in pairwise(lines)
    )


def is_heading(text: str) -> bool:
    """A short line standing alone: a title, not a sentence or a lead-in to what follows."""
    if CHAPTER.fullmatch(text):
        return True
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS or len(text) > MAX_HEADING_CHARS:
        return False
    first = text.lstrip("\"'“‘(")
    if not first[:1].isupper() or text[:1] in "“\"'‘":
        return False
    if text.isupper() and sum(c.isalpha() for c in text) >= 2:
        return not text.endswith((",", ";"))
    # A lowercase "the", "of", "via" at the end leaves the line unfinished ("Build On" is a title).
    if text.rstrip("”’\"')]").endswith(SENTENCE_END) or words[-1].strip(":") in DANGLING:
        return False
    if text.endswith(":"):
        # "Status Quo:" is a heading; "This is false because:" introduces what follows.
        return all(w[:1].isupper() or w.lower() in DANGLING for w in words)
    return True


def is_quotation(text: str) -> bool:
    """A paragraph quoted from elsewhere: it ends with a closing quote that nothing in it opens
    (the end of a passage whose opening quote is paragraphs back, or a citation's closing quote
    after its source: `"…submissive." (Gramsci, page 61.)"`). A paragraph whose quotes pair up
    is dialogue (`"Yes," he said, "I can."`, `“I can.”`) and stays a paragraph."""
    text = text.strip()
    if not text.endswith(("”", '"')):
        return False
    unmatched = open_quote = False
    for match in QUOTE_MARKS.finditer(text):
        opens = match[0] == "“" or (match[0][0] == '"' and _opens(text, match.start(), match.end()))
        if opens:
            open_quote = True
        elif open_quote:
            open_quote = False
        else:
            unmatched = True
    return unmatched


def _opens(text: str, start: int, end: int) -> bool:
    """Whether the straight quote(s) at text[start:end] open a quotation: at the start or after
    a space or an opening bracket or dash, and before a word."""
    after_space = start == 0 or text[start - 1].isspace() or text[start - 1] in "([{—–-"
    return after_space and end < len(text) and not text[end].isspace()
