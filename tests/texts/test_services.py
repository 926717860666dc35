"""Storing imports: all or nothing, with clear refusals."""

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
