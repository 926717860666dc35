"""Quotes computed from positions: pure functions."""

from annotations.anchoring import QUOTE_CONTEXT, quote_passage

TEXT = "The daily struggles of the workers against the capitalists do not develop far."


def test_a_phrase_inside_a_paragraph_is_quoted_with_its_context() -> None:
    start = TEXT.index("workers")
    quote = quote_passage([TEXT], start, start + len("workers"))
    assert quote.exact == "workers"
    assert quote.prefix == "The daily struggles of the "
    assert quote.suffix == " against the capitalists do not "
    assert len(quote.suffix) == QUOTE_CONTEXT


def test_context_is_cut_to_32_characters() -> None:
    start = TEXT.index("capitalists")
    quote = quote_passage([TEXT], start, start + len("capitalists"))
    assert quote.prefix == TEXT[start - QUOTE_CONTEXT : start]
    assert quote.suffix == " do not develop far."


def test_context_reaches_into_neighbouring_paragraphs() -> None:
    quote = quote_passage(["Short one."], 0, 5, before="The paragraph before.", after="After it.")
    assert quote.exact == "Short"
    assert quote.prefix == "The paragraph before.\n"
    assert quote.suffix == " one.\nAfter it."


def test_a_passage_across_paragraphs_joins_them_with_newlines() -> None:
    quote = quote_passage(["First paragraph.", "Middle.", "Last paragraph."], 6, 4)
    assert quote.exact == "paragraph.\nMiddle.\nLast"
    assert quote.prefix == "First "
    assert quote.suffix == " paragraph."
