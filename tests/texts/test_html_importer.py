"""The HTML importer: semantic blocks only, inline markup kept safe, text for anchoring."""

from datetime import date
from html import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.texts.test_plaintext_importer import GUTENBERG
from texts.importers import source_text
from texts.importers.decoding import declared_encoding, decode_html
from texts.importers.html import parse_html
from texts.importers.parsed import BlockKind, ImportFailed, ListStyle
from texts.importers.plaintext import parse_text
from texts.rendering import text_content

PAGE = b"""<!doctype html>
<html><head><meta charset="utf-8"><title>Saved Page</title>
<style>body { color: red }</style><script>alert("x")</script></head>
<body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<main>
<h1>Saved Page</h1>
<p>First   paragraph with <em>emphasis</em> and a
<a href="https://example.org/x" onclick="evil()">link</a>.</p>
<h2>A section</h2>
<blockquote><p>A quoted passage.</p></blockquote>
<ul><li>one</li><li>two <strong>strong</strong></li></ul>
<ol start="3"><li>three</li><li>four</li></ol>
<pre>  code
  kept</pre>
<div>Loose text in a div.</div>
<figure><img src="a.png"><figcaption>A caption.</figcaption></figure>
<p><a href="javascript:alert(1)">bad link</a><br>next line</p>
<form><input name="q"><button>Search</button></form>
<!-- a comment -->
</main>
<footer>Copyright notice</footer>
</body></html>"""


def blocks() -> list:
    return parse_html(PAGE).blocks


def test_the_page_title_and_its_first_heading_become_the_title() -> None:
    parsed = parse_html(PAGE)
    assert parsed.metadata.title == "Saved Page"
    assert parsed.blocks[0].text.startswith("First paragraph")


def test_semantic_blocks_become_blocks_and_the_rest_is_dropped() -> None:
    assert [(b.kind, b.text) for b in blocks()] == [
        (BlockKind.PARAGRAPH, "First paragraph with emphasis and a link."),
        (BlockKind.HEADING, "A section"),
        (BlockKind.QUOTATION, "A quoted passage."),
        (BlockKind.LIST_ITEM, "one"),
        (BlockKind.LIST_ITEM, "two strong"),
        (BlockKind.LIST_ITEM, "three"),
        (BlockKind.LIST_ITEM, "four"),
        (BlockKind.PREFORMATTED, "  code\n  kept"),
        (BlockKind.PARAGRAPH, "Loose text in a div."),
        (BlockKind.PARAGRAPH, "A caption."),
        (BlockKind.PARAGRAPH, "bad link\nnext line"),
    ]


def test_lists_keep_their_kind_numbers_and_grouping() -> None:
    items = [b for b in blocks() if b.kind == BlockKind.LIST_ITEM]
    assert [b.list_style for b in items] == [ListStyle.BULLET] * 2 + [ListStyle.DECIMAL] * 2
    assert [b.list_number for b in items] == [None, None, 3, 4]
    assert items[0].list_id == items[1].list_id != items[2].list_id


def test_inline_markup_is_kept_safe_and_text_matches_it() -> None:
    first = blocks()[0]
    assert "<em>emphasis</em>" in first.html
    assert 'href="https://example.org/x"' in first.html
    assert "onclick" not in first.html
    bad = blocks()[-1]
    assert "javascript" not in bad.html
    for block in blocks():
        assert text_content(block.html) == block.text


def test_nothing_of_scripts_styles_navigation_forms_or_footers_remains() -> None:
    everything = " ".join(b.text for b in blocks())
    for dropped in ("alert", "color: red", "Home", "About", "Search", "Copyright", "comment"):
        assert dropped not in everything


def test_a_declared_charset_is_used_when_the_page_is_not_utf8() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Café</p></body></html>'
    assert parse_html(page.encode("cp1252")).blocks[0].text == "Café"


def test_a_gutenberg_style_book_gives_chapters_and_paragraphs() -> None:
    book = b"""<html><body><h1>The Sample Book</h1><h2>CHAPTER I</h2><h3>THE BEGINNING</h3>
    <p>It was a quiet morning in the town,
    and nobody expected the letter.</p><h2>CHAPTER II</h2><p>The second chapter.</p>
    </body></html>"""
    parsed = parse_html(book)
    assert parsed.metadata.title == "The Sample Book"
    assert [(b.kind.value, b.level, b.text) for b in parsed.blocks] == [
        ("heading", 2, "CHAPTER I"),
        ("heading", 3, "THE BEGINNING"),
        ("paragraph", None, "It was a quiet morning in the town, and nobody expected the letter."),
        ("heading", 2, "CHAPTER II"),
        ("paragraph", None, "The second chapter."),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "The file is empty", id="empty"),
        pytest.param(b"<html><body><script>x()</script></body></html>", "No text", id="no-text"),
    ],
)
def test_pages_without_text_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(ImportFailed, match=message):
        parse_html(data)


GUTENBERG_HTML = """<!DOCTYPE html><html><head>
<title>The Sample Book | Project Gutenberg</title></head>
<body><section class="pg-boilerplate pgheader" id="pg-header">
<h2 id="pg-header-heading">The Project Gutenberg eBook of The Sample Book</h2>
<div>This ebook is for the use of anyone anywhere in the United States and most other parts of
the world at no cost and with almost no restrictions.</div>
<div id="pg-machine-header"><p><strong>Title</strong>: The Sample Book</p>
<p><strong>Author</strong>: Jane Example</p>
<p><strong>Release date</strong>: January 1, 2020 [eBook #99999]</p></div>
<div id="pg-start-separator"><span>
*** START OF THE PROJECT GUTENBERG EBOOK THE SAMPLE BOOK ***</span></div>
</section>
<h1>THE SAMPLE BOOK</h1>
<h2>CHAPTER I</h2><h3>THE BEGINNING</h3>
<p>It was a quiet morning in the town, and nobody expected the letter that
would arrive before noon.</p>
<h2>CHAPTER II</h2>
<p>The second chapter begins here, hard-wrapped like the first one, and it
ends on this line.</p>
<section class="pg-boilerplate pgheader" id="pg-footer">
<div id="pg-end-separator"><span>
*** END OF THE PROJECT GUTENBERG EBOOK THE SAMPLE BOOK ***</span></div>
<p>Updated editions will replace the previous one.</p></section></body></html>"""


def test_a_project_gutenberg_html_book_gives_the_blocks_of_its_text_edition() -> None:
    html = parse_html(GUTENBERG_HTML.encode())
    text = parse_text(GUTENBERG.encode())

    assert (html.metadata.title, html.metadata.author) == ("The Sample Book", "Jane Example")
    assert [(b.kind, b.text) for b in html.blocks] == [(b.kind, b.text) for b in text.blocks]
    assert "Release date" in html.front_matter
    assert html.back_matter.startswith("*** END OF THE PROJECT GUTENBERG")


def test_windows_line_endings_in_pre_become_the_browsers_newlines() -> None:
    page = b"<pre>first line\r\nsecond line\r\nthe target line\r\n</pre><p>a\r\nb</p>"
    pre, paragraph = parse_html(page).blocks
    assert (pre.text, pre.html) == ("first line\nsecond line\nthe target line",) * 2
    assert pre.text.index("target") == 27  # the offset the browser's selection gives
    assert (paragraph.text, paragraph.html) == ("a b", "a b")


def test_a_carriage_return_written_as_a_character_reference_is_a_newline_too() -> None:
    assert parse_html(b"<pre>one&#13;&#10;two&#13;three</pre>").blocks[0].text == "one\ntwo\nthree"


# Lines are never empty: a lone CR before an empty LF-ended line would make a CR LF pair.
LINE = st.text(alphabet="ab <>&\u00a0", min_size=1, max_size=8)
NEWLINE = st.sampled_from(["\r\n", "\r", "\n"])
BLOCK_LINES = st.lists(st.tuples(LINE, NEWLINE), min_size=1, max_size=6)


def _html_block(tag: str, lines: list[tuple[str, str]], *, lf: bool) -> str:
    return (
        f"<{tag}>"
        + "".join(escape(line) + ("\n" if lf else end) for line, end in lines)
        + f"</{tag}>"
    )


@given(st.lists(st.tuples(st.sampled_from(["pre", "p"]), BLOCK_LINES), min_size=1, max_size=5))
def test_any_mix_of_line_endings_is_stored_as_lf(blocks: list) -> None:
    """No stored block has a CR; each block reads as the same page written with LF only."""
    page = "<body>" + "".join(_html_block(tag, lines, lf=False) for tag, lines in blocks)
    unix = "<body>" + "".join(_html_block(tag, lines, lf=True) for tag, lines in blocks)
    try:
        parsed = parse_html(page.encode())
    except ImportFailed:  # only blank blocks: the LF page has no text either
        with pytest.raises(ImportFailed):
            parse_html(unix.encode())
        return
    assert not any("\r" in block.text or "\r" in block.html for block in parsed.blocks)
    assert [(b.kind, b.text, b.html) for b in parsed.blocks] == [
        (b.kind, b.text, b.html) for b in parse_html(unix.encode()).blocks
    ]


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        pytest.param('<meta charset="iso-8859-1">', "cp1252", id="latin-1-reads-as-windows-1252"),
        pytest.param("<meta charset=windows-1252>", "cp1252", id="unquoted"),
        pytest.param(
            '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-15">',
            "iso8859-15",
            id="http-equiv",
        ),
        pytest.param('<?xml version="1.0" encoding="windows-1250"?>', "cp1250", id="xml"),
        pytest.param('<meta charset="utf-16">', "utf-8", id="utf-16-reads-as-utf-8"),
        pytest.param('<meta charset="klingon">', None, id="unknown-label"),
        pytest.param("<p>no declaration</p>", None, id="none"),
    ],
)
def test_the_declared_encoding_is_read_as_browsers_read_it(head: str, encoding: str | None) -> None:
    assert declared_encoding(f"{head}<p>x</p>".encode()) == encoding


def test_a_page_in_its_declared_encoding_reads_as_in_a_browser() -> None:
    page = '<meta charset="iso-8859-1"><p>“Café crème” costs 3 €.</p>'.encode("cp1252")
    assert decode_html(page).endswith("<p>“Café crème” costs 3 €.</p>")
    assert parse_html(page).blocks[0].text == "“Café crème” costs 3 €."


def test_valid_utf8_wins_over_a_stale_declaration_and_a_named_encoding_over_both() -> None:
    page = '<meta charset="iso-8859-1"><p>Café</p>'
    assert parse_html(page.encode()).blocks[0].text == "Café"
    assert parse_html(page.encode(), encoding="cp1252").blocks[0].text == "CafÃ©"


def test_the_stored_source_is_decoded_as_the_preview_was() -> None:
    page = '<meta charset="windows-1252"><p>Café crème</p>'.encode("cp1252")
    assert "Café crème" in source_text(page, source_format="html")
    with pytest.raises(ImportFailed, match="the Encoding choice on the import page"):
        source_text(page, source_format="text")


# Project Gutenberg's older HTML layout: the licence header and footer in a <pre> each, with
# the START and END lines inside them.
GUTENBERG_PRE = b"""<html><head>
<title>The Project Gutenberg eBook of News from Nowhere, by William Morris</title></head><body>
<pre>
The Project Gutenberg EBook of News from Nowhere, by William Morris

This eBook is for the use of anyone anywhere at no cost and with
almost no restrictions whatsoever.

Title: News from Nowhere

Author: William Morris

Release Date: July 14, 2008 [EBook #3261]

*** START OF THIS PROJECT GUTENBERG EBOOK NEWS FROM NOWHERE ***
</pre>
<h1>NEWS FROM NOWHERE</h1>
<h2>CHAPTER I: DISCUSSION AND BED</h2>
<p>Up at the League, says a friend, there had been one night a brisk discussion.</p>
<pre>
  A verse kept in its lines,
    as the book sets it.
</pre>
<pre>
End of the Project Gutenberg EBook of News from Nowhere, by William Morris

*** END OF THIS PROJECT GUTENBERG EBOOK NEWS FROM NOWHERE ***

Updated editions will replace the previous one--the old editions
will be renamed.
</pre></body></html>"""


def test_a_gutenberg_licence_in_pre_blocks_is_set_aside_and_its_fields_read() -> None:
    parsed = parse_html(GUTENBERG_PRE)

    assert (parsed.metadata.title, parsed.metadata.author) == (
        "News from Nowhere",
        "William Morris",
    )
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        (BlockKind.HEADING, "CHAPTER I: DISCUSSION AND BED"),
        (
            BlockKind.PARAGRAPH,
            "Up at the League, says a friend, there had been one night a brisk discussion.",
        ),
        (BlockKind.PREFORMATTED, "  A verse kept in its lines,\n    as the book sets it."),
    ]
    assert "Release Date: July 14, 2008" in parsed.front_matter
    assert parsed.back_matter.startswith("End of the Project Gutenberg EBook")
    assert "Updated editions will replace" in parsed.back_matter


def test_book_text_after_the_start_line_in_the_same_pre_stays() -> None:
    page = (
        b"<pre>Title: A Book\n*** START OF THE PROJECT GUTENBERG EBOOK A BOOK ***\nIt begins.</pre>"
    )
    parsed = parse_html(page)
    assert [b.text for b in parsed.blocks] == ["It begins."]
    assert parsed.metadata.title == "A Book"


def test_the_title_author_and_dublin_core_details_come_from_the_head() -> None:
    page = b"""<html><head><title>On Liberty | Example Library</title>
    <meta name="DC.title" content="On Liberty">
    <meta name="DC.creator" content="John Stuart Mill">
    <meta name="DC.creator" content="Harriet Taylor">
    <meta name="DC.date" content="1859-02"><meta name="DC.language" content="en">
    <meta name="DC.description" content="An essay on the limits of power.">
    <meta name="DC.rights" content="Public domain">
    <link rel="canonical" href="https://library.example.org/liberty">
    </head><body><p>The subject of this essay.</p></body></html>"""
    metadata = parse_html(page).metadata
    assert metadata.title == "On Liberty"
    assert metadata.author == "John Stuart Mill, Harriet Taylor"
    assert metadata.published_on == date(1859, 2, 1)
    assert metadata.description == "An essay on the limits of power."
    assert metadata.licence == "Public domain"
    assert metadata.source_url == "https://library.example.org/liberty"


def test_the_page_title_and_author_meta_are_read() -> None:
    page = b"""<html><head><title>Menu of the Day</title><meta name="author" content="Ann Cook">
    </head><body><p>Soup.</p></body></html>"""
    parsed = parse_html(page)
    assert (parsed.metadata.title, parsed.metadata.author) == ("Menu of the Day", "Ann Cook")
    assert [b.text for b in parsed.blocks] == ["Soup."]


MDBOOK = """<!DOCTYPE HTML><html lang="en" class="light sidebar-visible"><head>{title}</head>
<body><div id="mdbook-help-container"><div id="mdbook-help-popup">
<h2 class="mdbook-help-title">Keyboard shortcuts</h2>
<div><p>Press <kbd>←</kbd> or <kbd>→</kbd> to navigate between chapters</p></div></div></div>
<div id="body-container"><div id="search-wrapper" class="hidden"><p>Search results</p></div>
<main><h1 id="introduction">Introduction</h1><p>Welcome to the book.</p></main>
</div></body></html>"""


@pytest.mark.parametrize(
    ("head", "title", "texts"),
    [
        pytest.param(
            "<title>Introduction - The Book</title>",
            "Introduction - The Book",
            ["Introduction", "Welcome to the book."],
            id="with-title",
        ),
        pytest.param("", "Introduction", ["Welcome to the book."], id="leading-heading"),
    ],
)
def test_a_hidden_help_popup_is_neither_title_nor_text(
    head: str, title: str, texts: list[str]
) -> None:
    parsed = parse_html(MDBOOK.format(title=head).encode())
    assert parsed.metadata.title == title
    assert [b.text for b in parsed.blocks] == texts


def test_navigation_rows_of_links_to_the_site_are_dropped() -> None:
    page = b"""<html><head><title>Chapter 2</title></head><body>
    <table><tr><td><a href="ch1.html">Previous</a></td><td><a href="index.html">Home</a></td>
    <td><a href="ch3.html">Next</a></td></tr></table>
    <center><a href="ch1.html">1</a> | <a href="ch2.html">2</a> | <a href="ch3.html">3</a></center>
    <p>The chapter, with <a href="ch1.html">a link back</a> inside a sentence.</p>
    <p><a href="https://elsewhere.example.org/">A page on another site</a></p>
    <p><a href="#note-1">[1]</a> A footnote.</p>
    <p>Previous | <a href="https://www.example.org/index.html">Home</a></p>
    </body></html>"""
    assert [b.text for b in parse_html(page).blocks] == [
        "The chapter, with a link back inside a sentence.",
        "A page on another site",
        "[1] A footnote.",
        "Previous | Home",
    ]


def test_links_to_the_pages_own_host_count_as_the_same_site() -> None:
    page = b"""<head><link rel="canonical" href="https://www.example.org/ch2.html"></head>
    <p><a href="https://www.example.org/ch1.html">Previous</a> | <a href="/">Home</a></p>
    <p>Text.</p>"""
    assert [b.text for b in parse_html(page).blocks] == ["Text."]


@pytest.mark.parametrize(
    "hidden",
    [
        pytest.param("<p hidden>Secret</p>", id="hidden"),
        pytest.param('<div aria-hidden="true"><p>Secret</p></div>', id="aria-hidden"),
        pytest.param('<p style="color: red; display:none">Secret</p>', id="display-none"),
        pytest.param('<div style="visibility: hidden">Secret</div>', id="visibility-hidden"),
        pytest.param("<dialog><p>Secret</p></dialog>", id="closed-dialog"),
        pytest.param('<div class="modal fade"><h2>Secret</h2></div>', id="modal"),
        pytest.param("<p>Shown<span hidden> Secret</span> text</p>", id="inline"),
        pytest.param("<p hidden>Secret<p>Shown text", id="unclosed-p"),
    ],
)
def test_elements_hidden_from_readers_are_dropped(hidden: str) -> None:
    page = f"<body><p>Before.</p>{hidden}<p>After.</p></body>"
    text = " ".join(b.text for b in parse_html(page.encode()).blocks)
    assert "Secret" not in text
    assert text.startswith("Before.")
    assert text.endswith("After.")


def test_nested_lists_keep_their_levels_and_items_made_of_paragraphs_stay_items() -> None:
    page = b"""<ul><li>one<ul><li>one a</li><li><p>one b</p><ol><li>deep</li></ol></li></ul></li>
    <li><p>two</p></li></ul>"""
    assert [(b.kind, b.level, b.text) for b in parse_html(page).blocks] == [
        (BlockKind.LIST_ITEM, 1, "one"),
        (BlockKind.LIST_ITEM, 2, "one a"),
        (BlockKind.LIST_ITEM, 2, "one b"),
        (BlockKind.LIST_ITEM, 3, "deep"),
        (BlockKind.LIST_ITEM, 1, "two"),
    ]


# The no-text-lost property: visible words are lower-case, hidden ones upper-case.
WORD = st.text(alphabet="abcdefgh", min_size=1, max_size=6)
SECRET = st.text(alphabet="XYZ", min_size=1, max_size=4)
HIDING = [
    "<{tag} hidden>{html}</{tag}>",
    '<{tag} aria-hidden="true">{html}</{tag}>',
    '<{tag} style="display: none">{html}</{tag}>',
    '<{tag} style="visibility:hidden">{html}</{tag}>',
]
Fragment = tuple[str, list[str]]  # HTML and the words a reader sees in it, in order


@st.composite
def inline(draw: st.DrawFn) -> Fragment:
    """A run of words, some emphasised, linked or hidden."""
    html, seen = [], []
    for word in draw(st.lists(WORD, min_size=1, max_size=5)):
        shape = draw(st.sampled_from(["plain", "em", "link", "hidden"]))
        if shape == "hidden":
            hiding = draw(st.sampled_from(HIDING))
            html.append(hiding.format(tag="span", html=draw(SECRET)))
        html.append(
            f"<em>{word}</em>"
            if shape == "em"
            else f'<a href="https://example.org/{word}">{word}</a>'
            if shape == "link"
            else word
        )
        seen.append(word)
    return " ".join(html), seen


@st.composite
def html_list(draw: st.DrawFn, depth: int) -> Fragment:
    tag = draw(st.sampled_from(["ul", "ol"]))
    html, seen = [f"<{tag}>"], []
    for _ in range(draw(st.integers(1, 3))):
        text, words = draw(inline())
        html.append(f"<li><p>{text}</p>" if draw(st.booleans()) else f"<li>{text}")
        seen += words
        if depth < 3 and draw(st.booleans()):
            nested, nested_words = draw(html_list(depth + 1))
            html.append(nested)
            seen += nested_words
        html.append("</li>")
    return "".join([*html, f"</{tag}>"]), seen


@st.composite
def table(draw: st.DrawFn) -> Fragment:
    rows = draw(st.lists(st.lists(inline(), min_size=1, max_size=3), min_size=1, max_size=3))
    html = "".join("<tr>" + "".join(f"<td>{c}</td>" for c, _ in row) + "</tr>" for row in rows)
    return f"<table>{html}</table>", [word for row in rows for _, words in row for word in words]


@st.composite
def block(draw: st.DrawFn, depth: int = 0) -> Fragment:
    shape = draw(
        st.sampled_from(["p", "h", "pre", "list", "table", "div", "hidden", "quote"][: 8 - depth])
    )
    if shape in {"p", "h", "div"}:
        text, words = draw(inline())
        tag = f"h{draw(st.integers(2, 6))}" if shape == "h" else shape
        return f"<{tag}>{text}</{tag}>", words
    if shape == "pre":
        lines = draw(st.lists(st.lists(WORD, min_size=1, max_size=4), min_size=1, max_size=3))
        return "<pre>" + "\n".join(" ".join(line) for line in lines) + "</pre>", [
            word for line in lines for word in line
        ]
    if shape == "list":
        return draw(html_list(1))
    if shape == "table":
        return draw(table())
    if shape == "hidden":
        hiding = draw(st.sampled_from(HIDING))
        return hiding.format(tag="div", html=f"<p>{draw(SECRET)}</p>"), []
    children = draw(st.lists(block(depth + 1), min_size=1, max_size=3))
    return "<blockquote>" + "".join(html for html, _ in children) + "</blockquote>", [
        word for _, words in children for word in words
    ]


@given(st.lists(block(), min_size=1, max_size=6))
def test_every_visible_word_is_stored_in_order_and_no_hidden_one(blocks: list[Fragment]) -> None:
    page = "<html><head><title>Q</title></head><body>"
    page += "".join(html for html, _ in blocks) + "</body></html>"
    seen = [word for _, words in blocks for word in words]
    if not seen:
        with pytest.raises(ImportFailed):
            parse_html(page.encode())
        return
    stored = " ".join(b.text for b in parse_html(page.encode()).blocks).split()
    assert stored == seen


def test_a_table_of_data_is_one_table_block_with_its_cells() -> None:
    page = b"""<p>Before.</p><table><caption>Works</caption>
    <tr><th>Name</th><th>Born</th><th>Works</th></tr>
    <tr><td>Morris</td><td>1834</td></tr>
    <tr><td><em>A</em> &amp; B</td><td></td><td><a href="https://example.org/3">3</a></td></tr>
    </table><p>After.</p>"""
    before, caption, table, after = parse_html(page).blocks
    assert (before.text, caption.text, after.text) == ("Before.", "Works", "After.")
    assert table.kind == BlockKind.TABLE
    assert table.text == "Name\tBorn\tWorks\nMorris\t1834\t\nA & B\t\t3"
    assert "<th>Name\t</th>" in table.html
    assert "<td><em>A</em> &amp; B\t</td>" in table.html
    assert text_content(table.html) == table.text


@pytest.mark.parametrize(
    "table",
    [
        pytest.param("<table><tr><td><h2>Chapter</h2><p>Text.</p></td></tr></table>", id="frame"),
        pytest.param(
            "<table><tr><td><p>Chapter</p></td><td><ul><li>Text.</li></ul></td></tr></table>",
            id="list-in-cell",
        ),
        pytest.param(
            "<table><tr><td><table><tr><td>Chapter</td><td>Text.</td></tr></table></td></tr>"
            "</table>",
            id="nested",
        ),
    ],
)
def test_a_table_used_for_layout_keeps_the_blocks_of_its_cells(table: str) -> None:
    blocks = parse_html(f"<p>Before.</p>{table}".encode()).blocks
    assert " ".join(b.text for b in blocks).split() == ["Before.", "Chapter", "Text."]
    assert BlockKind.TABLE not in {b.kind for b in blocks[:-1]}


def test_a_navigation_table_is_dropped_whole() -> None:
    page = b"""<p>Text.</p><table><tr><td><a href="ch1.html">Previous</a></td>
    <td><a href="index.html">Contents</a></td><td><a href="ch3.html">Next</a></td></tr></table>"""
    assert [b.text for b in parse_html(page).blocks] == ["Text."]
