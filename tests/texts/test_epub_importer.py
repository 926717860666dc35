"""The EPUB importer: the spine's chapters in order, book metadata, unsafe archives refused."""

import zipfile
from datetime import date
from html import escape
from io import BytesIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from texts.importers import epub, import_warnings
from texts.importers.epub import parse_epub
from texts.importers.parsed import BlockKind, ImportFailed

CONTAINER = b"""<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles></container>"""
CHAPTER = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{name}</title></head>
<body>{body}</body></html>"""


def make_epub(
    chapters: list[tuple[str, str]],
    *,
    title: str = "The Book",
    creator: str = "Ann Author",
    metadata: str = "",
    toc: dict[str, str] | None = None,
    ncx: bool = False,
    extra_members: dict[str, bytes] | None = None,
) -> bytes:
    """An EPUB whose manifest and ZIP list the chapters backwards; the spine lists them in order.

    `toc` maps chapter names to their labels in a nav document (or an NCX file, with `ncx`).
    `extra_members` add files, or replace the ones made here.
    """
    toc = toc or {}
    items = "".join(
        f'<item id="c{i}" href="text/{name}" media-type="application/xhtml+xml"/>'
        for i, (name, _) in reversed(list(enumerate(chapters)))
    )
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
    links = "".join(f'<li><a href="text/{n}">{escape(label)}</a></li>' for n, label in toc.items())
    points = "".join(
        f'<navPoint id="p{i}"><navLabel><text>{escape(label)}</text></navLabel>'
        f'<content src="text/{name}"/></navPoint>'
        for i, (name, label) in enumerate(toc.items())
    )
    members = {
        "mimetype": b"application/epub+zip",
        "META-INF/container.xml": CONTAINER,
        "OEBPS/content.opf": f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>{metadata}</metadata>
<manifest>{items}
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/></manifest>
<spine toc="ncx"><itemref idref="nav"/>{spine}</spine></package>""".encode(),
        "OEBPS/nav.xhtml": CHAPTER.format(
            name="Contents",
            body=f'<h1>Contents</h1><nav epub:type="toc" xmlns:epub="http://www.idpf.org/2007/ops">'
            f"<ol>{'' if ncx else links}</ol></nav>",
        ).encode(),
        "OEBPS/toc.ncx": f"""<?xml version="1.0"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
<navMap>{points if ncx else ""}</navMap></ncx>""".encode(),
    }
    if ncx:  # an EPUB 2 book: no nav document
        opf = members["OEBPS/content.opf"].replace(b'<itemref idref="nav"/>', b"")
        members["OEBPS/content.opf"] = opf.replace(b' properties="nav"', b"")
        del members["OEBPS/nav.xhtml"]
    for name, body in reversed(chapters):
        members[f"OEBPS/text/{name}"] = CHAPTER.format(name=name, body=body).encode()
    members.update(extra_members or {})
    return zip_of(members)


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def refusal(data: bytes) -> str:
    with pytest.raises(ImportFailed) as error:
        parse_epub(data)
    return str(error.value)


def test_title_authors_date_description_and_rights_come_from_the_package() -> None:
    metadata = parse_epub(
        make_epub(
            [("one.xhtml", "<p>Text.</p>")],
            metadata="<dc:creator>Bo Second</dc:creator><dc:date>1999-05-06</dc:date>"
            "<dc:description>&lt;p&gt;A &lt;em&gt;short&lt;/em&gt; book.&lt;/p&gt;</dc:description>"
            "<dc:rights>Public domain</dc:rights>",
        )
    ).metadata
    assert metadata.title == "The Book"
    assert metadata.author == "Ann Author, Bo Second"
    assert metadata.published_on == date(1999, 5, 6)
    assert metadata.description == "A short book."
    assert metadata.licence == "Public domain"


@pytest.mark.parametrize(
    ("written", "published"),
    [
        ("2001", date(2001, 1, 1)),
        ("2001-05", date(2001, 5, 1)),
        ("2001-05-06T10:00:00Z", date(2001, 5, 6)),
        ("unknown", None),
        ("2001-13-40", None),
    ],
)
def test_publication_dates_are_read_leniently(written: str, published: date | None) -> None:
    data = make_epub([("one.xhtml", "<p>Text.</p>")], metadata=f"<dc:date>{written}</dc:date>")
    assert parse_epub(data).metadata.published_on == published


def test_the_title_argument_wins_over_the_books_own() -> None:
    data = make_epub([("one.xhtml", "<p>Text.</p>")])
    assert parse_epub(data, title="Chosen", encoding="cp1252").metadata.title == "Chosen"


def test_chapters_are_read_in_spine_order_and_the_contents_page_is_skipped() -> None:
    chapters = [(f"c{n}.xhtml", f"<h2>Chapter {n}</h2><p>Text {n}.</p>") for n in (1, 2, 3)]
    texts = [block.text for block in parse_epub(make_epub(chapters)).blocks]
    assert texts == ["Chapter 1", "Text 1.", "Chapter 2", "Text 2.", "Chapter 3", "Text 3."]


def test_chapter_headings_stay_headings_and_a_leading_title_heading_is_dropped() -> None:
    chapters = [("title.xhtml", "<h1>The  book</h1>"), ("one.xhtml", "<h1>One</h1><p>Text.</p>")]
    blocks = parse_epub(make_epub(chapters)).blocks
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        (BlockKind.HEADING, 1, "One"),
        (BlockKind.PARAGRAPH, None, "Text."),
    ]


def test_inline_emphasis_and_links_are_kept_and_scripts_dropped() -> None:
    body = '<p>An <em>odd</em> <a href="https://example.org/">link</a>.</p><script>bad()</script>'
    blocks = parse_epub(make_epub([("one.xhtml", body)])).blocks
    assert len(blocks) == 1
    assert blocks[0].html.startswith('An <em>odd</em> <a href="https://example.org/"')
    assert blocks[0].text == "An odd link."


def test_list_ids_stay_unique_across_chapters() -> None:
    lists = "<ul><li>a</li></ul><ol><li>b</li></ol>"
    blocks = parse_epub(make_epub([("one.xhtml", lists), ("two.xhtml", lists)])).blocks
    assert [b.list_id for b in blocks] == [1, 2, 3, 4]


@pytest.mark.parametrize("ncx", [False, True])
def test_a_chapter_without_a_heading_gets_its_table_of_contents_label(ncx: bool) -> None:
    chapters = [("one.xhtml", "<p>Plain.</p>"), ("two.xhtml", "<h2>Own</h2><p>Text.</p>")]
    toc = {"one.xhtml": "First & foremost", "two.xhtml": "Second"}
    blocks = parse_epub(make_epub(chapters, toc=toc, ncx=ncx)).blocks
    assert [(b.kind, b.text) for b in blocks[:3]] == [
        (BlockKind.HEADING, "First & foremost"),
        (BlockKind.PARAGRAPH, "Plain."),
        (BlockKind.HEADING, "Own"),
    ]
    assert blocks[0].html == "First &amp; foremost"


def test_a_file_that_is_not_a_zip_is_refused() -> None:
    assert "not an EPUB file" in refusal(b"<html><p>Hello</p></html>")


def test_an_archive_with_too_many_members_is_refused() -> None:
    data = zip_of({f"f{n}.txt": b"" for n in range(epub.MAX_MEMBERS + 1)})
    assert "at most 2000" in refusal(data)


def test_an_archive_too_large_when_unpacked_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(epub, "MAX_UNCOMPRESSED", 1000)
    assert "MiB are accepted" in refusal(make_epub([("one.xhtml", "<p>Text.</p>" * 200)]))


def test_a_zip_bomb_is_refused() -> None:
    data = make_epub([("one.xhtml", "<p>Text.</p>")], extra_members={"pad": b"\0" * 2_000_000})
    assert "zip bomb" in refusal(data)


@pytest.mark.parametrize(
    ("name", "problem"),
    [("../evil.xhtml", "'..'"), ("/etc/evil", "absolute path"), ("C:/evil", "absolute path")],
)
def test_members_whose_paths_leave_the_book_are_refused(name: str, problem: str) -> None:
    message = refusal(make_epub([("one.xhtml", "<p>Text.</p>")], extra_members={name: b"x"}))
    assert problem in message
    assert name in message


def test_a_manifest_path_leaving_the_book_is_refused() -> None:
    assert "'..'" in refusal(make_epub([("%2E%2E/%2E%2E/%2E%2E/evil.xhtml", "<p>T.</p>")]))


def test_entity_declarations_in_the_package_are_refused() -> None:
    opf = b'<?xml version="1.0"?><!DOCTYPE package [<!ENTITY x "y">]><package>&x;</package>'
    data = make_epub([("one.xhtml", "<p>T.</p>")], extra_members={"OEBPS/content.opf": opf})
    assert "OEBPS/content.opf declares XML entities" in refusal(data)


def test_malformed_xml_is_refused() -> None:
    extra = {"META-INF/container.xml": b"<container><rootfiles></container>"}
    message = refusal(make_epub([("one.xhtml", "<p>T.</p>")], extra_members=extra))
    assert "META-INF/container.xml is not well-formed XML" in message


def test_an_archive_without_a_container_is_refused() -> None:
    assert "has no META-INF/container.xml" in refusal(zip_of({"mimetype": b"epub"}))


def test_a_book_without_text_is_refused() -> None:
    assert "No text was found" in refusal(make_epub([("one.xhtml", "<img src='a.png'/>")]))


def test_a_chapter_saved_with_windows_line_endings_keeps_lf_in_its_preformatted_text() -> None:
    body = "<pre>first line\r\nsecond line\r\nthe target line\r\n</pre>\r\n<p>One\rtwo.</p>"
    chapter = CHAPTER.replace("\n", "\r\n").format(name="one.xhtml", body=body)
    book = make_epub([("one.xhtml", "")], extra_members={"OEBPS/text/one.xhtml": chapter.encode()})
    pre, paragraph = parse_epub(book).blocks
    assert pre.text == "first line\nsecond line\nthe target line"
    assert pre.text[pre.text.index("target") :].startswith("target")
    assert "\r" not in pre.html + paragraph.text + paragraph.html


BROKEN_NCX = b"""<?xml version="1.0"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
<navPoint id="p0"><navLabel><text>Salt & Pepper</text></navLabel>
<content src="text/one.xhtml"/></navPoint></navMap></ncx>"""
BROKEN_NAV = b"""<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body><nav><ol><li><a href="text/one.xhtml">One
</ol></nav></body></html>"""


@pytest.mark.parametrize(
    ("ncx", "broken"),
    [
        pytest.param(True, {"OEBPS/toc.ncx": BROKEN_NCX}, id="ncx-unescaped-ampersand"),
        pytest.param(False, {"OEBPS/nav.xhtml": BROKEN_NAV}, id="nav-missing-end-tag"),
        pytest.param(
            False,
            {"OEBPS/nav.xhtml": BROKEN_NAV, "OEBPS/toc.ncx": BROKEN_NCX},
            id="both-broken",
        ),
    ],
)
def test_a_malformed_table_of_contents_imports_the_chapters_and_warns(
    ncx: bool, broken: dict[str, bytes]
) -> None:
    chapters = [("one.xhtml", "<p>No heading here.</p>"), ("two.xhtml", "<h2>Two</h2><p>T.</p>")]
    book = make_epub(chapters, toc={"one.xhtml": "Salt"}, ncx=ncx, extra_members=broken)

    parsed = parse_epub(book)

    assert [(b.kind, b.text) for b in parsed.blocks] == [
        (BlockKind.PARAGRAPH, "No heading here."),
        (BlockKind.HEADING, "Two"),
        (BlockKind.PARAGRAPH, "T."),
    ]
    (warning,) = import_warnings(parsed)
    assert warning.startswith("The book's table of contents could not be read (The EPUB's OEBPS/")
    assert "is not well-formed XML" in warning
    assert "Its chapters are all imported" in warning


def test_a_readable_ncx_stands_in_for_a_broken_navigation_document() -> None:
    chapters = [("one.xhtml", "<p>No heading here.</p>")]
    book = make_epub(chapters, extra_members={"OEBPS/nav.xhtml": BROKEN_NAV})
    ncx = make_epub(chapters, toc={"one.xhtml": "The First"}, ncx=True)
    with zipfile.ZipFile(BytesIO(ncx)) as archive:
        toc = archive.read("OEBPS/toc.ncx")
    book = make_epub(chapters, extra_members={"OEBPS/nav.xhtml": BROKEN_NAV, "OEBPS/toc.ncx": toc})

    parsed = parse_epub(book)

    assert [b.text for b in parsed.blocks] == ["The First", "No heading here."]
    assert import_warnings(parsed) == ()


# Nothing is lost (issue 14): every word of every chapter, in spine order.
WORDS = st.sampled_from(["salt", "Bread", "roses", "Ünion", "café", "字", "1890", "A&B", "<wage>"])
PARAGRAPHS = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
SHAPES = st.sampled_from(
    ["<p>{}</p>", "<h2>{}</h2>", "<ul><li>{}</li></ul>", "<blockquote><p>{}</p></blockquote>"]
)


@settings(max_examples=60, deadline=None)
@given(
    chapters=st.lists(
        st.lists(st.tuples(SHAPES, PARAGRAPHS), min_size=1, max_size=5), min_size=1, max_size=4
    )
)
def test_every_word_of_every_chapter_is_stored_in_order(
    chapters: list[list[tuple[str, str]]],
) -> None:
    files = [
        (f"c{n}.xhtml", "".join(shape.format(escape(text)) for shape, text in chapter))
        for n, chapter in enumerate(chapters)
    ]
    parsed = parse_epub(make_epub(files))
    written = [word for chapter in chapters for _shape, text in chapter for word in text.split()]
    stored = [word for block in parsed.blocks for word in block.text.split()]
    assert stored == written
