"""Placing annotations on text: quotes computed from positions (W3C TextQuoteSelector).

The document's text, for quoting, is its paragraphs' plain texts joined by newlines.
"""

from dataclasses import dataclass

QUOTE_CONTEXT = 32
PARAGRAPH_SEPARATOR = "\n"


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str
    suffix: str


def quote_passage(
    passage: list[str], start_offset: int, end_offset: int, *, before: str = "", after: str = ""
) -> Quote:
    """The quote of a passage spanning `passage` (start to end paragraph texts), with context.

    `start_offset` indexes the first text, `end_offset` the last; `before` and `after` are the
    texts of the paragraphs around the passage, from which the context may come.
    """
    joined = PARAGRAPH_SEPARATOR.join(passage)
    end = len(joined) - len(passage[-1]) + end_offset
    exact = joined[start_offset:end]
    leading = (before + PARAGRAPH_SEPARATOR if before else "") + joined[:start_offset]
    trailing = joined[end:] + (PARAGRAPH_SEPARATOR + after if after else "")
    return Quote(exact=exact, prefix=leading[-QUOTE_CONTEXT:], suffix=trailing[:QUOTE_CONTEXT])
