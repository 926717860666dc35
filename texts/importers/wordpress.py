"""A WordPress export (WXR, the XML file from Tools → Export): one document per post or page.

Each published or draft post and page becomes a document with its metadata (title, author,
link, date, excerpt) and its approved comments, threaded by the comment each one answers. A post
with no text but with comments is kept (a document of no blocks: its comments are its
discussion); one with neither is left out, as are attachments, menu items, revisions and custom
post types. A post's address is its slug (`wp:post_name`), or, for a draft that has none yet,
its title's slug and its post id, so two such drafts stay two documents. A password-protected
post (`wp:post_password`) says so, for the preview to leave it unchosen.

Post bodies are HTML in WordPress's storage form, where blank lines separate paragraphs and
single newlines are line breaks; they are given their paragraphs back the way WordPress's
`wpautop` does before the HTML importer reads them. Shortcodes and block-editor comments go.
Comment bodies become Markdown (texts.importers.wpcomments).

The XML is parsed by defusedxml, which refuses entity declarations and external references.
"""

import heapq
import xml.etree.ElementTree as ET  # only its ParseError and Element type: defusedxml parses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html import unescape

import defusedxml
import defusedxml.ElementTree
from django.utils.text import slugify

from texts.importers.html import parse_html
from texts.importers.parsed import (
    Comment,
    ImportFailed,
    Metadata,
    ParsedDocument,
)
from texts.importers.plaintext import normalize_space
from texts.importers.wpautop import autop
from texts.importers.wpcomments import comment_markdown
from texts.rendering import text_content

CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
# WXR 1.0, 1.1 and 1.2 differ in the version in these namespaces, so they are matched by family.
WP_PREFIXES = ("http://wordpress.org/export/", "https://wordpress.org/export/")
KEPT_TYPES = frozenset({"post", "page"})
COMMENT_TYPES = frozenset({"", "comment"})
UNTITLED = "Untitled"
ANONYMOUS = "Anonymous"


@dataclass(frozen=True, slots=True)
class WordPressPost:
    """One post or page of an export, with its WordPress identity and its parsed document."""

    post_id: int
    slug: str
    post_type: str
    status: str
    document: ParsedDocument
    password_protected: bool = False


def parse_wordpress(data: bytes) -> list[WordPressPost]:
    """The posts and pages of a WordPress export that have text or comments, in order."""
    channel = _channel(data)
    authors = _authors(channel)
    posts = []
    for item in _children(channel, "", "item"):
        post_type = _text(item, "wp", "post_type")
        if post_type not in KEPT_TYPES:
            continue
        post = _post(item, post_type, authors)
        if post is not None:
            posts.append(post)
    if not posts:
        raise ImportFailed(
            "The export holds no posts or pages with text or comments. Check that the export "
            "was made with “All content” or “Posts” selected in Tools → Export."
        )
    return posts


def _channel(data: bytes) -> ET.Element:
    try:
        root = defusedxml.ElementTree.fromstring(data)
    except defusedxml.DefusedXmlException as error:
        raise ImportFailed(
            "The export declares XML entities, which are refused for safety. A WordPress export "
            "never needs them: export the site again from Tools → Export and import that file."
        ) from error
    except ET.ParseError as error:
        line, column = error.position
        raise ImportFailed(
            f"The file is not well-formed XML (line {line}, column {column + 1}); it may be "
            "cut short or edited by hand. Export the site again from Tools → Export."
        ) from error
    channel = root.find("channel") if root.tag == "rss" else None
    if channel is None:
        raise ImportFailed(
            "This is not a WordPress export (WXR): such a file is RSS with a “channel” of "
            "items. Make one from the site's Tools → Export page."
        )
    return channel


def _post(item: ET.Element, post_type: str, authors: dict[str, str]) -> WordPressPost | None:
    """The post `item` holds, or None when it has neither text nor comments."""
    title = _plain(_text(item, "", "title")) or UNTITLED
    comments = _comments(item)
    html = autop(_text(item, CONTENT, "encoded"))
    try:
        blocks = parse_html(html.encode(), title=title).blocks
    except ImportFailed:
        if not comments:
            return None
        blocks = []
    login = _text(item, DC, "creator").strip()
    metadata = Metadata(
        title=title,
        author=authors.get(login, login),
        source_url=_text(item, "", "link").strip(),
        published_on=_date(_text(item, "wp", "post_date"))
        or _date(_text(item, "wp", "post_date_gmt")),
        description=_plain(_text(item, "excerpt", "encoded")),
    )
    document = ParsedDocument(metadata=metadata, blocks=blocks, comments=comments)
    post_id = _integer(_text(item, "wp", "post_id")) or 0
    return WordPressPost(
        post_id=post_id,
        slug=_text(item, "wp", "post_name").strip() or _draft_slug(title, post_id),
        post_type=post_type,
        status=_text(item, "wp", "status").strip(),
        document=document,
        password_protected=bool(_text(item, "wp", "post_password").strip()),
    )


def _draft_slug(title: str, post_id: int) -> str:
    """The address of a post with no slug (a draft): "<title's slug>-<post id>"."""
    return "-".join(part for part in (slugify(title)[:100], str(post_id)) if part)


def _authors(channel: ET.Element) -> dict[str, str]:
    """Logins to display names, from the export's author list (WXR 1.1 and later)."""
    authors = {}
    for author in _children(channel, "wp", "author"):
        login = _text(author, "wp", "author_login").strip()
        name = normalize_space(_text(author, "wp", "author_display_name"))
        if login and name:
            authors[login] = name
    return authors


# XML helpers: elements are matched by local name and namespace, the WordPress namespace by its
# family ("wp" for http://wordpress.org/export/1.x/, "excerpt" for …/1.x/excerpt/).


def _matches(tag: str, namespace: str, name: str) -> bool:
    uri, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    if local != name:
        return False
    if namespace in {"wp", "excerpt"}:
        in_family = uri.startswith(WP_PREFIXES)
        return in_family and (uri.rstrip("/").endswith("/excerpt") == (namespace == "excerpt"))
    return uri == namespace


def _children(element: ET.Element, namespace: str, name: str) -> list[ET.Element]:
    return [child for child in element if _matches(child.tag, namespace, name)]


def _text(element: ET.Element, namespace: str, name: str) -> str:
    """The text of `element`'s first child called `name`, or ""."""
    for child in element:
        if _matches(child.tag, namespace, name):
            return child.text or ""
    return ""


def _integer(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


def _date(text: str) -> date | None:
    """The date of a WordPress "YYYY-MM-DD HH:MM:SS" time; None for "0000-00-00 …"."""
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _utc(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=UTC)
    except ValueError:
        return None


# Post bodies.


def _plain(html: str) -> str:
    """The text of a title or an excerpt: tags stripped, entities read, whitespace normalised."""
    return normalize_space(text_content(html))


# Comments.


@dataclass
class _Draft:
    comment: Comment
    parent: int | None
    sort_key: tuple[datetime, int] = field(init=False)

    def __post_init__(self) -> None:
        earliest = datetime.min.replace(tzinfo=UTC)
        self.sort_key = (self.comment.posted_at or earliest, self.comment.number)


def _comments(item: ET.Element) -> list[Comment]:
    """The item's approved comments, oldest first but always after the comment they answer."""
    drafts: dict[int, _Draft] = {}
    for element in _children(item, "wp", "comment"):
        draft = _comment(element)
        if draft is not None and draft.comment.number not in drafts:
            drafts[draft.comment.number] = draft
    return _threaded(drafts)


def _comment(element: ET.Element) -> _Draft | None:
    if _text(element, "wp", "comment_approved").strip() != "1":
        return None
    if _text(element, "wp", "comment_type").strip() not in COMMENT_TYPES:
        return None  # pingbacks and trackbacks
    number = _integer(_text(element, "wp", "comment_id"))
    body = comment_markdown(_text(element, "wp", "comment_content"))
    if number is None or not body:
        return None
    posted_at = _utc(_text(element, "wp", "comment_date_gmt")) or _utc(
        _text(element, "wp", "comment_date")
    )
    comment = Comment(
        number=number,
        body=body,
        author=normalize_space(unescape(_text(element, "wp", "comment_author"))) or ANONYMOUS,
        posted_at=posted_at,
    )
    return _Draft(comment, _integer(_text(element, "wp", "comment_parent")) or None)


def _threaded(drafts: dict[int, _Draft]) -> list[Comment]:
    """Earliest first among the comments whose parent is already placed.

    A reply to a comment that is not kept (unapproved, a pingback) becomes a top-level comment,
    and so does the earliest comment of a cycle of replies, so every comment is placed.
    """
    children: dict[int, list[_Draft]] = {}
    ready: list[tuple[tuple[datetime, int], int]] = []
    for number, draft in drafts.items():
        if draft.parent in drafts and draft.parent != number:
            children.setdefault(draft.parent, []).append(draft)
        else:
            draft.parent = None
            heapq.heappush(ready, (draft.sort_key, number))
    placed: list[Comment] = []
    placed_numbers: set[int] = set()
    while len(placed) < len(drafts):
        if not ready:  # only cycles remain: the earliest unplaced comment starts a thread
            _, number = min((d.sort_key, n) for n, d in drafts.items() if n not in placed_numbers)
            drafts[number].parent = None
            ready.append((drafts[number].sort_key, number))
        _, number = heapq.heappop(ready)
        if number in placed_numbers:
            continue
        draft = drafts[number]
        placed.append(
            Comment(
                number=number,
                body=draft.comment.body,
                author=draft.comment.author,
                reply_to=draft.parent,
                posted_at=draft.comment.posted_at,
            )
        )
        placed_numbers.add(number)
        for child in children.get(number, []):
            if child.parent == number:
                heapq.heappush(ready, (child.sort_key, child.comment.number))
    return placed
