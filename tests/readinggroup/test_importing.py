"""The staff page "Import a document": preview first, then confirm; bad input stores nothing."""

import io
import re
import zipfile
from collections.abc import Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings

from annotations.models import Annotation
from groups.models import Group, GroupDocument
from readinggroup.importing import CHOOSE_POSTS
from tests.texts.test_epub_importer import make_epub
from texts.models import Document

if TYPE_CHECKING:
    # What the test client answers, as django-stubs names it (there is no such class at run time).
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

MARKDOWN = b"# On Reading\n\nA first paragraph.\n\n> A quotation.\n\n- one\n- two\n"


@pytest.fixture
def staff(client: Client, db: None) -> Client:
    user = get_user_model().objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(user)
    return client


def preview(client: Client, **fields: object) -> str:
    response = client.post("/import/", fields)
    assert response.status_code == 200
    return response.content.decode()


def token_of(page: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found, "the preview carries no token"
    return found.group(1)


def test_preview_shows_what_was_found_and_stores_nothing(staff: Client) -> None:
    page = preview(staff, file=SimpleUploadedFile("reading.md", MARKDOWN))

    assert page.startswith("<!doctype html>")
    assert page.count("<h1>") == 1  # one whole page, drawn once
    assert "<h1>Preview: “On Reading”</h1>" in page
    assert '<span class="hint">list item</span> one' in page
    assert "0 headings, 1 paragraphs, 2 list items in 1 lists, 1 quotations" in page
    assert "read as markdown" in page
    assert not Document.objects.exists()


def test_confirming_imports_and_puts_it_on_the_chosen_reading_lists(
    staff: Client, make_group: Callable[..., Group]
) -> None:
    group, other = make_group(), make_group()
    page = preview(staff, file=SimpleUploadedFile("reading.md", MARKDOWN), groups=[group.pk])

    response = staff.post("/import/", {"token": token_of(page)}, follow=True)

    document = Document.objects.get()
    assert document.title == "On Reading"
    assert response.redirect_chain[0][0] == document.get_absolute_url()
    assert "Imported “On Reading”" in response.content.decode()
    assert list(GroupDocument.objects.values_list("group", flat=True)) == [group.pk]
    assert other.documents.count() == 0


def test_pasted_html_is_read_as_html_when_chosen(staff: Client) -> None:
    html = "<h1>Pasted</h1><p>Some <em>emphasis</em>.</p><script>alert(1)</script>"
    page = preview(staff, pasted=html, source_format="html")
    staff.post("/import/", {"token": token_of(page)})

    paragraphs = Document.objects.get().revision.paragraphs.order_by("ordinal")
    assert Document.objects.get().title == "Pasted"
    assert [p.text for p in paragraphs] == ["Some emphasis."]
    assert "<script" not in "".join(p.html for p in paragraphs)


def test_html_file_is_recognised_by_its_name(staff: Client) -> None:
    upload = SimpleUploadedFile("essay.html", b"<h2>Essay</h2><p>Body text.</p>")
    assert "read as html" in preview(staff, file=upload)


def test_a_known_address_previews_as_a_corrected_version_and_keeps_annotations(
    staff: Client, make_document: Callable, make_annotations: Callable
) -> None:
    document = make_document(paragraphs=5)
    make_annotations(document, 3)
    paragraphs = document.revision.paragraphs.order_by("ordinal")
    corrected = "\n\n".join([document.title, *(p.text for p in paragraphs), "A new ending."])

    page = preview(staff, pasted=corrected, slug=document.slug)
    assert "with a corrected version" in page
    staff.post("/import/", {"token": token_of(page)})

    document.refresh_from_db()
    assert document.revisions.count() == 2
    assert Annotation.objects.filter(revision=document.revision).count() == 3


NOTES = "Some *emphasised* words on reading.\n\nA second paragraph here.\n"


def import_pasted(client: Client, **fields: object) -> str:
    """Preview a pasted text and confirm it; the page the import leads to."""
    page = preview(client, **fields)
    return client.post("/import/", {"token": token_of(page)}, follow=True).content.decode()


def test_the_same_text_pasted_again_as_markdown_gets_the_markdown_reading_and_its_annotations(
    staff: Client, make_annotations: Callable
) -> None:
    import_pasted(staff, pasted=NOTES, slug="notes", source_format="text")
    document = Document.objects.get()
    make_annotations(document, 4)

    page = import_pasted(staff, pasted=NOTES, slug="notes", source_format="markdown")

    document.refresh_from_db()
    assert "Imported “pasted.txt” (revision 2)." in page
    assert "Some <em>emphasised</em> words on reading." in page
    assert Annotation.objects.filter(revision=document.revision).count() == 4


def test_a_new_title_for_the_same_text_shows_at_once_and_the_same_again_changes_nothing(
    staff: Client,
) -> None:
    import_pasted(staff, pasted=NOTES, slug="notes")

    page = import_pasted(staff, pasted=NOTES, slug="notes", title="On Reading", author="Ana")
    assert "Updated “On Reading” (title, author); the text is the same as revision 1" in page
    assert "<h1>On Reading</h1>" in page
    page = import_pasted(staff, pasted=NOTES, slug="notes", title="On Reading", author="Ana")
    assert "The same text and details as the current version: nothing changed." in page
    assert Document.objects.get().revisions.count() == 1


def test_nothing_chosen_asks_for_a_file(staff: Client) -> None:
    assert "Choose a file, or paste a text." in preview(staff, title="Nothing")


def test_undecodable_file_gets_a_clear_error_and_nothing_is_stored(staff: Client) -> None:
    page = preview(staff, file=SimpleUploadedFile("broken.txt", b"\x00\x01binary\xff\xfe" * 50))

    assert "Nothing was imported." in page
    assert 'name="token"' not in page
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused(staff: Client, settings: Settings) -> None:
    settings.READINGGROUP_MAX_IMPORT_BYTES = 100
    response = staff.post("/import/", {"file": SimpleUploadedFile("long.txt", b"word " * 100)})
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    page = response.content.decode()
    assert "The file is 500\xa0bytes, over the 100\xa0bytes limit. Nothing was imported." in page
    assert "Split a longer text into parts under 100\xa0bytes and import each" in page
    assert not Document.objects.exists()


def test_pasted_text_over_two_and_a_half_megabytes_under_the_limit_is_previewed(
    staff: Client,
) -> None:
    """Django's own 2.5 MB cap on form data no longer answers a bare "Bad Request (400)"."""
    paragraph = "The daily struggles of the workers, discussed at length and in detail.\n\n"
    pasted = paragraph * (3 * 2**20 // len(paragraph) + 1)  # 3 MB
    page = preview(staff, pasted=pasted, title="Long")
    assert "Bad Request" not in page
    assert 'name="token"' in page


def test_pasted_text_over_the_limit_is_refused_with_the_pages_message(
    staff: Client, settings: Settings
) -> None:
    settings.READINGGROUP_MAX_IMPORT_BYTES = 1000
    response = staff.post("/import/", {"pasted": "word " * 400})
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    page = response.content.decode()
    assert "The pasted text is 2.0\xa0KB, over the 1000\xa0bytes limit." in page
    assert "<h1>Import a document</h1>" in page


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body of a request over the limit was read")

    def readline(self, size: int | None = -1) -> bytes:
        raise AssertionError("the body of a request over the limit was read")


def post_unread(client: Client, path: str, declared: int) -> "TestResponse":
    """POST to `path` a body declared `declared` bytes long that must not be read."""
    environ: dict[str, Any] = {
        "CONTENT_TYPE": "multipart/form-data; boundary=x",
        "CONTENT_LENGTH": str(declared),
        "wsgi.input": UnreadableBody(),
    }
    return client.generic("POST", path, **environ)


def test_an_import_over_the_limit_is_refused_from_its_length_before_it_is_read(
    staff: Client,
) -> None:
    response = post_unread(staff, "/import/", 25 * 2**20)
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    page = response.content.decode()
    assert "This import is 25.0\xa0MB, over the 20.0\xa0MB limit. Nothing was imported." in page
    assert "Split a longer text into parts under 20.0\xa0MB and import each" in page
    assert 'name="pasted"' in page  # the page itself, to try again


def test_an_upload_over_the_limit_is_refused_before_it_is_read(
    staff: Client, settings: Settings
) -> None:
    settings.READINGGROUP_MAX_IMPORT_BYTES = 100_000
    big = SimpleUploadedFile("long.txt", b"word " * 60_000)  # 300 KB
    response = staff.post("/import/", {"file": big})
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert "over the 97.7\xa0KB limit. Nothing was imported." in response.content.decode()
    assert not Document.objects.exists()


def test_an_oversized_import_from_someone_not_staff_is_sent_to_sign_in(
    client: Client, make_member: Callable
) -> None:
    client.force_login(make_member())
    response = post_unread(client, "/import/", 30 * 2**20)
    assert response.status_code == HTTPStatus.FOUND
    assert "/admin/login/" in response["Location"]


def test_any_other_page_refuses_a_request_over_two_and_a_half_megabytes_unread(
    client: Client, db: None
) -> None:
    response = post_unread(client, "/accounts/login/", 3 * 2**20)
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert "over the 2.5\xa0MB this page accepts" in response.content.decode()


def test_an_expired_preview_says_to_upload_again(staff: Client) -> None:
    response = staff.post("/import/", {"token": "gone"}, follow=True)

    assert "The preview has expired: upload the file again." in response.content.decode()
    assert not Document.objects.exists()


def test_only_staff_may_import(client: Client, make_member: Callable) -> None:
    client.force_login(make_member())

    response = client.post("/import/", {"pasted": "A text."})

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not Document.objects.exists()


def test_a_document_page_offers_staff_a_new_version_with_its_address_filled_in(
    staff: Client, make_document: Callable
) -> None:
    document = make_document()

    page = staff.get(document.get_absolute_url()).content.decode()
    assert f'href="/import/?slug={document.slug}">Upload a new version' in page
    form = staff.get(f"/import/?slug={document.slug}").content.decode()
    assert f'name="slug" value="{document.slug}"' in form


def test_the_admin_leads_to_the_import_page(staff: Client, make_document: Callable) -> None:
    get_user_model().objects.filter(username="editor").update(is_superuser=True)
    document = make_document()

    assert 'href="/import/"' in staff.get("/admin/texts/document/").content.decode()
    change = staff.get(f"/admin/texts/document/{document.pk}/change/").content.decode()
    assert f'href="/import/?slug={document.slug}"' in change


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>A blog</title><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>ed</wp:author_login>
<wp:author_display_name>Ed Itor</wp:author_display_name></wp:author>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>https://blog.example/{id}/</link><dc:creator>ed</dc:creator>
<content:encoded><![CDATA[First paragraph of {title}.

Second paragraph.]]></content:encoded>
<wp:post_id>{id}</wp:post_id><wp:post_date>2024-05-01 10:00:00</wp:post_date>
<wp:post_name>post-{id}</wp:post_name><wp:status>{status}</wp:status><wp:post_type>post</wp:post_type>
{comments}</item>"""
COMMENT = """<wp:comment><wp:comment_id>{id}</wp:comment_id>
<wp:comment_author>{author}</wp:comment_author>
<wp:comment_date_gmt>2024-05-0{id} 12:00:00</wp:comment_date_gmt>
<wp:comment_content>{body}</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""


def wordpress_export() -> bytes:
    comments = "".join(
        COMMENT.format(id=n, author=f"Reader {n}", body=f"Comment {n}.", parent=n - 1)
        for n in (1, 2, 3)
    )
    items = ITEM.format(title="Published post", id=10, status="publish", comments=comments)
    items += ITEM.format(title="A draft", id=11, status="draft", comments="")
    return WXR.format(items=items).encode()


def test_a_wordpress_export_previews_its_posts_and_imports_the_chosen_ones(
    staff: Client, make_group: Callable[..., Group]
) -> None:
    group = make_group()
    page = preview(
        staff, file=SimpleUploadedFile("blog.xml", wordpress_export()), groups=[group.pk]
    )
    # Published posts are chosen to begin with; each says what it is.
    assert re.search(
        r'value="10" id="id_posts_0" checked>\s+“Published post” '
        r'<span class="hint">post, publish, 1 May 2024 · 2 blocks, 3 comments</span>',
        page,
    )
    assert re.search(r'value="11" id="id_posts_1">\s+“A draft”', page)
    assert page.count("<h1>") == 1

    response = staff.post("/import/", {"token": token_of(page), "posts": ["10"]}, follow=True)

    assert "Imported 1 from blog.xml: “Published post”." in response.content.decode()
    document = Document.objects.get()
    assert (document.slug, document.author) == ("post-10", "Ed Itor")
    threads = Annotation.objects.filter(document=document).order_by("source_number")
    assert [(a.author_name, a.body) for a in threads] == [
        ("Reader 1", "Comment 1."),
        ("Reader 2", "Comment 2."),
        ("Reader 3", "Comment 3."),
    ]
    assert threads[2].parent == threads[1]
    assert threads[2].root == threads[0]
    assert list(group.documents.all()) == [document]


@pytest.mark.parametrize(
    "posts",
    [pytest.param([], id="none chosen"), pytest.param(["12"], id="not in the export")],
)
def test_choosing_no_post_of_the_export_imports_nothing(staff: Client, posts: list[str]) -> None:
    page = preview(staff, file=SimpleUploadedFile("blog.xml", wordpress_export()))

    response = staff.post("/import/", {"token": token_of(page), "posts": posts})

    # The preview again, saying what to do, with the same file waiting.
    again = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Preview: blog.xml</h1>" in again
    message = CHOOSE_POSTS if not posts else "Select a valid choice. 12 is not one of the"
    assert message in again
    assert token_of(again) == token_of(page)
    assert not Document.objects.exists()


def test_an_export_with_entity_declarations_is_refused(staff: Client) -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss>&a;</rss>'
    page = preview(staff, file=SimpleUploadedFile("blog.xml", bomb))

    assert "refused for safety" in page
    assert "Nothing was imported." in page
    assert not Document.objects.exists()


def small_epub() -> bytes:
    opf = """<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">
    <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>A Small Book</dc:title>
    <dc:creator>B. Author</dc:creator></metadata>
    <manifest><item id="c1" href="one.xhtml" media-type="application/xhtml+xml"/>
    <item id="c2" href="two.xhtml" media-type="application/xhtml+xml"/></manifest>
    <spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>"""
    chapter = '<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>{0}</h1><p>{0} text.</p></body>'

    container = """<?xml version="1.0"?><container version="1.0"
    xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>
    <rootfile full-path="OEBPS/book.opf" media-type="application/oebps-package+xml"/>
    </rootfiles></container>"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("OEBPS/book.opf", opf)
        archive.writestr("OEBPS/one.xhtml", chapter.format("Chapter One"))
        archive.writestr("OEBPS/two.xhtml", chapter.format("Chapter Two"))
    return buffer.getvalue()


def test_an_epub_is_previewed_and_imported_chapter_by_chapter(staff: Client) -> None:
    page = preview(staff, file=SimpleUploadedFile("book.epub", small_epub()))
    assert "A Small Book" in page
    assert "read as epub" in page
    assert "2 headings, 2 paragraphs" in page

    staff.post("/import/", {"token": token_of(page)})

    document = Document.objects.get()
    assert (document.title, document.author) == ("A Small Book", "B. Author")
    blocks = document.revision.paragraphs.order_by("ordinal")
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Chapter One"),
        ("paragraph", "Chapter One text."),
        ("heading", "Chapter Two"),
        ("paragraph", "Chapter Two text."),
    ]


def confirm(client: Client, page: str) -> str:
    """Confirm the import a preview page offers; the page it leads to."""
    return client.post("/import/", {"token": token_of(page)}, follow=True).content.decode()


@pytest.mark.parametrize(
    "head",
    [
        pytest.param('<meta charset="iso-8859-1">', id="meta-charset"),
        pytest.param(
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
            id="http-equiv",
        ),
        pytest.param('<?xml version="1.0" encoding="ISO-8859-1"?>', id="xml-declaration"),
    ],
)
def test_a_page_declaring_its_charset_is_stored_as_previewed(staff: Client, head: str) -> None:
    data = f"{head}<html><head><title>Menu</title></head><body><p>Café crème.</p>".encode("cp1252")
    page = preview(staff, file=SimpleUploadedFile("menu.html", data))
    assert "Café crème." in page

    imported = confirm(staff, page)

    assert "Imported “Menu”." in imported
    revision = Document.objects.get(slug="menu").revision
    assert revision.paragraphs.get().text == "Café crème."
    assert "Café crème." in revision.source_text


def test_an_encoding_chosen_on_the_page_reads_the_file_with_it(staff: Client) -> None:
    data = "Café crème, naïve.\n".encode("cp1252")
    refused = preview(staff, file=SimpleUploadedFile("menu.txt", data))
    assert "The file is not valid UTF-8" in refused
    assert "the Encoding choice on the import page" in refused

    page = preview(staff, file=SimpleUploadedFile("menu.txt", data), encoding="cp1252")
    assert "Café crème, naïve." in page

    confirm(staff, page)
    assert Document.objects.get().revision.paragraphs.get().text == "Café crème, naïve."


def test_an_unknown_encoding_is_refused_with_a_clear_message(staff: Client) -> None:
    page = preview(staff, file=SimpleUploadedFile("menu.txt", b"Cafe"), encoding="klingon")
    assert "klingon is not an encoding this page knows: choose one from the list" in page
    assert not Document.objects.exists()


def test_an_epub_with_a_malformed_table_of_contents_previews_with_a_warning(
    staff: Client,
) -> None:
    chapters = [("one.xhtml", "<p>Opening words.</p>"), ("two.xhtml", "<h2>Two</h2><p>More.</p>")]
    broken = b"<ncx xmlns='http://www.daisy.org/z3986/2005/ncx/'><navMap><text>A & B</navMap>"
    book = make_epub(chapters, ncx=True, extra_members={"OEBPS/toc.ncx": broken})

    page = preview(staff, file=SimpleUploadedFile("book.epub", book))

    assert '<p class="notice warning">The book&#x27;s table of contents could not be read' in page
    assert "Its chapters are all imported, with the headings they have themselves" in page
    imported = confirm(staff, page)
    assert "Imported “The Book”." in imported
    assert "Opening words." in imported


def test_the_preview_leaves_password_protected_posts_unchosen_and_says_why(staff: Client) -> None:
    protected = ITEM.format(title="Members only", id=20, status="publish", comments="").replace(
        "<wp:post_type>", "<wp:post_password>secret</wp:post_password><wp:post_type>"
    )
    no_text = (
        "<item><title>No Content</title><content:encoded></content:encoded>"
        "<wp:post_id>21</wp:post_id><wp:post_name>no-content</wp:post_name>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        + COMMENT.format(id=1, author="Ann", body="Where is it?", parent=0)
        + "</item>"
    )
    export = WXR.format(items=protected + no_text).encode()

    page = preview(staff, file=SimpleUploadedFile("blog.xml", export))

    assert re.search(
        r'value="20" id="id_posts_0">\s+“Members only” <span class="hint">post, publish, '
        r"1 May 2024 · 2 blocks, 0 comments · password-protected on the blog, so not chosen: "
        r"once imported, everyone who can see the document reads it</span>",
        page,
    )
    assert re.search(
        r'value="21" id="id_posts_1" checked>\s+“No Content” <span class="hint">post, publish '
        r"· 0 blocks, 1 comments · no text: its comments become its discussion</span>",
        page,
    )


def test_a_windows_saved_page_is_stored_with_the_browsers_line_breaks(staff: Client) -> None:
    data = b"<p>Lines:</p>\r\n<pre>first line\r\nsecond line\r\nthe target line\r\n</pre>\r\n"
    page = preview(staff, file=SimpleUploadedFile("lines.html", data))
    confirm(staff, page)
    stored = Document.objects.get().revision.paragraphs.order_by("ordinal")
    assert [(p.text, p.html) for p in stored] == [
        ("Lines:", "Lines:"),
        ("first line\nsecond line\nthe target line",) * 2,
    ]
