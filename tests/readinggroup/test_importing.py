"""The staff page "Import a document": preview first, then confirm; bad input stores nothing."""

import re
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings

from annotations.models import Annotation
from groups.models import Group, GroupDocument
from texts.models import Document

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
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def test_preview_shows_what_was_found_and_stores_nothing(staff: Client) -> None:
    page = preview(staff, file=SimpleUploadedFile("reading.md", MARKDOWN))

    assert "On Reading" in page
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

    paragraphs = Document.objects.get().current_revision.paragraphs.order_by("ordinal")
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
    paragraphs = document.current_revision.paragraphs.order_by("ordinal")
    corrected = "\n\n".join([document.title, *(p.text for p in paragraphs), "A new ending."])

    page = preview(staff, pasted=corrected, slug=document.slug)
    assert "with a corrected version" in page
    staff.post("/import/", {"token": token_of(page)})

    document.refresh_from_db()
    assert document.revisions.count() == 2
    assert Annotation.objects.filter(revision=document.current_revision).count() == 3


def test_nothing_chosen_asks_for_a_file(staff: Client) -> None:
    assert "Choose a file, or paste a text." in preview(staff, title="Nothing")


def test_undecodable_file_gets_a_clear_error_and_nothing_is_stored(staff: Client) -> None:
    page = preview(staff, file=SimpleUploadedFile("broken.txt", b"\x00\x01binary\xff\xfe" * 50))

    assert "Nothing was imported." in page
    assert 'name="token"' not in page
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused(staff: Client, settings: Settings) -> None:
    settings.READINGGROUP_MAX_IMPORT_BYTES = 100
    page = preview(staff, file=SimpleUploadedFile("long.txt", b"word " * 100))
    assert "over the 100\xa0bytes limit" in page


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
