"""What an HTML page says about itself, and what it shows no reader.

- The document's details from the page's head: `<title>`, `<meta name="author">`, `description`,
  Dublin Core (`DC.title`, `DC.creator`, `DC.date`, `DC.description`, `DC.rights`, as the DCMI's
  "Expressing Dublin Core metadata using HTML/XHTML meta and link elements" writes them, and
  their `dcterms.*` forms), Open Graph's `og:*`, and the canonical link.
- A Project Gutenberg edition's licence header and footer, set aside as the plain-text importer
  does: everything up to the "*** START OF …" line and from the "*** END OF …" one. In
  Gutenberg's HTML files those lines often sit inside a `<pre>` with the licence text, so a
  preformatted block is split at them first. The header's "Title:" and "Author:" fields are read.
- Elements hidden from readers (the `hidden` attribute, `aria-hidden="true"`, an inline
  `display: none` or `visibility: hidden`, a `<dialog>` that is not open, and the popups and
  `hidden` classes of site templates, such as mdBook's keyboard-help popup).
- Links to other pages of the same site, which make up navigation rows.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from texts.importers.parsed import Block, BlockKind, Metadata
from texts.importers.plaintext import (
    GUTENBERG_END,
    GUTENBERG_START,
    gutenberg_metadata,
    normalize_space,
)
from texts.rendering import escape_text

DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
HIDDEN_STYLE = re.compile(r"(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))", re.I)
# Class names that site templates hide with their style sheets (Bootstrap, Tailwind, mdBook).
HIDDEN_CLASSES = frozenset({"hidden", "hide", "d-none", "is-hidden", "invisible"})
# Popups and modal dialogs appear only when a script opens them.
POPUP = re.compile(r"(?:popup|modal|help-container)", re.I)
# The <meta> names each detail is read from, first found first.
TITLE_NAMES = ("dc.title", "dcterms.title", "og:title")
AUTHOR_NAMES = ("author", "dc.creator", "dcterms.creator", "article:author")
DATE_NAMES = (
    "dc.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.date",
    "dcterms.created",
    "article:published_time",
    "date",
)
DESCRIPTION_NAMES = ("description", "dc.description", "dcterms.description", "og:description")
LICENCE_NAMES = ("dc.rights", "dcterms.rights", "dcterms.license", "license")
URL_NAMES = ("og:url", "dc.identifier", "dcterms.identifier", "dc.source", "dcterms.source")


@dataclass
class PageHead:
    """The head of a page as read: its first `<title>`, each `<meta>`'s contents by lower-cased
    name (or property), and the canonical, base and licence links."""

    title: str = ""
    meta: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # rel ("canonical", "license", "base")

    def add_meta(self, attrs: dict[str, str | None]) -> None:
        """Keep a `<meta name|property=… content=…>`."""
        name = attrs.get("name") or attrs.get("property") or ""
        content = normalize_space(attrs.get("content") or "")
        if name and content:
            self.meta.setdefault(name.strip().lower(), []).append(content)

    def add_link(self, tag: str, attrs: dict[str, str | None]) -> None:
        """Keep a `<link rel=canonical|license>` or `<base>` target."""
        href = (attrs.get("href") or "").strip()
        rels = ["base"] if tag == "base" else (attrs.get("rel") or "").lower().split()
        for rel in rels:
            if href and rel in {"canonical", "license", "base"}:
                self.links.setdefault(rel, href)

    def first(self, names: tuple[str, ...]) -> str:
        """The first content of the first of `names` the page has, else ""."""
        return next((self.meta[name][0] for name in names if name in self.meta), "")

    def host(self) -> str:
        """The page's own host name (from its base, canonical or og:url address), else ""."""
        for url in (self.links.get("base"), self.links.get("canonical"), self.first(("og:url",))):
            if url and (host := urlsplit(url).hostname):
                return host
        return ""


def page_metadata(head: PageHead, gutenberg_header: list[str] | None) -> Metadata:
    """The document's details: a Gutenberg header's fields first, then Dublin Core and the
    other `<meta>` names, then the `<title>`. Several creators are joined with ", "."""
    gutenberg = gutenberg_metadata(gutenberg_header) if gutenberg_header is not None else None
    creators = next((head.meta[name] for name in AUTHOR_NAMES if name in head.meta), [])
    source_url = head.links.get("canonical", "") or next(
        (url for url in _all(head, URL_NAMES) if url.startswith(("http://", "https://"))), ""
    )
    published = (parsed for text in _all(head, DATE_NAMES) if (parsed := leading_date(text)))
    return Metadata(
        title=(gutenberg and gutenberg.title) or head.first(TITLE_NAMES) or head.title,
        author=(gutenberg and gutenberg.author) or ", ".join(dict.fromkeys(creators)),
        source_url=source_url,
        published_on=next(published, None),
        description=head.first(DESCRIPTION_NAMES),
        licence=(gutenberg and gutenberg.licence)
        or head.first(LICENCE_NAMES)
        or head.links.get("license", ""),
    )


def _all(head: PageHead, names: tuple[str, ...]) -> list[str]:
    return [content for name in names for content in head.meta.get(name, [])]


def leading_date(text: str) -> date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD at the start of `text` (W3CDTF, as Dublin Core and EPUB
    write dates); None when it is no date."""
    match = DATE.match(text)
    if match is None:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_hidden(tag: str, attrs: dict[str, str | None]) -> bool:
    """Whether an element is hidden from readers by its own attributes (see the module)."""
    classes = set((attrs.get("class") or "").lower().split())
    return (
        "hidden" in attrs
        or (attrs.get("aria-hidden") or "").strip().lower() == "true"
        or HIDDEN_STYLE.search(attrs.get("style") or "") is not None
        or (tag == "dialog" and "open" not in attrs)
        or bool(classes & HIDDEN_CLASSES)
        or any(POPUP.search(name) for name in [*classes, attrs.get("id") or ""])
    )


def is_same_site(href: str, host: str) -> bool:
    """Whether a link leads to another page of the same site: a relative address (not one
    within the page, `#…`), or an absolute one on the page's own `host`."""
    href = href.strip()
    if not href or href.startswith("#"):
        return False
    parts = urlsplit(href)
    if parts.scheme and parts.scheme.lower() not in {"http", "https"}:
        return False
    return not parts.netloc or (bool(host) and parts.hostname == host)


@dataclass(frozen=True)
class GutenbergParts:
    """A Project Gutenberg edition split: its own blocks, the header's lines, the licence."""

    blocks: list[Block]
    header: list[str]
    front_matter: str
    back_matter: str


def set_aside_gutenberg(blocks: list[Block]) -> GutenbergParts | None:
    """The book's own blocks between Gutenberg's START and END lines; None without a START."""
    blocks = [part for block in blocks for part in _split_at_markers(block)]
    start = next((i for i, block in enumerate(blocks) if _has_marker(block, GUTENBERG_START)), None)
    if start is None:
        return None
    end = next(
        (i for i in range(start + 1, len(blocks)) if _has_marker(blocks[i], GUTENBERG_END)),
        len(blocks),
    )
    header = blocks[: start + 1]
    return GutenbergParts(
        blocks=blocks[start + 1 : end],
        header=[line for block in header for line in block.text.split("\n")],
        front_matter="\n\n".join(block.text for block in header),
        back_matter="\n\n".join(block.text for block in blocks[end:]),
    )


def _has_marker(block: Block, marker: re.Pattern[str]) -> bool:
    return any(marker.match(line.strip()) for line in block.text.split("\n"))


def _split_at_markers(block: Block) -> list[Block]:
    """A preformatted block split before and after each Gutenberg START or END line, so the
    licence beside a marker in one `<pre>` is set aside while the book's lines stay."""
    if block.kind != BlockKind.PREFORMATTED:
        return [block]
    parts: list[list[str]] = [[]]
    for line in block.text.split("\n"):
        if GUTENBERG_START.match(line.strip()) or GUTENBERG_END.match(line.strip()):
            parts += [[line], []]
        else:
            parts[-1].append(line)
    if len(parts) == 1:
        return [block]
    texts = ["\n".join(lines).strip("\n") for lines in parts]
    return [
        Block(kind=BlockKind.PREFORMATTED, text=text, html=escape_text(text))
        for text in texts
        if text.strip()
    ]
