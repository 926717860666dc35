"""A WordPress comment's body as Markdown, as the blog showed it and nothing more.

WordPress stores a comment as typed (blank lines between paragraphs, a single newline a line
break, a little HTML: links, emphasis, lists, quotations) and shows it through `wpautop`, so
it is given its paragraphs the same way (texts.importers.wpautop) and then written as Markdown
(CommonMark, as annotations.rendering reads it):

- paragraphs are separated by a blank line, and a line break is a hard break (a backslash at
  the end of the line), since a single newline is only a space in Markdown;
- <ul>/<ol> items become "- " and "1. " items, nested by indentation; <blockquote> becomes "> ";
- <strong>/<b> become **…**, <em>/<i> *…*, <del>/<s> ~~…~~; an http(s) link [text](address);
- the comment's own text is escaped, so what it typed never becomes markup: "# not a heading"
  stays text, "1986. A year" is not a list, indentation is not a code block, and *, _, [, <, |
  and ~ show as typed. Other tags keep only their text.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote

from texts.importers.wpautop import autop

# Characters that are markup wherever they stand (CommonMark inlines, GFM tables and ~~).
INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>|~])")
ENTITY = re.compile(r"&(?=#?\w+;)")
# What makes a line a block (CommonMark 4.1–4.5, 5.1–5.2): a heading's #, a setext underline or
# thematic break (=, -), a bullet (-, +), an ordered item's number, a quotation's >.
BLOCK_START = re.compile(r"^(?:(\d{1,9})([.)])|([#=+-]))")
WHITESPACE = re.compile(r"\s+")
EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*", "del": "~~", "s": "~~", "strike": "~~"}
BLOCK_TAGS = frozenset({"p", "div", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt"})


def escape_markdown(text: str) -> str:
    """`text` with every character that is Markdown inline markup backslash-escaped."""
    return ENTITY.sub("\\&", INLINE_MARKUP.sub(r"\\\1", text))


def escape_line_start(line: str) -> str:
    """`line` with a leading block marker ("#", "-", "1986.") escaped."""
    return BLOCK_START.sub(
        lambda m: f"{m[1]}\\{m[2]}" if m[1] is not None else f"\\{m[3]}", line, count=1
    )


def markdown_link(label: str, href: str) -> str:
    """A Markdown link to `href` whose (escaped) text is `label`, or the address itself."""
    target = quote(href, safe="/:?#[]@!$&'*+,;=%~-._")
    target = target.replace("(", "%28").replace(")", "%29")
    return f"[{label.strip() or escape_markdown(href)}]({target})"


@dataclass
class _Container:
    """A list (its item marker, numbered from `number` when ordered) or a quotation."""

    quote: bool
    ordered: bool = False
    number: int = 1
    marker: str = ""  # the current item's marker, until its first line is written
    indent: int = 0  # the width of the current item's marker: its lines' indentation


@dataclass
class _Emphasis:
    tag: str
    line: list[str]
    index: int


@dataclass
class _MarkdownWriter(HTMLParser):
    lines: list[str] = field(default_factory=list)
    line: list[str] = field(default_factory=list)
    containers: list[_Container] = field(default_factory=list)
    emphasis: list[_Emphasis] = field(default_factory=list)
    link: tuple[str, int] | None = None  # the href, and where its text starts in `line`
    broke: bool = False  # the last line ended with a hard break

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.end_line(hard_break=True)
        elif tag in BLOCK_TAGS:
            self.end_block()
        elif tag in {"ul", "ol"}:
            self.end_block()
            start = dict(attrs).get("start") or "1"
            number = int(start) if start.isdigit() else 1
            self.containers.append(_Container(quote=False, ordered=tag == "ol", number=number))
        elif tag == "li":
            self.end_block()
            if self.containers and not self.containers[-1].quote:
                item = self.containers[-1]
                item.marker = f"{item.number}. " if item.ordered else "- "
                item.indent = len(item.marker)
                item.number += 1
        elif tag == "blockquote":
            self.end_block()
            self.containers.append(_Container(quote=True))
        elif tag in EMPHASIS:
            self.emphasis.append(_Emphasis(tag, self.line, len(self.line)))
            self.line.append(EMPHASIS[tag])
        elif tag == "a" and self.link is None:
            href = (dict(attrs).get("href") or "").strip()
            if href.lower().startswith(("http://", "https://")):
                self.link = (href, len(self.line))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS or tag == "li":
            self.end_block()
        elif tag in {"ul", "ol", "blockquote"}:
            self.end_block()
            if self.containers and self.containers[-1].quote == (tag == "blockquote"):
                self.containers.pop()
            self.end_block()  # the blank line after a list
        elif tag in EMPHASIS and self.emphasis and self.emphasis[-1].tag == tag:
            self.close_emphasis(self.emphasis.pop())
        elif tag == "a" and self.link is not None:
            href, start = self.link
            self.link = None
            label = "".join(self.line[start:])
            self.line[start:] = [markdown_link(label, href)]

    def handle_data(self, data: str) -> None:
        self.line.append(escape_markdown(WHITESPACE.sub(" ", data)))

    def close_emphasis(self, opened: _Emphasis) -> None:
        """Close emphasis on the line it opened on, its spaces outside the markers."""
        marker = EMPHASIS[opened.tag]
        if opened.line is not self.line:  # a line break inside: the markers go
            opened.line[opened.index] = ""
            return
        inner = "".join(self.line[opened.index + 1 :])
        words = inner.strip()
        if not words:
            self.line[opened.index :] = [inner]
            return
        leading = inner[: len(inner) - len(inner.lstrip())]
        trailing = inner[len(inner.rstrip()) :]
        self.line[opened.index :] = [f"{leading}{marker}{words}{marker}{trailing}"]

    def end_line(self, *, hard_break: bool = False) -> None:
        """Write the line gathered so far, led by its containers' markers."""
        if self.link is not None:  # a link across a break stays text
            self.link = None
        for opened in self.emphasis:
            if opened.line is self.line:
                opened.line[opened.index] = ""
        self.emphasis = []
        text = "".join(self.line).strip()
        self.line = []
        if not text:
            return
        if self.broke:
            self.lines[-1] += "\\"
        prefix = ""
        for container in self.containers:
            if container.quote:
                prefix += "> "
            elif container.marker:
                prefix, container.marker = prefix + container.marker, ""
            else:
                prefix += " " * container.indent
        self.lines.append(prefix + escape_line_start(text))
        self.broke = hard_break

    def end_block(self) -> None:
        """End the paragraph (or item) being written: a blank line follows it, except in a
        list, whose items stay tight (a blank line would set each apart as a paragraph)."""
        self.end_line()
        self.broke = False
        in_list = any(not container.quote for container in self.containers)
        if self.lines and self.lines[-1] and not in_list:
            self.lines.append("")

    def markdown(self) -> str:
        self.end_block()
        return "\n".join(self.lines).strip()


def comment_markdown(content: str) -> str:
    """A WordPress comment's stored body (`wp:comment_content`) as Markdown; "" for none."""
    writer = _MarkdownWriter()
    writer.feed(autop(content, shortcodes=False))
    writer.close()
    return writer.markdown()
