"""Storing imports: all or nothing, with clear refusals."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from pytest_django.fixtures import Settings

from texts.importers.parsed import ImportFailed
from texts.models import Document, Paragraph, Revision
from texts.services import SLUG_TAKEN, import_document


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


def test_a_taken_slug_is_refused_and_the_existing_document_is_untouched(db: None) -> None:
    import_document(data=b"Same Title\n\nFirst version.\n", source_format="text")
    with pytest.raises(ImportFailed, match=SLUG_TAKEN.format(slug="same-title").split(":")[0]):
        import_document(data=b"Same Title\n\nSecond version.\n", source_format="text")
    assert Document.objects.count() == 1
    assert Paragraph.objects.get().text == "First version."


def test_an_unknown_format_is_refused(db: None) -> None:
    with pytest.raises(ImportFailed, match="Unknown format 'pdf'"):
        import_document(data=b"text", source_format="pdf")


def test_import_document_command_reports_what_it_found(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\nA paragraph.\n\n> A quotation.\n\n1. one\n2. two\n", "utf-8")
    call_command("import_document", str(path), "--author", "Me")
    out = capsys.readouterr().out
    assert "Importing notes.md as markdown" in out
    assert "Imported “Notes” at /texts/notes/" in out
    assert "0 headings, 1 paragraphs, 2 list items in 1 lists, 1 quotations" in out
    assert Document.objects.get().author == "Me"


def test_import_document_command_refuses_bad_bytes_and_imports_nothing(
    db: None, tmp_path: Path
) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 society\n".encode("latin-1"))
    with pytest.raises(CommandError, match=r"latin.txt: .*offset 3.* Nothing was imported"):
        call_command("import_document", str(path))
    assert Document.objects.count() == 0
    call_command("import_document", str(path), "--encoding", "latin-1", "--title", "Latin")
    assert Paragraph.objects.get().text == "Café society"


def test_import_document_command_explains_a_missing_file(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.txt: No such file"):
        call_command("import_document", str(tmp_path / "missing.txt"))


def test_import_document_command_refuses_files_over_the_size_limit(
    db: None, tmp_path: Path, settings: Settings
) -> None:
    settings.READINGGROUP_MAX_IMPORT_BYTES = 10
    path = tmp_path / "big.txt"
    path.write_text("A paragraph that is longer than ten bytes.\n", "utf-8")
    with pytest.raises(CommandError, match="is 43\xa0bytes, over the 10\xa0bytes limit"):
        call_command("import_document", str(path))
    assert Document.objects.count() == 0


def test_a_large_import_shows_progress(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(f"Paragraph number {n} of a long text." for n in range(2500)))
    call_command("import_document", str(path), "--title", "Long")
    err = capsys.readouterr().err
    assert "storing blocks [############------------------] 1000/2500" in err.replace("\r", "")
    assert "2500/2500" in err
    assert Paragraph.objects.count() == 2500
