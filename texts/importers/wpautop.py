"""WordPress's paragraph rules (`wpautop`, in wp-includes/formatting.php): a post body as
WordPress stores it — blank lines between paragraphs, single newlines as line breaks, shortcodes
in square brackets — turned into the HTML WordPress shows. Pure functions on strings.
"""

import itertools
import re

from texts.importers.decoding import normalize_newlines

# The block-level tags of WordPress's wpautop: a chunk starting with one is not wrapped in <p>.
AUTOP_BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|"
    "area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    "hgroup|header|footer|nav|figure|figcaption|details|menu|summary|script|noscript|iframe"
)
BLOCK_OPENING = re.compile(rf"(<(?:{AUTOP_BLOCKS})[\s/>])", re.IGNORECASE)
BLOCK_CLOSING = re.compile(rf"(</(?:{AUTOP_BLOCKS})>)", re.IGNORECASE)
STARTS_WITH_BLOCK = re.compile(rf"</?(?:{AUTOP_BLOCKS})[\s/>]|\x00", re.IGNORECASE)
ENDS_WITH_BLOCK = re.compile(rf"(?:\s*</(?:{AUTOP_BLOCKS})>)+\Z", re.IGNORECASE)
ENDS_WITH_BLOCK_TAG = re.compile(rf"</?(?:{AUTOP_BLOCKS})\b[^>]*>\Z", re.IGNORECASE)
BLANK_LINES = re.compile(r"\n\s*\n")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Preformatted text keeps its newlines: it is set aside while paragraphs are found.
PROTECTED = re.compile(r"<(pre|script|style)[\s>].*?</\1>", re.DOTALL | re.IGNORECASE)
PLACEHOLDER = re.compile(r"\x00(\d+)\x00")

# Shortcodes: a known WordPress one, one with attributes, or one with its closing tag. A lone
# bracketed word, such as "[sic]", is the author's text and stays.
SHORTCODE_NAMES = (
    "caption|wp_caption|gallery|embed|video|audio|playlist|wpvideo|youtube|vimeo|soundcloud|"
    "spotify|tweet|instagram|googlemaps|contact-form|contact-field"
)
DROPPED_SHORTCODES = re.compile(
    r"\[(gallery|embed|video|audio|playlist|wpvideo|youtube|vimeo|soundcloud|spotify|tweet|"
    r"instagram|googlemaps|contact-form)\b[^\]]*\](?:(?!\[/?\1\b).)*\[/\1\]",
    re.DOTALL | re.IGNORECASE,
)
KNOWN_SHORTCODE = re.compile(rf"\[/?(?:{SHORTCODE_NAMES})\b[^\[\]]*\]", re.IGNORECASE)
SHORTCODE_WITH_ATTRIBUTES = re.compile(r"\[[a-z_][\w-]*\s[^\[\]]*=[^\[\]]*\]", re.IGNORECASE)
PAIRED_SHORTCODE = re.compile(r"\[([a-z_][\w-]*)(?:\s[^\[\]]*)?\](.*?)\[/\1\]", re.DOTALL)


def autop(text: str, *, shortcodes: bool = True) -> str:
    """WordPress's stored HTML with its paragraphs made explicit, as `wpautop` shows it.

    Blank lines separate paragraphs and single newlines are line breaks, except around
    block-level tags; a chunk that starts with a block-level tag is left as it is. Shortcodes
    are taken out unless `shortcodes` is False (comments: WordPress runs none in them).
    """
    text = HTML_COMMENT.sub("", normalize_newlines(text))
    protected: list[str] = []

    def protect(match: re.Match[str]) -> str:
        protected.append(match.group(0))
        return f"\n\n\x00{len(protected) - 1}\x00\n\n"

    text = PROTECTED.sub(protect, text)
    if shortcodes:
        text = strip_shortcodes(text)
    text = BLOCK_OPENING.sub(r"\n\n\1", text)
    text = BLOCK_CLOSING.sub(r"\1\n\n", text)
    chunks = []
    for raw in BLANK_LINES.split(text):
        chunk = raw.strip()
        if not chunk:
            continue
        chunk = _line_breaks(chunk)
        if not STARTS_WITH_BLOCK.match(chunk):
            closing = ENDS_WITH_BLOCK.search(chunk)
            end = closing.start() if closing else len(chunk)
            chunk = f"<p>{chunk[:end]}</p>{chunk[end:]}"
        chunks.append(chunk)
    html = "\n\n".join(chunks)
    return PLACEHOLDER.sub(lambda match: protected[int(match.group(1))], html)


def _line_breaks(chunk: str) -> str:
    """Single newlines become <br>, except next to a block-level tag."""
    lines = [line.strip() for line in chunk.split("\n") if line.strip()]
    joined = lines[0]
    for previous, line in itertools.pairwise(lines):
        beside_block = ENDS_WITH_BLOCK_TAG.search(previous) or STARTS_WITH_BLOCK.match(line)
        joined += ("\n" if beside_block else "<br>\n") + line
    return joined


def strip_shortcodes(text: str) -> str:
    """Shortcodes' brackets go and their inner text stays, except for embeds and galleries."""
    text = DROPPED_SHORTCODES.sub("", text)
    previous = None
    while previous != text:  # nested pairs, outermost first
        previous, text = text, PAIRED_SHORTCODE.sub(r"\2", text)
    text = KNOWN_SHORTCODE.sub("", text)
    return SHORTCODE_WITH_ATTRIBUTES.sub("", text)
