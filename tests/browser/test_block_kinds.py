"""Selecting words in verse and in tables in a real browser: a verse's <br> and a table's cell
separators count as the stored text's "\\n" and "\\t", so what is stored is what was selected."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.selecting import annotate_selection, drag_select, drawn, range_select
from texts.importers.parsed import (
    Block,
    BlockKind,
    Metadata,
    ParsedDocument,
    TableCell,
    break_block,
    table_block,
    verse_block,
)
from texts.models import Document
from texts.rendering import escape_text
from texts.services import store_revision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READER = "/groups/group-1/texts/kinds/"
VERSE = ["Tyger Tyger, burning bright,", "In the forests of the night;"]
TABLE = [["Name", "Born"], ["William Morris", "1834"], ["John Ruskin", "1819"]]


@pytest.fixture
def reader(page: Page, make_group: Callable, make_member: Callable, sign_in: Callable) -> Page:
    """A document of a paragraph, a verse, a break and a table, read by a member of group 1."""
    document = Document.objects.create(title="Kinds", slug="kinds", author="A")
    table = table_block(
        [
            [TableCell(text, escape_text(text), header=row == 0) for text in cells]
            for row, cells in enumerate(TABLE)
        ]
    )
    assert table is not None
    parsed = ParsedDocument(
        metadata=Metadata(title="Kinds"),
        blocks=[
            Block(BlockKind.PARAGRAPH, "A paragraph.", "A paragraph."),
            verse_block(VERSE),
            break_block(),
            table,
        ],
    )
    store_revision(document=document, parsed=parsed, source_text="", source_format="text")
    group = make_group(documents=(document,))
    make_member("ana", groups=(group,))
    sign_in(page, "ana", READER)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kinds")
    return page


def test_the_page_shows_verse_lines_a_break_without_a_number_and_a_table(reader: Page) -> None:
    expect(reader.locator("#p-2 .text")).to_have_text("\n".join(VERSE), use_inner_text=True)
    expect(reader.locator("hr.break")).to_have_count(1)
    expect(reader.locator(".pnum")).to_have_text(["1", "2", "3"])
    expect(reader.locator("#p-3 table tr")).to_have_count(3)
    expect(reader.locator("#p-3 th")).to_have_text(["Name", "Born"])


def test_words_dragged_over_a_verse_line_break_are_stored_with_the_break(reader: Page) -> None:
    start = VERSE[0].index("bright")
    # Offsets count the text nodes' characters: the <br> between the lines is not one of them.
    end = len(VERSE[0]) + len("In the forests")
    drag_select(reader, ("p-2", start), ("p-2", end))
    stored = annotate_selection(reader, "Across the line")
    assert stored.exact == "bright,\nIn the forests"
    assert (stored.start_offset, stored.end_offset) == (start, end + 1)
    reader.reload()
    expect(reader.locator("mark.hl").first).to_be_visible()
    assert drawn(reader, stored) == "bright,In the forests"


@pytest.mark.parametrize(
    ("words", "drag"),
    [
        pytest.param("Morris", True, id="dragged-in-a-cell"),
        pytest.param("1834", False, id="a-whole-cell"),
        pytest.param("Ruskin", True, id="dragged-after-rows"),
        pytest.param("Morris\t1834", False, id="across-cells"),
        pytest.param("1834\nJohn", False, id="across-rows"),
    ],
)
def test_words_selected_in_a_table_are_stored_exactly(reader: Page, words: str, drag: bool) -> None:
    # The table's text as stored; the tabs and newlines sit in the cells' text nodes.
    text = "\n".join("\t".join(row) for row in TABLE)
    start = text.index(words)
    if drag:
        drag_select(reader, ("p-3", start), ("p-3", start + len(words)))
    else:
        assert range_select(reader, ("p-3", start), ("p-3", start + len(words))) == words
    stored = annotate_selection(reader, f"On {words!r}")
    assert stored.exact == words
    assert (stored.start_offset, stored.end_offset) == (start, start + len(words))
    reader.reload()
    expect(reader.locator("mark.hl").first).to_be_visible()
    assert drawn(reader, stored) == words
