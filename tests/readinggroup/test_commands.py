"""The site's management commands: import_document, load_seeds, create_demo."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from pytest_django.fixtures import Settings

from annotations.models import Annotation
from groups.models import Group
from tests.readinggroup.test_importing import wordpress_export
from texts.models import Document, Paragraph


def test_import_document_command_reports_what_it_found(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\nA paragraph.\n\n> A quotation.\n\n1. one\n2. two\n", "utf-8")
    call_command("import_document", str(path), "--author", "Me")
    out = capsys.readouterr().out
    assert "Importing notes.md as markdown" in out
    assert "Imported “Notes” at /texts/notes/" in out
    assert "0 headings, 1 paragraphs, 2 list items in 1 lists, 1 quotations, 0 preformatted" in out
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


def test_import_document_command_imports_chosen_posts_of_a_wordpress_export(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "blog.xml"
    path.write_bytes(wordpress_export())

    call_command("import_document", str(path), "--post", "11")

    out = capsys.readouterr().out
    assert "Importing blog.xml as wordpress" in out
    assert "Imported “A draft” (revision 1) at /texts/post-11/" in out
    assert list(Document.objects.values_list("title", flat=True)) == ["A draft"]
    with pytest.raises(CommandError, match="None of the export's posts was chosen"):
        call_command("import_document", str(path), "--post", "99")
    call_command("import_document", str(path), "--post", "11")
    assert "Imported “A draft” (unchanged)" in capsys.readouterr().out
    # The blog renamed the post: the title follows, the text stays the same revision.
    renamed = b"<title>A second draft</title>"
    path.write_bytes(wordpress_export().replace(b"<title>A draft</title>", renamed))
    call_command("import_document", str(path), "--post", "11")
    out = capsys.readouterr().out
    assert "Imported “A second draft” (revision 1 kept, details updated)" in out
    assert list(Document.objects.values_list("title", flat=True)) == ["A second draft"]


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


def test_create_demo_makes_accounts_and_a_discussion_once(
    seeds: dict[str, Document], settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DEBUG = True
    call_command("create_demo")
    call_command("create_demo")
    out = capsys.readouterr().out
    assert out.count("Created demo member 'ana'") == 1
    assert "admin / readinggroup-admin" in out
    ana = get_user_model().objects.get(username="ana")
    assert ana.check_password("readinggroup-demo")
    assert Annotation.objects.filter(author=ana, visibility="group").count() == 1
    assert Annotation.objects.filter(author=ana, visibility="private").count() == 1
    assert Annotation.objects.filter(author__username__in=["ben", "cleo"]).count() == 5
    assert Annotation.objects.filter(hidden_at__isnull=False).count() == 1
    assert Group.objects.get(slug="open-reading-circle").is_public
    assert not Group.objects.get(slug="tuesday-study-circle").is_public


def test_create_demo_refuses_to_run_in_production(db: None, settings: Settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Demo accounts are for development"):
        call_command("create_demo")
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        pytest.param('[[document]]\nfile = "x.txt"\n', "lacks slug, title", id="incomplete"),
        pytest.param("[[document]\n", "Cannot read the seed manifest", id="not-toml"),
        pytest.param(
            '[[document]]\nfile = "missing.txt"\nslug = "m"\ntitle = "M"\n',
            "Seed missing.txt: .*No such file",
            id="missing-file",
        ),
    ],
)
def test_a_broken_seed_manifest_is_reported_and_nothing_is_loaded(
    db: None, tmp_path: Path, manifest: str, message: str
) -> None:
    (tmp_path / "manifest.toml").write_text(manifest, "utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("load_seeds", "--directory", str(tmp_path))
    assert not Document.objects.exists()


def test_reimporting_a_corrected_file_reports_where_annotations_went(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Notes\n\nFirst paragraph here.\n\nSecond paragraph here.\n", "utf-8")
    call_command("import_document", str(path))
    call_command("import_document", str(path))
    assert (
        "“Notes” is unchanged: the same text, format and details as revision 1. Nothing was stored."
        in capsys.readouterr().out
    )
    call_command("import_document", str(path), "--slug", "notes", "--author", "Ana Reyes")
    assert (
        "Updated “Notes” (author); the text is the same as revision 1, so it stays."
        in capsys.readouterr().out
    )
    path.write_text("Notes\n\nA new opening.\n\nFirst paragraph here.\n\nSecond paragraph here.\n")
    call_command("import_document", str(path))
    out = capsys.readouterr().out
    assert "Imported “Notes” (revision 2)" in out
    assert "Annotations: 0 in place, 0 moved, 0 found near their words, 0 orphaned" in out


def test_claim_comments_lists_source_authors_and_gives_one_of_them_to_a_member(
    seeds: dict[str, Document], capsys: pytest.CaptureFixture[str]
) -> None:
    mike = get_user_model().objects.create_user("mike", password="pw")

    call_command("claim_comments")
    listed = capsys.readouterr().out
    assert "Mike (snappalos.wordpress.com): 1 comments" in listed
    assert "snappalos (snappalos.wordpress.com): 1 comments" in listed
    call_command("claim_comments", "Mike", "snappalos.wordpress.com", "mike")

    assert "1 comments of Mike (snappalos.wordpress.com) are now mike's." in capsys.readouterr().out
    assert Annotation.objects.get(source_number=1).author == mike
    assert Annotation.objects.get(source_number=2).author is None
    call_command("claim_comments")
    assert "Mike (snappalos.wordpress.com): 1 comments, claimed by mike" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        pytest.param(("Mike",), "Name the source author, their source and the member", id="name"),
        pytest.param(
            ("Mike", "elsewhere.example.org", "mike"),
            "No commenter Mike on elsewhere.example.org: run claim_comments without arguments",
            id="other-source",
        ),
        pytest.param(
            ("imported-mike", "mike"), "Name the source author, their source", id="old-form"
        ),
        pytest.param(
            ("Mike", "snappalos.wordpress.com", "nobody"), "No account named nobody", id="member"
        ),
    ],
)
def test_claim_comments_says_what_is_missing(
    seeds: dict[str, Document], arguments: tuple[str, ...], message: str
) -> None:
    get_user_model().objects.create_user("mike", password="pw")
    with pytest.raises(CommandError, match=message):
        call_command("claim_comments", *arguments)
    assert not Annotation.objects.filter(author__isnull=False).exists()
