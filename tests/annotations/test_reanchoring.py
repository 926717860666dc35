"""Re-anchoring when a text changes: every kind of edit, and a property that nothing is lost."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.anchoring import Placement, Quote, Status, Target, Text, quote_passage, reanchor

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


edits = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "replace_word", "swap"]),
        st.integers(0, 10),
        st.text(alphabet="abcdefghij ", min_size=1, max_size=20),
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(edits=edits, ordinal=st.sampled_from([2, 3, 4]), length=st.integers(3, 20))
def test_random_edits_never_lose_an_annotation(edits: list, ordinal: int, length: int) -> None:
    """Whatever the edits, an annotation is placed on real words of the new text or orphaned,
    and words that are still there verbatim are always found."""
    paragraphs = list(PARAGRAPHS.values())
    for kind, where, text in edits:
        index = where % max(len(paragraphs), 1)
        if kind == "insert":
            paragraphs.insert(index, text.strip() or "x")
        elif kind == "delete" and len(paragraphs) > 1:
            paragraphs.pop(index)
        elif kind == "replace_word" and paragraphs:
            words = paragraphs[index].split()
            words[where % len(words)] = text.strip() or "y"
            paragraphs[index] = " ".join(words)
        elif kind == "swap" and len(paragraphs) > 1:
            paragraphs[index], paragraphs[-1] = paragraphs[-1], paragraphs[index]
    new = dict(enumerate(paragraphs, start=1))
    words = PARAGRAPHS[ordinal][10 : 10 + length]
    target, quote = annotate(PARAGRAPHS, ordinal, words)
    placement = reanchor(Text(PARAGRAPHS), Text(new), target, quote)
    if placement.status == Status.ORPHAN:
        assert placement.target is None
        assert words not in Text(new).full
    else:
        found = words_at(new, placement.target)
        assert found
        if placement.status in {Status.EXACT, Status.MOVED}:
            assert found == words
