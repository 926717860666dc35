"""Finding the words a person types to re-attach an orphan: whitespace and soft hyphens folded
on both sides, the match mapped back to the paragraph's own characters."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.reattaching import find_words

ROUTE = "The new route is 15\u00a0km long and climbs  steeply at the end."


@pytest.mark.parametrize(
    ("text", "words", "exact"),
    [
        pytest.param(ROUTE, "15 km long", "15\u00a0km long", id="typed-space-for-nbsp"),
        pytest.param(ROUTE, "15\u00a0km long", "15\u00a0km long", id="pasted-nbsp"),
        pytest.param(ROUTE, "climbs steeply", "climbs  steeply", id="single-for-double-space"),
        pytest.param(ROUTE, "climbs  steeply", "climbs  steeply", id="double-space-typed"),
        pytest.param(ROUTE, " is 15 km\nlong ", "is 15\u00a0km long", id="edges-and-newline"),
        pytest.param("a co\u00adoperative venture", "cooperative", "co\u00adoperative", id="shy"),
        pytest.param("one\u2003\u00a0 two", "one two", "one\u2003\u00a0 two", id="mixed-run"),
        pytest.param("first line\nsecond", "line second", "line\nsecond", id="pre-newline"),
        pytest.param("The cafe\u0301 opens", "café opens", "cafe\u0301 opens", id="nfd-text"),
        pytest.param("The café opens", "cafe\u0301 opens", "café opens", id="nfd-typed"),
    ],
)
def test_typed_words_are_found_and_the_quote_is_the_paragraphs_own(
    text: str, words: str, exact: str
) -> None:
    found = find_words(text, words)
    assert found is not None
    start, end = found
    assert text[start:end] == exact


@pytest.mark.parametrize(
    "words",
    [
        pytest.param("", id="empty"),
        pytest.param(" \u00a0\u00ad ", id="only-space-and-shy"),
        pytest.param("15km", id="space-is-not-optional"),
        pytest.param("climbs steeply at the start", id="not-there"),
    ],
)
def test_words_not_in_the_paragraph_are_not_found(words: str) -> None:
    assert find_words(ROUTE, words) is None


SPACE = st.sampled_from([" ", "  ", "\u00a0", " \u00a0", "\t", "\n"])
WORD = st.text(alphabet="abcdé15", min_size=1, max_size=6)
SHY_WORD = st.tuples(WORD, st.lists(st.integers(0, 6), max_size=2)).map(
    lambda pair: "".join(
        character + ("\u00ad" if index in pair[1] else "")
        for index, character in enumerate(pair[0])
    )
)


@given(st.lists(st.tuples(SHY_WORD, SPACE), min_size=1, max_size=8), st.data())
def test_any_stretch_typed_with_single_spaces_is_found_at_the_paragraphs_characters(
    pieces: list[tuple[str, str]], data: st.DataObject
) -> None:
    text = "".join(word + space for word, space in pieces).rstrip()
    first = data.draw(st.integers(0, len(pieces) - 1))
    last = data.draw(st.integers(first, len(pieces) - 1))
    typed = " ".join(word.replace("\u00ad", "") for word, _ in pieces[first : last + 1])

    found = find_words(text, typed)

    assert found is not None
    start, end = found
    exact = text[start:end]
    assert " ".join(exact.replace("\u00ad", "").split()) == typed
