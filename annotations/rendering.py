"""Markdown to safe HTML for annotation bodies, rendered once when an annotation is written.

markdown-it-py parses with raw HTML off (HTML in a body stays literal text); nh3 then keeps only
allow-listed tags, attributes and URL schemes, and hardens every link's rel. Images, SVG, MathML
and style never pass. Linkify makes links only of `http(s)://…`, `www.…` and e-mail addresses:
a bare `notes.md` or `setup.py` (country domains) stays text.

Bounded work. Bodies are capped at MAX_BODY_LENGTH characters, and markdown-it-py's cost grows
with them; it is by far the highest where it looks for the end of a link's text: every `[` (a
link, an image, a reference) scans ahead over the tokens up to its `]`, and piles of brackets
(`[`×5000 `]`×5000, `![`×5000, `[a][b`×2000) took 0.4–1.1 s for one 10,000-character body.
Rendering runs under a budget instead: those scans may step over LINK_LABEL_STEPS tokens per body
in all, and once it is spent any further `[` opens no link and is shown as typed. Nothing is
refused, because what a member expects of such a body is their text as they typed it, and that
is what the brackets looked like anyway; real bodies spend a small part of the budget (a link
costs a step per token of its text and one for its `]`: 150 links with an emphasised word each
spend 900 of 3,000), so their links always work. `make bench` measures the worst inputs found
(brackets, emphasis runs, backticks, nested quotes and lists, link openers, autolinks, entities,
long tables); tests check the budget, not the time.
"""

from collections.abc import Sequence
from functools import cache
from html import escape
from types import ModuleType

import nh3
from linkify_it import LinkifyIt
from linkify_it.main import Match
from markdown_it import MarkdownIt, helpers
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

MAX_BODY_LENGTH = 10_000
# Tokens that looking for the ends of link texts may step over, per body (see above).
LINK_LABEL_STEPS = 3_000
_STEPS_LEFT = "readinggroup_link_label_steps_left"  # the budget's key in markdown-it's env

TAGS = frozenset(
    {"p", "br", "hr", "a", "em", "strong", "s", "del", "code", "pre", "blockquote"}
    | {"ol", "ul", "li", "table", "thead", "tbody", "tr", "th", "td"}
    | {f"h{level}" for level in range(1, 7)}
)
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer ugc"


def _image_as_link(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # Images are not shown (no tracking pixels, no off-site loads): a link to them is.
    src = escape(str(tokens[idx].attrGet("src") or ""))
    alt = escape(self.renderInlineAsText(tokens[idx].children or [], options, env) or "image")
    return f'<a href="{src}">{alt}</a>'


def parse_link_label(state: StateInline, start: int, disable_nested: bool = False) -> int:
    """markdown-it-py's parseLinkLabel (the end of the link text opened at `start`, or -1), each
    token it steps over charged to the body's budget: with none left, `[` opens no link."""
    old_pos, level = state.pos, 1
    state.pos = start + 1
    while state.pos < state.posMax and state.env[_STEPS_LEFT] > 0:
        state.env[_STEPS_LEFT] -= 1
        marker = state.src[state.pos]
        if marker == "]":
            level -= 1
            if level == 0:
                end, state.pos = state.pos, old_pos
                return end
        before = state.pos
        state.md.inline.skipToken(state)
        if marker == "[":
            if before == state.pos - 1:
                level += 1  # a `[` of the text, not the start of a token
            elif disable_nested:
                break
    state.pos = old_pos
    return -1


def _budgeted_helpers() -> ModuleType:
    """markdown-it-py's link helpers, with the budgeted `parse_link_label`."""
    module = ModuleType("readinggroup_markdown_helpers")
    vars(module).update(
        parseLinkLabel=parse_link_label,
        parseLinkDestination=helpers.parseLinkDestination,
        parseLinkTitle=helpers.parseLinkTitle,
    )
    return module


class ExplicitLinks(LinkifyIt):
    """Linkify's finder keeping only addresses that say they are one: `http(s)://…`, `www.…`
    and e-mail addresses. `notes.md` or `setup.py` (country domains) are file names."""

    def match(self, text: str) -> list[Match] | None:
        """The links in `text`, of those kinds only (None when there is none, as linkify's)."""
        found = [
            link
            for link in super().match(text) or []
            if link.schema or link.raw.lower().startswith("www.")
        ]
        return found or None


@cache
def _markdown() -> MarkdownIt:
    # js-default enables tables and strikethrough; html=False keeps raw HTML as text.
    md = MarkdownIt("js-default", {"html": False, "linkify": True, "typographer": False})
    md.enable(["linkify", "table", "strikethrough"])
    md.linkify = ExplicitLinks()
    md.add_render_rule("image", _image_as_link)
    md.helpers = _budgeted_helpers()
    return md


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Safe HTML for a Markdown body (callers cap its length first: see MAX_BODY_LENGTH)."""
    return render_with_budget(source)[0]


def render_with_budget(source: str) -> tuple[str, int]:
    """Safe HTML for a Markdown body, and how many of its LINK_LABEL_STEPS it spent."""
    env: EnvType = {_STEPS_LEFT: LINK_LABEL_STEPS}
    html = _cleaner().clean(_markdown().render(source, env)).strip()
    return html, LINK_LABEL_STEPS - env[_STEPS_LEFT]
