"""Re-anchoring when a text changes: every kind of edit, and a property that nothing is lost."""

import unicodedata
from collections.abc import Callable
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from annotations.anchoring import (
    Placement,
    Quote,
    Reanchoring,
    Status,
    Target,
    Text,
    quote_passage,
    reanchor,
)
from annotations.folding import fold

PARAGRAPHS = {
    1: "Consciousness and revolutionaries",
    2: "The daily struggles of the workers against the capitalists do not develop far.",
    3: "This is false because workers have organized spontaneously and launched revolts.",
    4: "Intervention by organized revolutionaries is needed to disrupt authoritarianism.",
}


def annotate(paragraphs: dict[int, str], ordinal: int, words: str) -> tuple[Target, Quote]:
    """A target and quote on the first occurrence of `words` in paragraph `ordinal`."""
    start = paragraphs[ordinal].index(words)
    target = Target(ordinal, start, ordinal, start + len(words))
    texts = [paragraphs[n] for n in sorted(paragraphs)]
    index = sorted(paragraphs).index(ordinal)
    before = texts[index - 1] if index else ""
    after = texts[index + 1] if index + 1 < len(texts) else ""
    quote = quote_passage(
        [paragraphs[ordinal]], start, start + len(words), before=before, after=after
    )
    return target, quote


def place(
    new: dict[int, str], ordinal: int = 3, words: str = "launched revolts", **kw: bool
) -> Placement:
    target, quote = annotate(PARAGRAPHS, ordinal, words)
    return reanchor(Text(PARAGRAPHS), Text(new), target, quote, **kw)


def words_at(new: dict[int, str], target: Target | None) -> str:
    """The words a placement's target covers in the new text (there must be a target)."""
    assert target is not None, "placed nowhere"
    text = Text(new)
    start = text.position(target.start_ordinal, target.start_offset)
    return text.full[start : text.position(target.end_ordinal, target.end_offset)]


def test_an_unchanged_text_keeps_every_annotation_exactly() -> None:
    placement = place(dict(PARAGRAPHS))
    assert placement.status == Status.EXACT


def test_a_paragraph_inserted_before_moves_the_annotation_with_its_words() -> None:
    new = {
        1: PARAGRAPHS[1],
        2: "A new paragraph.",
        3: PARAGRAPHS[2],
        4: PARAGRAPHS[3],
        5: PARAGRAPHS[4],
    }
    placement = place(new)
    assert placement.status == Status.MOVED
    assert placement.target is not None
    assert placement.target.start_ordinal == 4
    assert words_at(new, placement.target) == "launched revolts"


def test_reordered_paragraphs_keep_their_annotations() -> None:
    new = {1: PARAGRAPHS[1], 2: PARAGRAPHS[3], 3: PARAGRAPHS[2], 4: PARAGRAPHS[4]}
    placement = place(new)
    assert placement.status == Status.MOVED
    assert words_at(new, placement.target) == "launched revolts"


def test_a_typo_fixed_inside_the_quote_is_found_fuzzily() -> None:
    target, quote = annotate(PARAGRAPHS, 3, "organized spontaneously and launched")
    new = dict(PARAGRAPHS) | {3: PARAGRAPHS[3].replace("spontaneously", "spontaneusly")}
    placement = reanchor(Text(PARAGRAPHS), Text(new), target, quote)
    assert placement.status == Status.FUZZY
    assert words_at(new, placement.target) == "organized spontaneusly and launched"


def test_a_deleted_paragraph_orphans_its_annotations() -> None:
    new = {n: t for n, t in PARAGRAPHS.items() if n != 3}
    assert place(new).status == Status.ORPHAN


def test_a_renamed_heading_keeps_its_whole_paragraph_annotation() -> None:
    new = dict(PARAGRAPHS) | {1: "Consciousness and the revolutionaries"}
    placement = place(new, 1, PARAGRAPHS[1], whole_paragraph=True)
    assert placement.status == Status.FUZZY
    assert placement.target == Target(1, 0, 1, len(new[1]))


def test_a_replaced_text_orphans_what_it_no_longer_says() -> None:
    new = {1: "Something else entirely.", 2: "Nothing in common with before."}
    assert place(new).status == Status.ORPHAN
    assert place(new, 1, PARAGRAPHS[1], whole_paragraph=True).status == Status.ORPHAN


def test_the_nearest_occurrence_with_matching_context_wins() -> None:
    repeated = {
        1: "one two three",
        2: "alpha beta gamma",
        3: "one two three",
        4: "alpha beta gamma",
    }
    target, quote = annotate(repeated, 3, "two")
    new = {1: "zero", **{n + 1: t for n, t in repeated.items()}}
    placement = reanchor(Text(repeated), Text(new), target, quote)
    assert placement.target is not None
    assert placement.target.start_ordinal == 4


# The property: random edits of a text never place an annotation on changed text whose prefix
# and suffix both fail to match, nor on the middle of a word when its quote was whole words;
# every annotation ends placed on real text or orphaned.

VOCABULARY = [
    "the",
    "workers",
    "organized",
    "strike",
    "union",
    "party",
    "masses",
    "of",
    "and",
    "in",
    "a",
    "new",
    "old",
    "ten",
    "percent",
    "café",
    "résumé",
    "extraordinary",
    "assembly",
    "branch",
    "office",
    "reported",
    "clerk",
    "signed",
    "page",
    "15",
    "km",
    "😀",
    "👍🏽",
    "🇺🇳",
]


@st.composite
def texts(draw: st.DrawFn) -> list[str]:
    sentence = st.lists(st.sampled_from(VOCABULARY), min_size=3, max_size=14).map(" ".join)
    return draw(st.lists(sentence, min_size=1, max_size=8))


def edit(draw: Callable[[st.SearchStrategy[Any]], Any], paragraphs: list[str]) -> list[str]:
    """One random edit of the kinds real corrections make."""
    paragraphs = list(paragraphs)
    index = draw(st.integers(0, len(paragraphs) - 1))
    words = paragraphs[index].split(" ")
    at = draw(st.integers(0, len(words) - 1))
    kind = draw(
        st.sampled_from(
            [
                "word",
                "insert_word",
                "delete_word",
                "paragraph",
                "new_paragraph",
                "drop",
                "swap",
                "duplicate",
                "decompose",
                "nbsp",
                "soft_hyphen",
            ]
        )
    )
    new_word = draw(st.sampled_from(VOCABULARY))
    if kind == "word":
        words[at] = new_word
    elif kind == "insert_word":
        words.insert(at, new_word)
    elif kind == "delete_word" and len(words) > 1:
        words.pop(at)
    elif kind == "nbsp" and len(words) > 1:
        words[at : at + 2] = ["\u00a0".join(words[at : at + 2])]
    elif kind == "soft_hyphen" and len(words[at]) > 3:
        words[at] = words[at][:2] + "\u00ad" + words[at][2:]
    paragraphs[index] = " ".join(words)
    if kind == "decompose":
        paragraphs[index] = unicodedata.normalize("NFD", paragraphs[index])
    elif kind == "paragraph":
        paragraphs[index] = " ".join(draw(st.lists(st.sampled_from(VOCABULARY), min_size=3)))
    elif kind == "new_paragraph":
        paragraphs.insert(index, " ".join(draw(st.lists(st.sampled_from(VOCABULARY), min_size=3))))
    elif kind == "drop" and len(paragraphs) > 1:
        paragraphs.pop(index)
    elif kind == "swap":
        paragraphs[index], paragraphs[-1] = paragraphs[-1], paragraphs[index]
    elif kind == "duplicate":
        paragraphs.insert(draw(st.integers(0, len(paragraphs))), paragraphs[index])
    return paragraphs


def has_context(new: Text, target: Target, quote: Quote) -> bool:
    """Whether at least one side of the quote's context still matches around a placement:
    compared folded, as much of the new text as the old side had, 60 % alike (an empty side,
    the text's start or end, matches only another)."""
    start = new.position(target.start_ordinal, target.start_offset)
    end = new.position(target.end_ordinal, target.end_offset)
    before, after = fold(new.full[:start]), fold(new.full[end:])
    prefix, suffix = fold(quote.prefix), fold(quote.suffix)
    before, after = before[max(0, len(before) - len(prefix)) :], after[: len(suffix)]

    def alike(old: str, now: str) -> bool:
        return old == now if not old or not now else fuzz.ratio(old, now) >= 60

    return alike(prefix, before) or alike(suffix, after)


def whole_words(text: str, start: int, end: int) -> bool:
    inside = lambda i: 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()  # noqa: E731
    return not inside(start) and not inside(end)


@settings(max_examples=400, deadline=None)
@given(data=st.data(), old_paragraphs=texts())
def test_random_edits_place_every_annotation_next_to_its_context_or_orphan_it(
    data: st.DataObject, old_paragraphs: list[str]
) -> None:
    paragraphs = old_paragraphs
    for _ in range(data.draw(st.integers(1, 4))):
        paragraphs = edit(data.draw, paragraphs)
    old, new = Text(dict(enumerate(old_paragraphs, 1))), Text(dict(enumerate(paragraphs, 1)))
    onto = Reanchoring(old, new)
    for ordinal, text in enumerate(old_paragraphs, 1):
        words = text.split(" ")
        first = data.draw(st.integers(0, len(words) - 1))
        last = data.draw(st.integers(first, len(words) - 1))
        start = len(" ".join(words[:first])) + (1 if first else 0)
        end = len(" ".join(words[: last + 1]))
        target = Target(ordinal, start, ordinal, end)
        quote = old.quote(target)
        placement = onto.place(target, quote, whole_paragraph=old.is_paragraph(target))
        event(f"placed: {placement.status}")
        assert (placement.status == Status.ORPHAN) == (placement.target is None)
        if placement.target is None:
            continue
        placed = placement.target
        found = new.words(placed)
        assert found.strip()
        kept = [
            new.texts[new.index[n]] for n in range(placed.start_ordinal, placed.end_ordinal + 1)
        ]
        verbatim = kept == [text] and (placed.start_offset, placed.end_offset) == (start, end)
        assert verbatim or has_context(new, placed, quote), (quote, found)
        if placement.status in {Status.EXACT, Status.MOVED}:
            assert fold(found) == fold(quote.exact)
        position = new.position(placed.start_ordinal, placed.start_offset)
        assert whole_words(new.full, position, position + len(found))
