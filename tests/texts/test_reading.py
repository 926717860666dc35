"""The reader's blocks: verse, title pages, tables, thematic breaks and nested lists."""

import re

import pytest

from texts.importers.parsed import (
    Block,
    BlockKind,
    ListStyle,
    Metadata,
    ParsedDocument,
    TableCell,
    break_block,
    line_block,
    stored_blocks,
    table_block,
    verse_block,
)
from texts.models import Document, Paragraph
from texts.reading import render_blocks, table_of_contents
from texts.rendering import escape_text, text_content
from texts.services import store_revision


def paragraphs_of(blocks: list[Block]) -> list[Paragraph]:
    """The blocks as the paragraphs store_revision makes of them (unsaved)."""
    return [
        Paragraph(
            ordinal=ordinal,
            anchor=f"p-{ordinal}",
            kind=block.kind.value,
            level=block.level,
            list_id=block.list_id,
            list_style=block.list_style.value if block.list_style else "",
            list_number=block.list_number,
            text=block.text,
            html=block.html,
            break_before=block.break_before,
        )
        for ordinal, block in enumerate(stored_blocks(blocks), start=1)
    ]


def paragraph(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text, escape_text(text))


def item(text: str, list_id: int, level: int, style: ListStyle = ListStyle.BULLET) -> Block:
    return Block(
        BlockKind.LIST_ITEM, text, escape_text(text), level=level, list_id=list_id, list_style=style
    )


def text_element(html: str, anchor: str) -> str:
    """The inner HTML of the `.text` element of block `anchor` (no nested `.text` in it)."""
    match = re.search(
        rf'id="{anchor}" class="[^"]*">.*?<(p|div|span) class="text">(.*?)</\1><span class="m',
        html + '<span class="m',
        re.S,
    )
    assert match, html
    return match[2]


def test_verse_keeps_its_lines_and_its_text_equals_the_stored_text() -> None:
    verse = verse_block(["Tyger Tyger, burning bright,", "In the forests of the night;"])
    assert verse.text == "Tyger Tyger, burning bright,\nIn the forests of the night;"
    html = render_blocks(paragraphs_of([verse]), margin=lambda _: '<span class="margin"></span>')
    assert '<div id="p-1" class="block block-verse">' in html
    inner = text_element(html, "p-1")
    assert inner == "Tyger Tyger, burning bright,<br>In the forests of the night;"
    # What the browser counts (a <br> is one "\n") is the stored text, code point for code point.
    assert text_content(inner) == verse.text


def test_a_title_page_is_one_block_of_lines_and_not_in_the_contents() -> None:
    title = line_block(
        BlockKind.TITLE,
        [(line, escape_text(line)) for line in ["NEWS FROM NOWHERE", "OR", "AN EPOCH OF REST"]],
    )
    paragraphs = paragraphs_of([title, Block(BlockKind.HEADING, "CHAPTER I", "CHAPTER I", 1)])
    html = render_blocks(paragraphs)
    assert 'class="block block-title"><a class="pnum" href="#p-1"' in html
    assert "NEWS FROM NOWHERE<br>OR<br>AN EPOCH OF REST</p>" in html
    assert [p.text for p in table_of_contents(paragraphs)] == ["CHAPTER I"]


def cells(*texts: str, header: bool = False) -> list[TableCell]:
    return [TableCell(text, escape_text(text), header) for text in texts]


def test_a_table_is_one_block_whose_rendered_text_is_its_stored_text() -> None:
    table = table_block(
        [
            cells("Name", "Born", "Works", header=True),
            cells("Morris", "1834"),
            cells("A & B", "", "3"),
        ]
    )
    assert table is not None
    # A short row is padded, so columns stay in place.
    assert table.text == "Name\tBorn\tWorks\nMorris\t1834\t\nA & B\t\t3"
    html = render_blocks(paragraphs_of([table]))
    assert '<div id="p-1" class="block block-table">' in html
    assert (
        '<div class="text"><table><thead><tr><th>Name\t</th><th>Born\t</th><th>Works\n</th></tr>'
        "</thead><tbody><tr><td>Morris\t</td><td>1834\t</td><td>\n</td></tr>"
        "<tr><td>A &amp; B\t</td><td>\t</td><td>3</td></tr></tbody></table></div>"
    ) in html
    assert text_content(table.html) == table.text


def test_a_table_without_text_is_no_block() -> None:
    assert table_block([cells("", " "), []]) is None


def test_a_break_takes_no_number_and_is_drawn_before_the_next_block() -> None:
    blocks = [paragraph("One."), break_block(), break_block(), paragraph("Two."), break_block()]
    paragraphs = paragraphs_of(blocks)
    assert [(p.ordinal, p.text, p.break_before) for p in paragraphs] == [
        (1, "One.", False),
        (2, "Two.", True),
    ]
    html = render_blocks(paragraphs)
    assert html.count("<hr") == 1
    assert '</p></div><hr class="break"><div id="p-2" class="block">' in html
    assert ParsedDocument(Metadata(), blocks).counts()["break"] == 3


def test_list_items_nest_by_level() -> None:
    blocks = [
        item("Fruit", 1, 1),
        item("Apples", 2, 2, ListStyle.DECIMAL),
        item("Pears", 2, 2, ListStyle.DECIMAL),
        item("Deeper", 3, 3),
        item("Vegetables", 1, 1),
        item("Leeks", 4, 2),
    ]
    html = re.sub(r'<a class="pnum"[^>]*>\d+</a>', "", render_blocks(paragraphs_of(blocks)))
    html = re.sub(r'<li id="p-\d" class="block">', "<li>", html)
    html = re.sub(r'<span class="text">([^<]*)</span>', r"\1", html)
    assert html == (
        '<ul class="list"><li>Fruit<ol class="list list-decimal"><li>Apples</li><li>Pears'
        '<ul class="list"><li>Deeper</li></ul></li></ol></li>'
        '<li>Vegetables<ul class="list"><li>Leeks</li></ul></li></ul>'
    )


def test_a_break_between_list_items_ends_the_list() -> None:
    blocks = [item("One", 1, 1), break_block(), item("Two", 1, 1)]
    html = render_blocks(paragraphs_of(blocks))
    assert html.count('<ul class="list">') == 2
    assert '</ul><hr class="break"><ul class="list">' in html


@pytest.mark.django_db
def test_new_kinds_are_stored_with_contiguous_numbers() -> None:
    document = Document.objects.create(title="Kinds", slug="kinds")
    table = table_block([cells("a", "b")])
    assert table is not None
    parsed = ParsedDocument(
        Metadata(title="Kinds"),
        [
            line_block(BlockKind.TITLE, [("KINDS", "KINDS"), ("a book", "a book")]),
            verse_block(["one", "two"]),
            break_block(),
            table,
            item("nested", 1, 2),
        ],
    )
    revision = store_revision(
        document=document, parsed=parsed, source_text="", source_format="text"
    )
    stored = revision.paragraphs.order_by("ordinal")
    assert [(p.ordinal, p.kind, p.level, p.break_before) for p in stored] == [
        (1, "title", None, False),
        (2, "verse", None, False),
        (3, "table", None, True),
        (4, "list_item", 2, False),
    ]
    assert "1 verse blocks, 1 tables, 1 title blocks, 1 breaks, 0 comments" in parsed.summary()
