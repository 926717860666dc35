"""Selections checked against a revision's text: offsets in code points, and the clamp of an end
that overshoots onto the next paragraph."""

import pytest

from annotations.errors import AnnotationError
from annotations.models import Annotation
from annotations.selections import EMPTY_PASSAGE, Selection, locate, place, quote_of
from texts.importers.parsed import Block, BlockKind, Metadata, ParsedDocument
from texts.models import Document, Revision
from texts.rendering import escape_text
from texts.services import store_revision

pytestmark = pytest.mark.django_db

# The paragraphs of issue #12, with the scripts that already worked beside them.
PARAGRAPHS = [
    "Alpha paragraph one. 😀😀 smile then target words here.",
    "Second: 漢字かな交じり and עברית שלום and cafe\u0301 and café.",
    "Third with a skin tone 👍🏽 and a non\u00a0breaking space.",
    "Fourth has a flag 🇺🇳 and family 👨‍👩‍👧 before the final words.",
]


@pytest.fixture
def revision() -> Revision:
    document = Document.objects.create(title="Code points", slug="code-points", author="A")
    parsed = ParsedDocument(
        metadata=Metadata(title=document.title),
        blocks=[Block(BlockKind.PARAGRAPH, text, escape_text(text)) for text in PARAGRAPHS],
    )
    store_revision(document=document, parsed=parsed, source_text="", source_format="text")
    return Document.objects.get(pk=document.pk).revision


def anchor(revision: Revision, ordinal: int) -> str:
    return revision.paragraphs.get(ordinal=ordinal).anchor


def select(revision: Revision, ordinal: int, words: str, nth: int = 0) -> Selection:
    """The selection of the `nth` occurrence of `words` in the paragraph, in code points."""
    text = PARAGRAPHS[ordinal - 1]
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    paragraph = anchor(revision, ordinal)
    return Selection(paragraph, start, paragraph, start + len(words))


@pytest.mark.parametrize(
    ("ordinal", "words", "nth"),
    [
        pytest.param(1, "target words", 0, id="after-two-emoji"),
        pytest.param(1, "😀", 1, id="one-emoji-of-two"),
        pytest.param(4, "final words", 0, id="after-flag-and-zwj-family"),
        pytest.param(4, "👨‍👩‍👧", 0, id="zwj-family"),
        pytest.param(2, "עברית", 0, id="hebrew"),
        pytest.param(2, "漢字", 0, id="cjk"),
        pytest.param(2, "cafe\u0301", 0, id="decomposed-accent"),
        pytest.param(2, "café", 0, id="composed-accent"),
        pytest.param(3, "👍🏽 and a non\u00a0breaking", 0, id="skin-tone-and-nbsp"),
    ],
)
def test_a_selection_is_quoted_by_code_points(
    revision: Revision, ordinal: int, words: str, nth: int
) -> None:
    assert quote_of(revision, select(revision, ordinal, words, nth)) == words


def test_target_words_after_emoji_are_at_code_point_offsets_35_to_47(revision: Revision) -> None:
    paragraph = anchor(revision, 1)
    assert quote_of(revision, Selection(paragraph, 35, paragraph, 47)) == "target words"


def test_an_end_at_offset_zero_of_a_later_paragraph_ends_the_paragraph_before(
    revision: Revision,
) -> None:
    start = PARAGRAPHS[1].index("café")
    selection = Selection(anchor(revision, 2), start, anchor(revision, 3), 0)
    placement = locate(revision, selection)
    assert placement.quote.exact == "café."
    assert (placement.end.ordinal, placement.end_offset) == (2, len(PARAGRAPHS[1]))
    assert placement.quote.suffix.startswith("\nThird")


def test_the_clamped_end_is_what_an_annotation_stores(revision: Revision) -> None:
    start = PARAGRAPHS[0].index("target")
    selection = Selection(anchor(revision, 1), start, anchor(revision, 3), 0)
    annotation = Annotation()
    place(annotation, revision, selection)
    assert (annotation.start_ordinal, annotation.end_ordinal) == (1, 2)
    assert annotation.end_offset == len(PARAGRAPHS[1])
    assert annotation.exact == f"target words here.\n{PARAGRAPHS[1]}"
    assert not annotation.exact.endswith("\n")


def test_an_end_at_offset_zero_of_the_start_paragraph_is_still_empty(revision: Revision) -> None:
    paragraph = anchor(revision, 2)
    with pytest.raises(AnnotationError, match=EMPTY_PASSAGE):
        locate(revision, Selection(paragraph, 0, paragraph, 0))


def test_a_start_at_the_end_of_a_paragraph_clamped_onto_itself_is_empty(
    revision: Revision,
) -> None:
    end_of_first = len(PARAGRAPHS[0])
    selection = Selection(anchor(revision, 1), end_of_first, anchor(revision, 2), 0)
    with pytest.raises(AnnotationError, match=EMPTY_PASSAGE):
        locate(revision, selection)
