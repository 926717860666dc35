"""Folding texts for comparison (NFC, whitespace, invisible characters), and the map back."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.folding import Folded, fold

PIECES = ["a", "b", " ", "  ", "\u00a0", "\t", "\n", "\u00ad", "e\u0301", "é", "😀", "\u200b", "字"]
texts = st.lists(st.sampled_from(PIECES), max_size=16).map("".join)


def test_what_looks_the_same_folds_the_same() -> None:
    assert fold("cafe\u0301  au\u00a0lait") == fold("café au lait") == "café au lait"
    assert fold("extra\u00adordinary\u200b assem\u00adbly") == "extraordinary assembly"
    assert fold("line one\r\n\tline two") == "line one line two"


def test_a_match_maps_back_to_the_originals_own_characters() -> None:
    raw = "The cafe\u0301 is 15\u00a0km  away, extra\u00adordinary."
    folded = Folded(raw)
    start = folded.text.index("café is 15 km away")
    end = start + len("café is 15 km away")
    assert raw[folded.raw_start(start) : folded.raw_end(end)] == "cafe\u0301 is 15\u00a0km  away"
    assert folded.index(raw.index("15")) == folded.text.index("15")


@settings(max_examples=300)
@given(raw=texts)
def test_folding_is_stable_and_blind_to_normalisation(raw: str) -> None:
    assert fold(fold(raw)) == fold(raw)
    assert fold(unicodedata.normalize("NFD", raw)) == fold(unicodedata.normalize("NFC", raw))


@settings(max_examples=300)
@given(raw=texts)
def test_every_folded_span_maps_to_original_text_that_folds_to_it(raw: str) -> None:
    folded = Folded(raw)
    for i in range(len(folded.text) + 1):
        assert 0 <= folded.raw_start(i) <= len(raw)
        for j in range(i + 1, len(folded.text) + 1):
            original = raw[folded.raw_start(i) : folded.raw_end(j)]
            assert fold(original) == folded.text[i:j]
    for offset in range(len(raw) + 1):
        assert folded.raw_start(folded.index(offset)) >= offset or folded.index(offset) == len(
            folded.text
        )
