"""Markdown to safe HTML for annotation bodies, rendered once when an annotation is written.

markdown-it-py parses with raw HTML off (HTML in a body stays literal text); nh3 then keeps only
allow-listed tags, attributes and URL schemes, and hardens every link's rel. Images, SVG, MathML
and style never pass.
"""

from collections.abc import Sequence
from functools import cache
from html import escape

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

MAX_BODY_LENGTH = 10_000

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


@cache
def _markdown() -> MarkdownIt:
    # js-default enables tables and strikethrough; html=False keeps raw HTML as text.
    md = MarkdownIt("js-default", {"html": False, "linkify": True, "typographer": False})
    md.enable(["linkify", "table", "strikethrough"])
    md.add_render_rule("image", _image_as_link)
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
    return _cleaner().clean(_markdown().render(source)).strip()
