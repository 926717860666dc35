"""A blog post's comment section, as a text copy of the page leaves it.

WordPress themes end a post with "2 thoughts on “Title”" (or "3 responses to …", "One comment on
…") followed by the comments, numbered, each optionally led by "Name says:" and a date; replies
are indented under the comment they answer.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from texts.importers.parsed import Comment

NUMBER_WORDS = "no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
COMMENTS_HEADING = re.compile(
    rf"(?:\d+|{NUMBER_WORDS})\s+(?:thoughts?|responses?|comments?|repl(?:y|ies))\s+(?:on|to)\s+\S.*",
    re.IGNORECASE,
)
NUMBERED_START = re.compile(r"(?P<indent>[ \t]*)(?P<number>\d{1,4})\.\s+(?P<rest>\S.*)")
AUTHOR_LINE = re.compile(r"\s*(?P<author>\S.{0,79}?)\s+(?:says|said|wrote)\s*:?\s*")
LINK_DEBRIS = re.compile(r"\s*(?:↓\s*)?(?:reply|reply ↓|permalink|edit)\s*", re.IGNORECASE)
SECTION_END = re.compile(r"\s*(?:leave a (?:reply|comment)|cancel reply)\b.*", re.IGNORECASE)
DATE_FORMATS = (
    "%B %d, %Y at %I:%M %p",
    "%B %d, %Y at %H:%M",
    "%d %B %Y at %H:%M",
    "%d %B %Y at %I:%M %p",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d at %H:%M",
    "%B %d, %Y",
    "%Y-%m-%d",
)
MAX_START_INDENT = 3
NESTING_STEP = 4


@dataclass
class _Draft:
    number: int
    indent: int
    author: str = ""
    posted_at: datetime | None = None
    paragraphs: list[list[str]] = field(default_factory=lambda: [[]])
    reply_to: int | None = None


def find_comment_section(lines: list[str]) -> int | None:
    """The index of the line that heads a trailing comment section, or None."""
    for index in range(len(lines) - 1, -1, -1):
        if COMMENTS_HEADING.fullmatch(lines[index].strip()):
            return index
    return None


def parse_comment_section(lines: list[str]) -> list[Comment]:
    """The comments under a comment-section heading, in order, with their nesting."""
    drafts: list[_Draft] = []
    for line in lines:
        if SECTION_END.fullmatch(line):
            break
        if not line.strip():
            if drafts and drafts[-1].paragraphs[-1]:
                drafts[-1].paragraphs.append([])
            continue
        if LINK_DEBRIS.fullmatch(line):
            continue
        if new := _start_of_comment(line, len(drafts) + 1, drafts):
            drafts.append(new)
            continue
        if not drafts:
            drafts.append(_Draft(number=1, indent=_indent(line)))
        draft = drafts[-1]
        if _take_byline(draft, line):
            continue
        draft.paragraphs[-1].append(line.strip())
    return [_finish(draft) for draft in drafts if any(draft.paragraphs[0]) or draft.author]


def _start_of_comment(line: str, expected: int, drafts: list[_Draft]) -> _Draft | None:
    indent = _indent(line)
    match = NUMBERED_START.fullmatch(line)
    if match and int(match["number"]) == expected and indent <= _start_indent(drafts):
        draft = _Draft(number=expected, indent=indent)
        rest = match["rest"]
        if author := AUTHOR_LINE.fullmatch(rest):
            draft.author = author["author"].strip()
        else:
            draft.paragraphs[0].append(rest.strip())
    elif (author := AUTHOR_LINE.fullmatch(line)) and indent <= _start_indent(drafts):
        if drafts and not any(drafts[-1].paragraphs[0]) and not drafts[-1].author:
            drafts[-1].author = author["author"].strip()
            return None
        draft = _Draft(number=expected, indent=indent, author=author["author"].strip())
    else:
        return None
    # A comment indented further than the one before it answers it (or the nearest shallower).
    for earlier in reversed(drafts):
        if earlier.indent < indent:
            draft.reply_to = earlier.number
            break
    return draft


def _start_indent(drafts: list[_Draft]) -> int:
    """The deepest a comment may start: at the margin, or nested one step under the last one."""
    return drafts[-1].indent + NESTING_STEP if drafts else MAX_START_INDENT


def _take_byline(draft: _Draft, line: str) -> bool:
    """Read a date line right after a comment's author line; True when the line was one."""
    if draft.posted_at is not None or any(draft.paragraphs[0]) or len(draft.paragraphs) > 1:
        return False
    if (posted_at := parse_date(line.strip())) is not None:
        draft.posted_at = posted_at
        return True
    return False


def parse_date(text: str) -> datetime | None:
    """A comment's date as blogs print it, as an aware datetime (UTC when no zone is given)."""
    text = " ".join(text.split())
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(text, date_format).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _finish(draft: _Draft) -> Comment:
    paragraphs = [" ".join(p) for p in draft.paragraphs if p]
    return Comment(
        number=draft.number,
        body="\n\n".join(paragraphs),
        author=draft.author,
        reply_to=draft.reply_to,
        posted_at=draft.posted_at,
    )


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())
