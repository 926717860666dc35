"""Selecting text outside the Basic Multilingual Plane in a real browser (issue #12): the page
counts UTF-16 code units, the server code points; what is stored and drawn is what was selected."""

import random
from collections.abc import Callable

import pytest
from django.db.models import F
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from annotations.models import Annotation
from groups.models import Group
from tests.browser.selecting import range_select, units
from texts.importers.parsed import Block, BlockKind, Metadata, ParsedDocument
from texts.models import Document
from texts.rendering import escape_text
from texts.services import store_revision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPHS = [
    "Alpha paragraph one. 😀😀 smile then target words here.",
    "Second: 漢字かな交じり and עברית שלום and cafe\u0301 and café.",
    "Third with a skin tone 👍🏽 and a non\u00a0breaking space, 👩🏿‍💻 at work.",
    "Fourth has a flag 🇺🇳 and family 👨‍👩‍👧 before the final words.",
    "Fifth: 🏳️‍🌈 Ünïcödé ברוך הבא 你好世界 e\u0301e\u0300 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 end.",
]
READER = "/groups/group-1/texts/code-points/"


@pytest.fixture
def anchors(make_group: Callable[..., Group]) -> list[str]:
    """The paragraphs above as a document on group 1's list; their anchors, in order."""
    document = Document.objects.create(title="Code points", slug="code-points", author="A")
    parsed = ParsedDocument(
        metadata=Metadata(title=document.title),
        blocks=[Block(BlockKind.PARAGRAPH, text, escape_text(text)) for text in PARAGRAPHS],
    )
    store_revision(document=document, parsed=parsed, source_text="", source_format="text")
    make_group(documents=(document,))
    revision = Document.objects.get(pk=document.pk).revision
    return [p.anchor for p in revision.paragraphs.order_by("ordinal")]


@pytest.fixture
def reader(page: Page, anchors: list[str], make_member: Callable, sign_in: Callable) -> Page:
    make_member("ana", groups=(Group.objects.get(),))
    sign_in(page, "ana", READER)
    expect(page.get_by_role("heading", level=1)).to_have_text("Code points")
    return page


def annotate_selection(page: Page, body: str) -> Annotation:
    """Annotate the selected words; the stored annotation."""
    page.get_by_role("button", name="Annotate").click()
    form = page.locator("#annotate-form")
    form.get_by_label("Your annotation").fill(body)
    form.get_by_role("button", name="Post").click()
    expect(page.locator("#panel-content")).to_contain_text(body)
    return Annotation.objects.get(author__username="ana", body=body)


def select_words(page: Page, anchors: list[str], ordinal: int, words: str, nth: int = 0) -> str:
    """Select the `nth` occurrence of `words` in paragraph `ordinal` with a DOM Range."""
    text = PARAGRAPHS[ordinal - 1]
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    anchor = anchors[ordinal - 1]
    at = units(text[:start])
    return range_select(page, (anchor, at), (anchor, at + units(words)))


def drawn(page: Page, annotation: Annotation) -> str:
    """The text of the highlight marks drawn for `annotation`."""
    marks = page.locator(f"mark.hl[data-ids~='{annotation.pk}']")
    return "".join(marks.all_text_contents())


@pytest.mark.parametrize(
    ("ordinal", "words", "nth"),
    [
        pytest.param(1, "target words", 0, id="after-two-emoji"),
        pytest.param(1, "😀", 1, id="one-emoji-of-two"),
        pytest.param(4, "final words", 0, id="after-flag-and-zwj-family"),
        pytest.param(2, "עברית", 0, id="hebrew"),
        pytest.param(2, "cafe\u0301", 0, id="decomposed-accent"),
    ],
)
def test_the_selected_words_are_stored_and_drawn_after_reloading(
    reader: Page, anchors: list[str], ordinal: int, words: str, nth: int
) -> None:
    assert select_words(reader, anchors, ordinal, words, nth) == words
    stored = annotate_selection(reader, "These words")
    assert stored.exact == words
    reader.reload()
    expect(reader.locator("mark.hl").first).to_be_visible()
    assert drawn(reader, stored) == words


def test_a_drag_ending_at_the_start_of_the_next_paragraph_ends_before_it(
    reader: Page, anchors: list[str]
) -> None:
    text = PARAGRAPHS[1]
    start = units(text[: text.index("café")])
    assert range_select(reader, (anchors[1], start), (anchors[2], 0)).startswith("café.")
    stored = annotate_selection(reader, "Overshoot")
    assert (stored.exact, stored.start_ordinal, stored.end_ordinal) == ("café.", 2, 2)
    assert stored.end_offset == len(text)
    expect(reader.locator(f"#{anchors[2]} .count")).to_have_count(0)
    expect(reader.locator(f"#{anchors[1]} .count")).to_have_text("1")


def test_a_drag_ending_in_the_next_paragraphs_number_ends_before_it(
    reader: Page, anchors: list[str]
) -> None:
    text = PARAGRAPHS[0]
    start = units(text[: text.index("target")])
    range_select(reader, (anchors[0], start), (anchors[0], start + 1))
    reader.evaluate(
        """(anchor) => {
          const range = window.getSelection().getRangeAt(0);
          range.setEnd(document.querySelector(`#${anchor} > .pnum`), 0);
        }""",
        anchors[1],
    )
    stored = annotate_selection(reader, "Into the number")
    assert (stored.exact, stored.end_ordinal) == ("target words here.", 1)


def test_random_selections_are_stored_as_selected(
    reader: Page, anchors: list[str], settings: Settings
) -> None:
    """Fifty selections at random code-point boundaries, within and across paragraphs."""
    settings.READINGGROUP_POSTS_PER_MINUTE = 100
    chance = random.Random(12)  # noqa: S311 -- a fixed seed, so a failure repeats
    for n in range(50):
        first = chance.randrange(len(PARAGRAPHS))
        last = min(len(PARAGRAPHS) - 1, first + chance.choice([0, 0, 0, 1]))
        start = chance.randrange(len(PARAGRAPHS[first]))
        low = start + 1 if first == last else 1
        end = chance.randint(low, len(PARAGRAPHS[last]))
        selected = range_select(
            reader,
            (anchors[first], units(PARAGRAPHS[first][:start])),
            (anchors[last], units(PARAGRAPHS[last][:end])),
        )
        pieces = [PARAGRAPHS[first][start:], *PARAGRAPHS[first + 1 : last], PARAGRAPHS[last][:end]]
        if first == last:
            pieces = [PARAGRAPHS[first][start:end]]
        # Across blocks, range.toString() also holds the margins' numbers; the quote has "\n".
        assert selected.startswith(pieces[0])
        assert selected.endswith(pieces[-1])
        stored = annotate_selection(reader, f"Random {n}")
        assert stored.exact == "\n".join(pieces), (first, start, last, end)
    reader.reload()
    expect(reader.locator("mark.hl").first).to_be_visible()
    for stored in Annotation.objects.filter(start_ordinal=F("end_ordinal")):
        assert drawn(reader, stored) == stored.exact
