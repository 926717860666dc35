import codecs
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from texts.importers.markdown import parse_markdown
from texts.importers.parsed import Block, BlockKind, ImportFailed, ListStyle
from texts.rendering import text_content


def parse(source: str, *, title: str = "") -> list[Block]:
    return parse_markdown(source.encode(), title=title).blocks


def kinds_and_texts(source: str) -> list[tuple[BlockKind, str]]:
    return [(block.kind, block.text) for block in parse(source)]


@pytest.mark.parametrize(
    ("source", "level"),
    [
        pytest.param("## Second", 2, id="atx-h2"),
        pytest.param("###### Sixth", 6, id="atx-h6"),
        pytest.param("Setext\n------", 2, id="setext-h2"),
        pytest.param("# First\n\n# Again", 1, id="h1-after-the-title"),
    ],
)
def test_headings_keep_their_level(source: str, level: int) -> None:
    heading = parse(source)[-1]

    assert heading.kind == BlockKind.HEADING
    assert heading.level == level


def test_paragraphs_become_paragraph_blocks() -> None:
    assert kinds_and_texts("One paragraph.\n\nAnother one.") == [
        (BlockKind.PARAGRAPH, "One paragraph."),
        (BlockKind.PARAGRAPH, "Another one."),
    ]


def test_only_headings_have_a_level() -> None:
    blocks = parse("## Head\n\nText\n\n- item\n\n> quote")

    assert [block.level for block in blocks] == [2, None, None, None]


def test_blockquote_paragraphs_become_quotations() -> None:
    source = "Before.\n\n> First quoted.\n>\n> ## Quoted heading\n>\n> Second quoted.\n\nAfter."

    assert kinds_and_texts(source) == [
        (BlockKind.PARAGRAPH, "Before."),
        (BlockKind.QUOTATION, "First quoted."),
        (BlockKind.QUOTATION, "Quoted heading"),
        (BlockKind.QUOTATION, "Second quoted."),
        (BlockKind.PARAGRAPH, "After."),
    ]


def test_bullet_list_items() -> None:
    blocks = parse("- apples\n- pears\n* plums")

    assert [(b.kind, b.text, b.list_style, b.list_number) for b in blocks] == [
        (BlockKind.LIST_ITEM, "apples", ListStyle.BULLET, None),
        (BlockKind.LIST_ITEM, "pears", ListStyle.BULLET, None),
        # A different bullet character starts a new list.
        (BlockKind.LIST_ITEM, "plums", ListStyle.BULLET, None),
    ]
    assert [b.list_id for b in blocks] == [1, 1, 2]


@pytest.mark.parametrize(
    ("source", "numbers"),
    [
        pytest.param("1. a\n2. b\n3. c", [1, 2, 3], id="from-one"),
        pytest.param("1. a\n1. b\n1. c", [1, 2, 3], id="repeated-markers-count-up"),
        pytest.param("7. a\n8. b", [7, 8], id="start-attribute"),
        pytest.param("0. a\n5. b", [0, 1], id="start-at-zero"),
        pytest.param("3) a\n4) b", [3, 4], id="parenthesis-markers"),
    ],
)
def test_ordered_list_items_are_numbered_from_the_start(source: str, numbers: list[int]) -> None:
    blocks = parse(source)

    assert {b.list_style for b in blocks} == {ListStyle.DECIMAL}
    assert [b.list_number for b in blocks] == numbers


def test_separate_lists_get_different_list_ids() -> None:
    blocks = parse("1. one\n2. two\n\nBetween.\n\n- three\n- four")

    assert [(b.text, b.list_id) for b in blocks] == [
        ("one", 1),
        ("two", 1),
        ("Between.", None),
        ("three", 2),
        ("four", 2),
    ]


def test_nested_list_items_follow_their_parent_with_their_own_list_id() -> None:
    source = "1. first\n   - inner a\n   - inner b\n2. second\n"

    assert [(b.text, b.list_id, b.list_style, b.list_number) for b in parse(source)] == [
        ("first", 1, ListStyle.DECIMAL, 1),
        ("inner a", 2, ListStyle.BULLET, None),
        ("inner b", 2, ListStyle.BULLET, None),
        ("second", 1, ListStyle.DECIMAL, 2),
    ]


def test_paragraphs_of_one_list_item_join_into_the_item() -> None:
    blocks = parse("- first line\n\n  second paragraph\n- next")

    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.LIST_ITEM, "first line second paragraph"),
        (BlockKind.LIST_ITEM, "next"),
    ]


def test_paragraph_after_a_nested_list_stands_alone() -> None:
    blocks = parse("- parent\n\n  - child\n\n  tail\n")

    assert [(b.kind, b.text, b.list_id) for b in blocks] == [
        (BlockKind.LIST_ITEM, "parent", 1),
        (BlockKind.LIST_ITEM, "child", 2),
        (BlockKind.PARAGRAPH, "tail", None),
    ]


def test_empty_list_items_are_left_out_but_keep_their_number() -> None:
    blocks = parse("1. one\n2.\n3. three")

    assert [(b.text, b.list_number) for b in blocks] == [("one", 1), ("three", 3)]


@pytest.mark.parametrize(
    ("source", "text"),
    [
        pytest.param(
            "```python\ndef f():\n    return 1\n```", "def f():\n    return 1", id="fence"
        ),
        pytest.param("~~~\nx < y && y > z\n~~~", "x < y && y > z", id="tilde-fence"),
        pytest.param("Text.\n\n    indented\n      more\n", "indented\n  more", id="indented"),
        pytest.param("```\nline\n\n```", "line\n", id="only-one-newline-stripped"),
    ],
)
def test_code_becomes_preformatted_text(source: str, text: str) -> None:
    block = parse(source)[-1]

    assert block.kind == BlockKind.PREFORMATTED
    assert block.text == text


def test_preformatted_html_is_escaped() -> None:
    block = parse("```\n<script>alert(1)</script> & co\n```")[0]

    assert block.html == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"


def test_empty_code_blocks_and_rules_are_left_out() -> None:
    assert kinds_and_texts("Text.\n\n```\n```\n\n---\n\n***\n\nMore.") == [
        (BlockKind.PARAGRAPH, "Text."),
        (BlockKind.PARAGRAPH, "More."),
    ]


@pytest.mark.parametrize(
    ("source", "html", "text"),
    [
        pytest.param(
            "*a* and **b**", "<em>a</em> and <strong>b</strong>", "a and b", id="emphasis"
        ),
        pytest.param("~~gone~~", "<s>gone</s>", "gone", id="strikethrough"),
        pytest.param("use `a < b`", "use <code>a &lt; b</code>", "use a < b", id="code-span"),
        pytest.param(
            '[site](https://example.com "Example")',
            '<a href="https://example.com" title="Example" rel="nofollow noopener noreferrer">'
            "site</a>",
            "site",
            id="link",
        ),
        pytest.param(
            "<https://example.com>",
            '<a href="https://example.com" rel="nofollow noopener noreferrer">'
            "https://example.com</a>",
            "https://example.com",
            id="autolink",
        ),
        pytest.param(
            "Fish &amp; chips &copy;", "Fish &amp; chips ©", "Fish & chips ©", id="entities"
        ),
        pytest.param(
            "see ![a map](map.png) here", "see a map here", "see a map here", id="image-alt"
        ),
    ],
)
def test_inline_markup_is_kept_in_html(source: str, html: str, text: str) -> None:
    block = parse(source)[0]

    assert block.html == html
    assert block.text == text


def test_link_references_are_resolved() -> None:
    block = parse("Read [the docs][d].\n\n[d]: https://example.com/docs\n")[0]

    assert block.html == (
        'Read <a href="https://example.com/docs" rel="nofollow noopener noreferrer">the docs</a>.'
    )


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("[click](javascript:alert(1))", id="javascript"),
        pytest.param("[click](JavaScript:alert(1))", id="javascript-mixed-case"),
        pytest.param("[click](data:text/html,<script>alert(1)</script>)", id="data"),
        pytest.param("[click](ftp://example.com/file)", id="scheme-not-allowed"),
    ],
)
def test_unsafe_link_loses_its_href(source: str) -> None:
    block = parse(source)[0]

    assert "href" not in block.html
    assert "click" in block.text


@pytest.mark.parametrize(
    ("source", "html"),
    [
        pytest.param(
            "<script>alert(1)</script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            id="script-block",
        ),
        pytest.param(
            "Say <b onclick=x>hi</b>",
            "Say &lt;b onclick=x&gt;hi&lt;/b&gt;",
            id="inline-tag-with-handler",
        ),
        pytest.param("<!-- note -->", "&lt;!-- note --&gt;", id="comment"),
    ],
)
def test_raw_html_is_literal_escaped_text(source: str, html: str) -> None:
    block = parse(source)[0]

    assert block.kind == BlockKind.PARAGRAPH
    assert block.html == html
    assert block.text == source


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("# Title\n\nPara *one*\nwrapped.", id="paragraph"),
        pytest.param("Hard  \nbreak and back\\\nslash.", id="hard-breaks"),
        pytest.param("> quote with [a link](https://example.com)", id="quotation"),
        pytest.param("1. item **bold**\n\n   second", id="list-item"),
        pytest.param("Tom &amp; Jerry &lt;3 &nbsp;", id="entities"),
        pytest.param("`a\nb` and <b>x</b>", id="code-span-and-raw-html"),
        pytest.param("```\n<b>&amp;</b>\n```", id="preformatted"),
        pytest.param("| a | *b* |\n|---|---|\n| 1 | 2 |", id="table"),
    ],
)
def test_plain_text_is_the_text_content_of_the_html(source: str) -> None:
    for block in parse(source):
        assert block.text == text_content(block.html)


def test_soft_break_becomes_a_space() -> None:
    block = parse("A line\nwrapped *onto\nthe* next.")[0]

    assert block.text == "A line wrapped onto the next."
    assert block.html == "A line wrapped <em>onto the</em> next."


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("First  \nsecond", id="two-spaces"),
        pytest.param("First\\\nsecond", id="backslash"),
    ],
)
def test_hard_break_becomes_br_and_one_newline(source: str) -> None:
    block = parse(source)[0]

    assert block.html == "First<br>second"
    assert block.text == "First\nsecond"


def test_a_table_is_one_block_that_keeps_its_empty_cells() -> None:
    source = "| Name | Age | City |\n|---|---|---|\n| Ann  |  | Oslo |\n| Bob  | 30 |  |\n"

    [table] = parse(source)

    # Ann's empty age keeps its column: Oslo stays under City.
    assert table.kind == BlockKind.TABLE
    assert table.text == "Name\tAge\tCity\nAnn\t\tOslo\nBob\t30\t"
    assert "<tr><td>Ann\t</td><td>\t</td><td>Oslo\n</td></tr>" in table.html
    assert table.text == text_content(table.html)


def test_br_in_a_table_cell_is_a_line_break_and_other_html_stays_text() -> None:
    source = "| Step | Notes |\n|---|---|\n| 1 | one<br>two<BR/>three <b>x</b> `<br>` |\n"

    [table] = parse(source)

    assert table.text == "Step\tNotes\n1\tone\ntwo\nthree <b>x</b> <br>"
    assert "<td>one<br>two<br>three &lt;b&gt;x&lt;/b&gt; <code>&lt;br&gt;</code></td>" in table.html


def test_details_and_summary_become_a_heading_and_its_text() -> None:
    source = (
        "## Install\n\n<details>\n<summary>Click to <b>expand</b></summary>\n\n"
        "Hidden *steps* here.\n\n</details>\n\n"
        "<details open><summary>Second</summary>\nRight after it.\n</details>\n\n"
        "```\n<details>\n```\n"
    )

    assert [(b.kind, b.level, b.html) for b in parse(source)] == [
        (BlockKind.HEADING, 2, "Install"),
        (BlockKind.HEADING, 3, "Click to expand"),
        (BlockKind.PARAGRAPH, None, "Hidden <em>steps</em> here."),
        (BlockKind.HEADING, 3, "Second"),
        (BlockKind.PARAGRAPH, None, "Right after it."),
        (BlockKind.PREFORMATTED, None, "&lt;details&gt;"),
    ]


def test_other_html_stays_literal_text_beside_details() -> None:
    source = "<details><summary><script>alert(1)</script>Title</summary>\n<img src=x onerror=y>"

    blocks = parse(source)

    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.HEADING, "alert(1)Title"),
        (BlockKind.PARAGRAPH, "<img src=x onerror=y>"),
    ]
    assert blocks[1].html == "&lt;img src=x onerror=y&gt;"


def test_no_title_takes_a_first_h1_as_title() -> None:
    document = parse_markdown(b"#  The   Title \n\nBody.")

    assert document.metadata.title == "The Title"
    assert [block.text for block in document.blocks] == ["Body."]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("## Section\n\nBody.", id="first-heading-not-h1"),
        pytest.param("Body.\n\n# Late heading", id="h1-not-first"),
        pytest.param("> # Quoted\n\nBody.", id="h1-in-a-quote"),
    ],
)
def test_no_title_and_no_leading_h1_leaves_the_title_empty(source: str) -> None:
    document = parse_markdown(source.encode())

    assert document.metadata.title == ""
    assert len(document.blocks) == 2


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("# My Essay\n\nBody.", id="same"),
        pytest.param("## my  ESSAY\n\nBody.", id="case-space-and-level-differ"),
    ],
)
def test_given_title_drops_a_matching_first_heading(source: str) -> None:
    document = parse_markdown(source.encode(), title="My Essay")

    assert document.metadata.title == "My Essay"
    assert [block.text for block in document.blocks] == ["Body."]


def test_given_title_keeps_a_different_first_heading() -> None:
    document = parse_markdown(b"# Chapter One\n\nBody.", title="My Essay")

    assert document.metadata.title == "My Essay"
    assert [block.text for block in document.blocks] == ["Chapter One", "Body."]


@pytest.mark.parametrize(
    "newline",
    [pytest.param("\r\n", id="crlf"), pytest.param("\r", id="cr")],
)
def test_line_endings_do_not_change_the_result(newline: str) -> None:
    source = (
        "# Title\n\nA wrapped\nparagraph with a hard  \nbreak.\n\n> quoted\n> text\n\n"
        "1. one\n2. two\n   - nested\n\n```\ncode line 1\ncode line 2\n```\n"
    )

    assert parse_markdown(source.replace("\n", newline).encode()) == parse_markdown(source.encode())


def test_utf8_bom_is_not_part_of_the_text() -> None:
    document = parse_markdown(codecs.BOM_UTF8 + "# Café\n\nBody.".encode())

    assert document.metadata.title == "Café"
    assert document.blocks[0].text == "Body."


def test_utf16_with_bom_is_decoded() -> None:
    document = parse_markdown("# Título\n\nCuerpo.".encode("utf-16"))

    assert document.metadata.title == "Título"
    assert document.blocks[0].text == "Cuerpo."


def test_named_encoding_is_used() -> None:
    document = parse_markdown("Caf\u00e9 \u2014 ok".encode("cp1252"), encoding="cp1252")

    assert document.blocks[0].text == "Café — ok"


@pytest.mark.parametrize(
    "data",
    [pytest.param(b"", id="empty"), pytest.param(b" \n\t\r\n  \n", id="whitespace-only")],
)
def test_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(ImportFailed, match="empty"):
        parse_markdown(data)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("---\n\n***\n", id="rules"),
        pytest.param("-\n-\n\n1.\n", id="empty-list-items"),
        pytest.param("```\n```\n", id="empty-code"),
        pytest.param("# Only a title\n", id="only-a-title"),
    ],
)
def test_markup_without_text_is_refused(source: str) -> None:
    with pytest.raises(ImportFailed, match="No text was found in the file"):
        parse_markdown(source.encode())


def test_undecodable_bytes_are_refused_with_their_offset() -> None:
    with pytest.raises(ImportFailed, match="offset 3"):
        parse_markdown(b"abc\xff")


def test_a_list_nested_ten_levels_deep_keeps_the_rest_of_the_document() -> None:
    source = "".join(f"{'  ' * depth}- item {depth}\n" for depth in range(10))
    source += "\nA paragraph after the list.\n\n## Next section\n"

    blocks = kinds_and_texts(source)

    assert blocks == [
        *[(BlockKind.LIST_ITEM, f"item {depth}") for depth in range(10)],
        (BlockKind.PARAGRAPH, "A paragraph after the list."),
        (BlockKind.HEADING, "Next section"),
    ]


def test_a_list_deeper_than_the_limit_reads_its_deepest_items_as_text() -> None:
    source = "".join(f"{'  ' * depth}- item {depth}\n" for depth in range(40))
    source += "\nA paragraph after the list.\n"

    blocks = kinds_and_texts(source)

    # 29 levels nest; the deeper ones are the last item's text, markers and all.
    assert blocks[28] == (BlockKind.LIST_ITEM, "item 28")
    assert blocks[29] == (
        BlockKind.LIST_ITEM,
        "item 29 " + " ".join(f"- item {depth}" for depth in range(30, 40)),
    )
    assert blocks[30:] == [(BlockKind.PARAGRAPH, "A paragraph after the list.")]


def test_quotations_nested_a_hundred_deep_keep_their_text_and_what_follows() -> None:
    source = ">" * 100 + " Deep words.\n\nAfter the quotation.\n\n## Next section\n"

    assert kinds_and_texts(source) == [
        (BlockKind.QUOTATION, ">" * 40 + " Deep words."),
        (BlockKind.PARAGRAPH, "After the quotation."),
        (BlockKind.HEADING, "Next section"),
    ]


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
CONTAINER = st.sampled_from(["- ", "1. ", "> ", "* "])


@st.composite
def nested_markdown(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A Markdown source of paragraphs, headings, <details> summaries, tables, and lists or
    quotations nested up to 80 deep, and the words of its text in order."""
    lines, words = [], []
    for _ in range(draw(st.integers(1, 8))):
        line_words = draw(st.lists(WORD, min_size=1, max_size=4))
        shape = draw(st.sampled_from(["paragraph", "heading", "nested", "details", "table"]))
        if shape == "details":
            lines += ["", f"<details><summary>{' '.join(line_words)}</summary>", "</details>", ""]
            words += line_words
            continue
        if shape == "table":
            cells = " | ".join(line_words)
            lines += ["", f"| {cells} |", "|" + "---|" * len(line_words), f"| {cells} | |", ""]
            words += line_words * 2
            continue
        if shape == "heading":
            prefix = "#" * draw(st.integers(1, 6)) + " "
        elif shape == "nested":
            markers = draw(st.lists(CONTAINER, min_size=1, max_size=80))
            # Each list marker's content is indented by the marker's width, as CommonMark reads it.
            prefix = "".join(markers)
        else:
            prefix = ""
        lines.append(prefix + " ".join(line_words))
        words += line_words
        if draw(st.booleans()):
            lines.append("")
    # A closing paragraph, so the source is never a title alone (which is refused).
    return "\n".join(lines) + "\n\nthe end\n", [*words, "the", "end"]


@given(nested_markdown())
@settings(max_examples=150, deadline=None)
def test_no_text_is_lost_however_deep_the_nesting(case: tuple[str, list[str]]) -> None:
    source, words = case

    document = parse_markdown(source.encode())

    stored = " ".join([document.metadata.title, *(block.text for block in document.blocks)])
    assert re.findall(r"[a-z]+", stored) == words
