"""The paragraph diff re-anchoring starts from: which paragraphs a new revision kept."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.diffing import kept_paragraphs


def test_inserted_removed_and_moved_paragraphs() -> None:
    old = ["A", "B", "C", "D", "E"]
    new = ["A", "new", "B", "D", "C2", "E", "C"]
    kept = kept_paragraphs(old, new)
    # C moved after E: it is not kept in place (re-anchoring finds it where it went).
    assert kept == {0: 0, 1: 2, 3: 3, 4: 5}


def test_repeated_paragraphs_are_kept_in_order() -> None:
    old = ["* * *", "One.", "* * *", "Two.", "* * *"]
    new = ["* * *", "One.", "* * *", "Inserted.", "Two.", "* * *"]
    assert kept_paragraphs(old, new) == {0: 0, 1: 1, 2: 2, 3: 4, 4: 5}


paragraphs = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]), max_size=30)


@settings(max_examples=300)
@given(old=paragraphs, data=st.data())
def test_kept_pairs_are_equal_in_order_and_nothing_surviving_in_place_is_missed(
    old: list[str], data: st.DataObject
) -> None:
    """Delete some paragraphs and insert new ones (never moving any): every surviving paragraph
    is kept, each pair holds equal texts, and the pairs keep their order."""
    survives = data.draw(st.lists(st.booleans(), min_size=len(old), max_size=len(old)))
    new: list[str] = []
    for text, survived in zip(old, survives, strict=True):
        new.extend(data.draw(st.lists(st.just("new"), max_size=2)))
        if survived:
            new.append(text)
    kept = kept_paragraphs(old, new)
    assert all(old[a] == new[b] for a, b in kept.items())
    pairs = sorted(kept.items())
    assert all(b1 < b2 for (_, b1), (_, b2) in itertools.pairwise(pairs))
    assert len(kept) == sum(survives)
