"""The plain-text importer, rule by rule: pure functions, no database."""

import codecs
import re
import textwrap
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from texts.importers.parsed import BlockKind, ImportFailed, ListStyle
from texts.importers.plaintext import parse_text
from texts.rendering import text_content


def parse(text: str, **kwargs: str) -> list[tuple[str, str]]:
    """The (kind, text) of each block parsed from `text`."""
    return [(b.kind.value, b.text) for b in parse_text(text.encode(), **kwargs).blocks]


def kinds(text: str) -> list[str]:
    return [kind for kind, _ in parse(text)]


@pytest.mark.parametrize(
    ("line", "is_heading"),
    [
        pytest.param("Consciousness and revolutionaries", True, id="sentence-case"),
        pytest.param("The Ruling Class", True, id="title-case"),
        pytest.param("Status Quo:", True, id="title-case-with-colon"),
        pytest.param("The Certainties We Must Build On", True, id="capitalised-preposition"),
        pytest.param("No To Economicism", True, id="title-case-short"),
        pytest.param("CHAPTER IV", True, id="chapter-roman"),
        pytest.param("Chapter 12. The Return", True, id="chapter-with-title"),
        pytest.param("THE DIVISION OF LABOUR", True, id="all-caps"),
        pytest.param("This is false because:", False, id="lead-in-colon"),
        pytest.param("The CP strategy is:", False, id="lead-in-verb"),
        pytest.param("I like this.", False, id="short-sentence"),
        pytest.param("via the mass organization.", False, id="lowercase-fragment"),
        pytest.param("So are we stuck?", False, id="question"),
        pytest.param("Workers of the", False, id="dangling-article"),
        pytest.param("“A quoted line”", False, id="quoted-line"),
        pytest.param(
            "This is my comments on an STO paper, towards the revolutionary party",
            False,
            id="too-many-words",
        ),
    ],
)
def test_short_lines_standing_alone_are_headings_unless_they_read_as_sentences(
    line: str, is_heading: bool
) -> None:
    blocks = parse(f"Opening paragraph of the text.\n\n{line}\n\nWhat follows it.\n")
    assert (blocks[1][0] == "heading") is is_heading
    assert blocks[1][1] == line


def test_hard_wrapped_paragraphs_are_unwrapped_into_one_block_each() -> None:
    text = (
        "It was the best of times, it was the worst of times, it was the age of\n"
        "wisdom, it was the age of foolishness, it was the epoch of belief, it\n"
        "was the epoch of incredulity.\n"
        "\n"
        "There were a king with a large jaw and a queen with a plain face, on the\n"
        "throne of England.\n"
    )
    assert parse(text) == [
        (
            "paragraph",
            "It was the best of times, it was the worst of times, it was the age of wisdom, it "
            "was the age of foolishness, it was the epoch of belief, it was the epoch of "
            "incredulity.",
        ),
        (
            "paragraph",
            "There were a king with a large jaw and a queen with a plain face, on the throne of "
            "England.",
        ),
    ]


def test_long_lines_without_blank_lines_between_are_one_paragraph_each() -> None:
    first = "A paragraph copied from a web page, long enough that no editor wrapped it. " * 3
    second = "The next paragraph, on the very next line, also far longer than any wrap width. " * 2
    assert parse(f"{first.strip()}\n{second.strip()}\n") == [
        ("paragraph", first.strip()),
        ("paragraph", second.strip()),
    ]


@pytest.mark.parametrize(
    ("text", "style", "numbers"),
    [
        pytest.param("- one\n- two\n- three\n", ListStyle.BULLET, [None] * 3, id="dash"),
        pytest.param("* one\n\n* two\n\n* three\n", ListStyle.BULLET, [None] * 3, id="star"),
        pytest.param("-one\n\n-two\n\n-three\n", ListStyle.BULLET, [None] * 3, id="dash-no-space"),
        pytest.param("1. one\n2. two\n3. three\n", ListStyle.DECIMAL, [1, 2, 3], id="decimal"),
        pytest.param(
            "  1. one\n\n  2. two\n\n  3. three\n", ListStyle.DECIMAL, [1, 2, 3], id="indented"
        ),
        pytest.param(
            "a. one\n\nb. two\n\nc. three\n", ListStyle.LOWER_ALPHA, [1, 2, 3], id="alpha"
        ),
        pytest.param("(a) one\n(b) two\n(c) three\n", ListStyle.LOWER_ALPHA, [1, 2, 3], id="paren"),
        pytest.param("i. one\nii. two\niii. three\n", ListStyle.LOWER_ROMAN, [1, 2, 3], id="roman"),
        pytest.param(
            "\t\none\n\n\t\n\ntwo\n\n\t\n\nthree\n", ListStyle.BULLET, [None] * 3, id="tab-lines"
        ),
    ],
)
def test_consecutive_list_items_form_one_list(
    text: str, style: ListStyle, numbers: list[int | None]
) -> None:
    blocks = parse_text(f"Before the list:\n\n{text}\nAfter the list.\n".encode()).blocks
    items = blocks[1:4]
    assert [b.text for b in items] == ["one", "two", "three"]
    assert {b.kind for b in items} == {BlockKind.LIST_ITEM}
    assert {b.list_style for b in items} == {style}
    assert len({b.list_id for b in items}) == 1
    assert [b.list_number for b in items] == numbers
    assert blocks[4].kind == BlockKind.PARAGRAPH


def test_a_paragraph_or_a_conversion_marker_between_items_starts_a_new_list() -> None:
    text = "- one\n\n- two\n\nA paragraph.\n\n- three\n\n\t\nfour\n\nnew list\n\n\t\nfive\n"
    blocks = parse_text(text.encode()).blocks
    lists = [b.list_id for b in blocks if b.kind == BlockKind.LIST_ITEM]
    assert lists[0] == lists[1] != lists[2]
    assert lists[2] == lists[3] != lists[4]
    assert "new list" not in [b.text for b in blocks]


def test_a_wrapped_list_item_continues_on_its_next_lines() -> None:
    text = "- the first item is long enough\n  to wrap onto a second line\n- the second item\n"
    assert parse(text) == [
        ("list_item", "the first item is long enough to wrap onto a second line"),
        ("list_item", "the second item"),
    ]


@pytest.mark.parametrize(
    ("text", "expected_kind"),
    [
        pytest.param("The struggle is not inherent in the class.”", "quotation", id="closing-only"),
        # Quotes that open and close in the paragraph are dialogue (issue 14, item 2).
        pytest.param("“The whole paragraph is said.”", "paragraph", id="fully-quoted-dialogue"),
        pytest.param(
            '"…does it not often happen?" (Gramsci, page 61.)"', "quotation", id="straight"
        ),
        pytest.param("> A quoted line\n> and its second line.", "quotation", id="email-style"),
        pytest.param("    An indented passage\n    of two lines.", "quotation", id="indented"),
        pytest.param("Later they say “this” and “that”.", "paragraph", id="quotes-inside"),
        pytest.param("He said “no.” Then he left.", "paragraph", id="quote-then-more"),
    ],
)
def test_quoted_passages_become_quotations(text: str, expected_kind: str) -> None:
    blocks = parse(f"Introduction to it.\n\n{text}\n")
    assert blocks[1][0] == expected_kind


def test_email_style_and_indented_quotations_keep_their_text_without_markers() -> None:
    assert parse("Intro line here.\n\n> A quoted line\n> and its second line.\n")[1] == (
        "quotation",
        "A quoted line and its second line.",
    )


def test_debris_lines_produce_nothing() -> None:
    text = "First paragraph.\n   \n\t \n\n\n\n      \nnew list\n\f\nSecond paragraph.\n\n\n"
    assert parse(text) == [("paragraph", "First paragraph."), ("paragraph", "Second paragraph.")]


def test_crlf_cr_and_lf_give_identical_documents() -> None:
    text = "Title Line\n\nFirst paragraph\nwrapped here.\n\n- item one\n- item two\n"
    lf = parse_text(text.encode())
    assert parse_text(text.replace("\n", "\r\n").encode()) == lf
    assert parse_text(text.replace("\n", "\r").encode()) == lf


@pytest.mark.parametrize(
    "separator",
    [
        pytest.param("\u2028", id="line-separator"),
        pytest.param("\x85", id="next-line"),
        pytest.param("\x0c", id="form-feed"),
        pytest.param("\x0b", id="vertical-tab"),
    ],
)
def test_only_real_newlines_split_lines(separator: str) -> None:
    blocks = parse(f"Intro paragraph.\n\nfirst half{separator}second half.\n")
    assert len(blocks) == 2
    assert blocks[1][1] == f"first half{separator}second half."


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(codecs.BOM_UTF8 + "Café society.\n".encode(), id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + "Café society.\n".encode("utf-16-le"), id="utf-16-le"),
        pytest.param(codecs.BOM_UTF16_BE + "Café society.\n".encode("utf-16-be"), id="utf-16-be"),
        pytest.param("Café society.\n".encode(), id="utf-8"),
    ],
)
def test_utf8_and_utf16_with_bom_decode_to_the_same_text(data: bytes) -> None:
    assert [b.text for b in parse_text(data).blocks] == ["Café society."]


def test_invalid_bytes_are_refused_naming_the_offset_and_what_to_do() -> None:
    with pytest.raises(ImportFailed) as error:
        parse_text("Café society.\n".encode("cp1252"))
    message = str(error.value)
    assert "byte 0xE9 at offset 3" in message
    assert "--encoding" in message


def test_a_named_encoding_is_used_instead_of_utf8() -> None:
    data = "Café society.\n".encode("cp1252")
    assert [b.text for b in parse_text(data, encoding="cp1252").blocks] == ["Café society."]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"", "The file is empty", id="empty"),
        pytest.param(b"  \n\n\t\n", "The file is empty", id="whitespace"),
        pytest.param(b"new list\n\n", "No text was found", id="only-markers"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file", id="binary"),
    ],
)
def test_files_without_text_are_refused_with_a_clear_message(data: bytes, expected: str) -> None:
    with pytest.raises(ImportFailed, match=expected):
        parse_text(data)


def test_unknown_encoding_is_refused() -> None:
    with pytest.raises(ImportFailed, match="Unknown encoding 'klingon'"):
        parse_text(b"text", encoding="klingon")


GUTENBERG = """\
The Project Gutenberg eBook of The Sample Book

This ebook is for the use of anyone anywhere in the United States and
most other parts of the world at no cost and with almost no restrictions.

Title: The Sample Book

Author: Jane Example

Release date: January 1, 2020 [eBook #99999]

*** START OF THE PROJECT GUTENBERG EBOOK THE SAMPLE BOOK ***

THE SAMPLE BOOK

CHAPTER I

THE BEGINNING

It was a quiet morning in the town, and nobody expected the letter that
would arrive before noon.

CHAPTER II

The second chapter begins here, hard-wrapped like the first one, and it
ends on this line.

*** END OF THE PROJECT GUTENBERG EBOOK THE SAMPLE BOOK ***

Updated editions will replace the previous one--the old editions will
be renamed.
"""


def test_project_gutenberg_licence_is_set_aside_and_chapters_become_headings() -> None:
    parsed = parse_text(GUTENBERG.replace("\n", "\r\n").encode())
    assert parsed.metadata.title == "The Sample Book"
    assert parsed.metadata.author == "Jane Example"
    assert [(b.kind.value, b.level, b.text) for b in parsed.blocks] == [
        ("heading", 1, "CHAPTER I"),
        ("heading", 2, "THE BEGINNING"),
        (
            "paragraph",
            None,
            "It was a quiet morning in the town, and nobody expected the letter that would arrive "
            "before noon.",
        ),
        ("heading", 1, "CHAPTER II"),
        (
            "paragraph",
            None,
            "The second chapter begins here, hard-wrapped like the first one, and it ends on this "
            "line.",
        ),
    ]
    assert "Release date" in parsed.front_matter
    assert parsed.back_matter.startswith("*** END OF THE PROJECT GUTENBERG")
    assert not any("Gutenberg" in b.text for b in parsed.blocks)


def test_a_first_heading_matching_the_given_title_is_not_repeated_as_a_block() -> None:
    parsed = parse_text("My\u00a0Title\n\nThe text.\n".encode(), title="My Title")
    assert parsed.metadata.title == "My Title"
    assert [b.text for b in parsed.blocks] == ["The text."]


def test_without_a_title_the_first_heading_becomes_the_title() -> None:
    parsed = parse_text(b"A Short Title\n\nThe text.\n")
    assert parsed.metadata.title == "A Short Title"
    assert [b.text for b in parsed.blocks] == ["The text."]


BLOG_COMMENTS = """\
A post about reading.

3 responses to \u201cA post about reading\u201d

  1. Ana says:
     March 3, 2021 at 9:15 pm

     I liked this a lot.

     Especially the second part.

     Reply
      2. Ben says:
         March 4, 2021 at 10:00 am

         Thanks Ana, I agree.
  3. Cleo says:

     A third view.

Leave a Reply
"""


def test_a_blog_comment_section_becomes_comments_with_authors_dates_and_nesting() -> None:
    parsed = parse_text(BLOG_COMMENTS.encode())
    assert [b.text for b in parsed.blocks] == ["A post about reading."]
    assert parsed.comments_heading == "3 responses to “A post about reading”"
    assert [(c.number, c.author, c.reply_to, c.body) for c in parsed.comments] == [
        (1, "Ana", None, "I liked this a lot.\n\nEspecially the second part."),
        (2, "Ben", 1, "Thanks Ana, I agree."),
        (3, "Cleo", None, "A third view."),
    ]
    posted_at = parsed.comments[0].posted_at
    assert posted_at is not None
    assert posted_at.isoformat() == "2021-03-03T21:15:00+00:00"


def test_block_html_is_the_escaped_text() -> None:
    block = parse_text(b"Intro.\n\n<script>alert('x')</script> & more\n").blocks[1]
    assert block.text == "<script>alert('x')</script> & more"
    assert block.html == "&lt;script&gt;alert('x')&lt;/script&gt; &amp; more"


# Project Gutenberg's plain-text books (issue 14, items 1-7): samples of each shape.


def test_a_line_end_hyphen_after_a_letter_joins_the_compound_without_a_space() -> None:
    text = (
        "We met at the after-\n"
        "lecture supper, twenty-\n"
        "five of us--\n"
        "and more came in 1914-\n"
        "1918.\n"
    )
    assert parse(f"Intro here.\n\n{text}")[1] == (
        "paragraph",
        "We met at the after-lecture supper, twenty-five of us--and more came in 1914- 1918.",
    )


@pytest.mark.parametrize(
    ("text", "expected_kind"),
    [
        pytest.param('"Yes," he said, "I can."', "paragraph", id="dialogue-with-speech-tag"),
        pytest.param('"I can, and I will."', "paragraph", id="dialogue-alone"),
        pytest.param("“Yes,” he said, “I can.”", "paragraph", id="curly-dialogue"),
        pytest.param('"Then we go on without you.', "paragraph", id="speech-continuing"),
        pytest.param("the end of a passage quoted from a book.”", "quotation", id="closing-only"),
        pytest.param('It is "the norm of conduct." (Gramsci, page 61.)"', "quotation", id="cited"),
    ],
)
def test_dialogue_stays_a_paragraph_while_a_closing_quote_alone_is_a_quotation(
    text: str, expected_kind: str
) -> None:
    assert parse(f"Intro here.\n\n{text}\n")[1] == (expected_kind, text)


def test_a_speaker_label_alone_is_text_while_consecutive_numerals_are_a_list() -> None:
    catechism = "(H.)  Do you hold with it?\n\n(I)  No.\n\n(H.)  Why not?\n\n(I)  Because.\n"
    assert parse(f"The dialogue.\n\n{catechism}")[1:] == [
        ("paragraph", "(H.)  Do you hold with it?"),
        ("paragraph", "(I)  No."),
        ("paragraph", "(H.)  Why not?"),
        ("paragraph", "(I)  Because."),
    ]
    assert parse("Intro here.\n\nA. Smith wrote the preface.\n")[1] == (
        "paragraph",
        "A. Smith wrote the preface.",
    )
    parsed = parse_text(b"Intro here.\n\n(I) First reason.\n\n(II) Second reason.\n")
    assert [(b.kind.value, b.list_style, b.list_number, b.text) for b in parsed.blocks[1:]] == [
        ("list_item", ListStyle.UPPER_ROMAN, 1, "First reason."),
        ("list_item", ListStyle.UPPER_ROMAN, 2, "Second reason."),
    ]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("*       *       *       *       *", id="gutenberg-spaced"),
        pytest.param("*  * *", id="uneven"),
        pytest.param("* * *", id="three-spaced"),
        pytest.param("***", id="three"),
        pytest.param("-----", id="dashes"),
        pytest.param("    * * *", id="indented"),
    ],
)
def test_a_scene_break_between_paragraphs_is_a_break_block(line: str) -> None:
    parsed = parse_text(f"The first scene ends.\n\n{line}\n\nThe second begins.\n".encode())
    assert [(b.kind.value, b.text) for b in parsed.blocks] == [
        ("paragraph", "The first scene ends."),
        ("break", ""),
        ("paragraph", "The second begins."),
    ]
    assert parsed.counts()["list_item"] == 0


def test_underscores_around_words_are_emphasis_and_leave_the_text() -> None:
    text = "It was _very_ late, said _The\nTimes_; snake_case_name and a lone _ stay."
    block = parse_text(f"Intro here.\n\n{text}\n".encode()).blocks[1]
    assert block.text == "It was very late, said The Times; snake_case_name and a lone _ stay."
    assert block.html == (
        "It was <em>very</em> late, said <em>The Times</em>; snake_case_name and a lone _ stay."
    )
    assert text_content(block.html) == block.text


def test_indented_verse_keeps_its_lines() -> None:
    text = (
        "He sang to them.\n\n"
        "    Tyger Tyger, burning bright,\n"
        "    In the forests of the _night_;\n"
        "      What immortal hand or eye,\n"
        "    Could frame thy fearful symmetry?\n\n"
        "And they listened.\n"
    )
    verse = parse_text(text.encode()).blocks[1]
    assert verse.kind == BlockKind.VERSE
    assert verse.text == (
        "Tyger Tyger, burning bright,\nIn the forests of the night;\n"
        "What immortal hand or eye,\nCould frame thy fearful symmetry?"
    )
    assert verse.html == (
        "Tyger Tyger, burning bright,<br>In the forests of the <em>night</em>;<br>"
        "What immortal hand or eye,<br>Could frame thy fearful symmetry?"
    )
    assert text_content(verse.html) == verse.text


def test_an_indented_wrapped_passage_of_prose_stays_one_quotation() -> None:
    text = (
        "As the report said:\n\n"
        "    The meeting was long and the hall was cold, but nobody left before\n"
        "    the vote was taken, and the vote was carried by a large majority.\n"
    )
    assert parse(text)[1] == (
        "quotation",
        "The meeting was long and the hall was cold, but nobody left before the vote was "
        "taken, and the vote was carried by a large majority.",
    )


TITLE_PAGE = """\
NEWS FROM NOWHERE;

OR,

AN EPOCH OF REST

BEING SOME CHAPTERS FROM A UTOPIAN ROMANCE

By William Morris

CHAPTER I: DISCUSSION AND BED

Up at the League, says a friend, there had been one night a brisk conversational
discussion, as to what would happen on the Morrow of the Revolution.

CHAPTER II: A MORNING BATH

Then I woke.
"""


def test_the_lines_before_the_first_chapter_are_one_title_page_block() -> None:
    parsed = parse_text(TITLE_PAGE.encode())
    assert [(b.kind.value, b.level) for b in parsed.blocks] == [
        ("title", None),
        ("heading", 1),
        ("paragraph", None),
        ("heading", 1),
        ("paragraph", None),
    ]
    assert parsed.blocks[0].text == (
        "NEWS FROM NOWHERE;\nOR,\nAN EPOCH OF REST\nBEING SOME CHAPTERS FROM A UTOPIAN ROMANCE\n"
        "By William Morris"
    )
    assert parsed.blocks[0].html == parsed.blocks[0].text.replace("\n", "<br>")
    assert parsed.metadata.title == "NEWS FROM NOWHERE;"
    given = parse_text(TITLE_PAGE.encode(), title="News from Nowhere")
    assert given.blocks == parsed.blocks
    assert given.metadata.title == "News from Nowhere"


GUTENBERG_FRONT = """Transcribed from the 1908 Longmans, Green, and Co. edition by David
Price, email ccx074@pglaf.org



NEWS FROM NOWHERE
OR
AN EPOCH OF REST
BEING SOME CHAPTERS FROM
A UTOPIAN ROMANCE


BY
WILLIAM MORRIS,
AUTHOR OF 'THE EARTHLY PARADISE.'

_TENTH IMPRESSION_

First printed serially in the Commonweal, 1890.

Thence reprinted at Boston, Mass., 1890.

CHAPTER I: DISCUSSION AND BED

Up at the League, says a friend, there had been one night a brisk conversational discussion.
"""


def test_a_title_page_between_a_transcribers_note_and_the_printing_history_is_one_block() -> None:
    """As Project Gutenberg's edition of the novel sets it (its release 3261)."""
    parsed = parse_text(GUTENBERG_FRONT.encode())
    assert [b.kind.value for b in parsed.blocks] == [
        "paragraph",
        "title",
        "paragraph",
        "paragraph",
        "heading",
        "paragraph",
    ]
    assert parsed.blocks[1].text.split("\n") == [
        "NEWS FROM NOWHERE",
        "OR",
        "AN EPOCH OF REST",
        "BEING SOME CHAPTERS FROM",
        "A UTOPIAN ROMANCE",
        "BY WILLIAM MORRIS, AUTHOR OF 'THE EARTHLY PARADISE.'",
        "TENTH IMPRESSION",
    ]


def test_a_preface_before_the_first_chapter_keeps_its_heading() -> None:
    text = "PREFACE\n\nThis book was written over many years, in many places.\n\nCHAPTER I\n\nIt.\n"
    assert kinds(text) == ["paragraph", "heading", "paragraph"]


# Nothing is lost: every word of any text, in order (issue 14, "no text is ever dropped").
VOCABULARY = [
    "reading",
    "Group",
    "argues",
    "over",
    "footnote",
    "café",
    "Ünïcödé",
    "naïve",
    "1914",
    "twenty",
    "five",
    "I",
    "A",
    "the",
    "of",
    "and",
    "Yes",
    "said",
    "CHAPTER",
    "IV",
    "漢字",
    "x_y",
    "Tyger",
]
WORD = st.sampled_from(VOCABULARY)


@st.composite
def prose(draw: st.DrawFn) -> str:
    """A paragraph: words, some joined by hyphens, in _emphasis_ or quotes, hard-wrapped and
    maybe set in."""
    words = draw(st.lists(WORD, min_size=1, max_size=30))
    pieces = []
    for word in words:
        shape = draw(st.sampled_from(["plain", "plain", "hyphen", "emphasis", "quote"]))
        pieces.append(
            {"hyphen": f"{word}-{word}", "emphasis": f"_{word}_", "quote": f'"{word},"'}.get(
                shape, word
            )
        )
    width = draw(st.integers(min_value=12, max_value=72))
    indent = " " * draw(st.sampled_from([0, 0, 2, 4]))
    return textwrap.fill(" ".join(pieces), width, initial_indent=indent, subsequent_indent=indent)


@st.composite
def items(draw: st.DrawFn) -> str:
    """A list: bullets, numbers or numerals, or a speaker's label alone."""
    count = draw(st.integers(min_value=1, max_value=4))
    style = draw(st.sampled_from(["- ", "* ", "{n}. ", "({r}) "]))
    lines = []
    for n in range(1, count + 1):
        marker = style.format(n=n, r=["I", "II", "III", "IV"][n - 1])
        lines.append(marker + " ".join(draw(st.lists(WORD, min_size=1, max_size=8))))
    return "\n".join(lines)


ELEMENT = st.one_of(
    prose(), prose(), items(), st.sampled_from(["* * *", "*       *       *", "-----", "***"])
)
MARKER_LINE = re.compile(r"\s*(?:\(\w+\)|\w+[.)]|[-*•–])\s")


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


def source_words(source: str) -> list[tuple[str, bool]]:
    """The words of `source`, each with whether it is part of a line's list marker (which the
    importer may take away)."""
    words = []
    for line in source.split("\n"):
        marker = MARKER_LINE.match(line)
        cut = marker.end() if marker else 0
        words += [(word, True) for word in words_of(line[:cut])]
        words += [(word, False) for word in words_of(line[cut:])]
    return words


def keeps_every_word(source: list[tuple[str, bool]], stored: list[str]) -> bool:
    """Whether `stored` is `source` in order, less some of its list markers' words."""

    @cache
    def aligns(i: int, j: int) -> bool:
        if i == len(source):
            return j == len(stored)
        word, marker = source[i]
        if marker and aligns(i + 1, j):
            return True
        return j < len(stored) and word == stored[j] and aligns(i + 1, j + 1)

    return aligns(0, 0)


@settings(max_examples=150, deadline=None)
@given(st.lists(ELEMENT, min_size=1, max_size=8))
def test_no_word_of_a_plain_text_is_lost(elements: list[str]) -> None:
    source = "\n\n".join(elements) + "\n"
    if not words_of(source):
        return
    parsed = parse_text(source.encode(), title="Zz Given Title")
    stored = [word for block in parsed.blocks for word in words_of(block.text)]
    assert keeps_every_word(source_words(source), stored), (source, stored)
    for block in parsed.blocks:
        assert text_content(block.html) == block.text
