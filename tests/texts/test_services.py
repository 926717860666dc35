"""Storing imports: all or nothing, with clear refusals."""

from datetime import date
from typing import Any

import pytest
from django.db import DatabaseError

from texts.importers.parsed import ImportFailed
from texts.models import Document, Paragraph, Revision
from texts.services import import_document


def test_an_import_stores_the_document_its_revision_and_every_block(db: None) -> None:
    imported = import_document(
        data=b"A Title\n\nFirst paragraph.\n\n- one\n- two\n",
        source_format="text",
        source_name="a.txt",
        author="Someone",
    )
    document = Document.objects.get()
    assert (document.title, document.slug, document.author) == ("A Title", "a-title", "Someone")
    assert document.current_revision == imported.revision
    assert imported.revision.number == 1
    assert imported.revision.source_text.startswith("A Title")
    assert list(Paragraph.objects.values_list("anchor", "kind", "text")) == [
        ("p-1", "paragraph", "First paragraph."),
        ("p-2", "list_item", "one"),
        ("p-3", "list_item", "two"),
    ]


def test_a_failure_while_storing_blocks_leaves_nothing_behind(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_bulk_create(*args: object, **kwargs: object) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr(Paragraph.objects, "bulk_create", failing_bulk_create)
    with pytest.raises(DatabaseError):
        import_document(data=b"A Title\n\nSome text.\n", source_format="text")
    assert (Document.objects.count(), Revision.objects.count()) == (0, 0)


def test_importing_at_a_taken_address_makes_a_new_revision(db: None) -> None:
    first = import_document(data=b"Same Title\n\nFirst version.\n", source_format="text")
    second = import_document(data=b"Same Title\n\nSecond version.\n", source_format="text")
    assert Document.objects.count() == 1
    assert (second.previous, second.revision.number) == (first.revision, 2)
    assert Document.objects.get().current_revision == second.revision
    assert list(Paragraph.objects.values_list("text", flat=True)) == [
        "First version.",
        "Second version.",
    ]


def test_an_unknown_format_is_refused(db: None) -> None:
    with pytest.raises(ImportFailed, match="Unknown format 'pdf'"):
        import_document(data=b"text", source_format="pdf")


# No title line: a title given or not, the text reads the same.
NOTES = "Some *emphasised* words at the café, and a `code` span.\n\nA second one.\n".encode()
DETAILS: dict[str, Any] = {
    "slug": "notes",
    "title": "Notes",
    "author": "Ana Reyes",
    "source_url": "https://example.org/notes",
    "published_on": date(2024, 5, 1),
    "description": "What we read in May.",
}


def test_the_same_bytes_read_as_markdown_make_a_new_revision_with_the_markdown_reading(
    db: None,
) -> None:
    first = import_document(data=NOTES, source_format="text", title="Notes")
    second = import_document(data=NOTES, source_format="markdown", slug="notes")

    assert (second.unchanged, second.previous, second.revision.number) == (False, first.revision, 2)
    document = Document.objects.get()
    assert document.revision.source_format == "markdown"
    assert [p.html for p in document.revision.paragraphs.order_by("ordinal")] == [
        "Some <em>emphasised</em> words at the café, and a <code>code</code> span.",
        "A second one.",
    ]
    # The second import states no title: the document keeps the one it has.
    assert document.title == "Notes"


def test_a_new_title_on_the_same_text_shows_at_once_without_a_new_revision(db: None) -> None:
    first = import_document(data=NOTES, source_format="text", title="Notes")
    again = import_document(
        data=NOTES, source_format="text", slug="notes", title="Field Notes", author="Ana Reyes"
    )

    document = Document.objects.get()
    assert (document.title, document.author) == ("Field Notes", "Ana Reyes")
    assert (again.revision, document.revision, document.revisions.count()) == (
        first.revision,
        first.revision,
        1,
    )
    assert (again.unchanged, again.same_text, again.previous, again.updated) == (
        False,
        True,
        None,
        ("title", "author"),
    )


@pytest.mark.parametrize(
    ("change", "revisions", "updated"),
    [
        pytest.param({}, 1, (), id="identical"),
        pytest.param({"title": "", "author": "", "description": ""}, 1, (), id="details-unstated"),
        pytest.param({"title": "Field Notes"}, 1, ("title",), id="title"),
        pytest.param({"author": "Ben Okafor"}, 1, ("author",), id="author"),
        pytest.param({"source_url": "https://example.org/n"}, 1, ("source_url",), id="url"),
        pytest.param({"published_on": date(2024, 6, 1)}, 1, ("published_on",), id="date"),
        pytest.param({"description": "June."}, 1, ("description",), id="description"),
        pytest.param({"source_format": "markdown"}, 2, (), id="format"),
        pytest.param({"encoding": "latin-1"}, 2, (), id="encoding"),
        pytest.param({"data": NOTES.replace(b"code", b"kode")}, 2, (), id="text"),
        pytest.param(
            {"data": NOTES.replace(b"code", b"kode"), "title": "Field Notes"},
            2,
            ("title",),
            id="text-and-title",
        ),
    ],
)
def test_a_reimport_is_unchanged_only_when_text_format_and_details_are_the_same(
    db: None, change: dict[str, Any], revisions: int, updated: tuple[str, ...]
) -> None:
    import_document(data=NOTES, source_format="text", **DETAILS)
    paragraphs = list(Paragraph.objects.values_list("pk", flat=True))
    again = import_document(**({"data": NOTES, "source_format": "text"} | DETAILS | change))

    document = Document.objects.get()
    assert (again.unchanged, again.updated) == (not updated and revisions == 1, updated)
    assert (document.revisions.count(), document.revision.number) == (revisions, revisions)
    for field, value in DETAILS.items():
        assert getattr(document, field) == (change.get(field) or value), field
    if again.unchanged:
        # Nothing at all was stored: no revision, no paragraph.
        assert list(Paragraph.objects.values_list("pk", flat=True)) == paragraphs
