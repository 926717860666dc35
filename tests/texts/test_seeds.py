"""The two seed texts, asserted exactly: what a reader of them must see."""

import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from texts.importers.parsed import BlockKind, ListStyle, ParsedDocument
from texts.importers.plaintext import CONVERSION_MARKER, parse_text
from texts.models import Document, Paragraph, Revision
from texts.seeds import SEEDS_DIR, Seed, read_manifest

BLOG = "mass-organization-and-political-organization"
FDCA = "anarchist-communists-and-the-mass-organization"

BLOG_HEADINGS = [
    "Comments on the STO’s Towards a Revolutionary Party",
    "Consciousness and revolutionaries",
    "Domination of ruling class ideas",
    "Failure to develop mass organizations",
    "The Ruling Class",
    "The necessity of organization",
    "Status Quo:",
    "STO’s Critique",
    "The role of the party",
    "The strike",
    "Upping the Ante",
]
FDCA_HEADINGS = [
    "Introduction",
    "No To Economicism",
    "Our Outlook",
    "Mistakes to be Avoided",
    "Towards a Better Understanding",
    "The Certainties We Must Build On",
    "The Functions of Mass Organizations",
    "Defence and Sustenance Within Class Society",
    "Material Attacks Against Exploitation",
    "The Building of an Alternative Management of Society",
    "The Development of Revolutionary Libertarian Consciousness",
]
# Seed 2's lists: each introduced by tab-only lines; a "new list" marker splits the fifth.
FDCA_LISTS = [
    ("defence and sustenance within class society;", 4),
    ("be subject to the very things we are defending ourselves from,", 6),
    ("the need for a capillary extension of the mass organizations,", 3),
    ("the stability of the mass organizations, which must not submit to partial goals,", 3),
    ("the action and elementary aims of the mass organizations;", 3),
    ("In the elementary aims and in the elementary functioning of the mass organization,", 3),
    ("gradually and consistently encourage the spread of our political consciousness", 2),
]


def paragraphs(document: Document) -> list[Paragraph]:
    return list(document.revision.paragraphs.all())


def test_seed_titles_and_metadata_come_from_the_manifest(seeds: dict[str, Document]) -> None:
    assert seeds[BLOG].title == "Mass organization and political organization"
    assert seeds[BLOG].author == "snappalos"
    assert seeds[BLOG].published_on == date(2008, 7, 27)
    assert seeds[FDCA].title == "Anarchist Communists & The Mass Organization"
    assert seeds[FDCA].author == "Federazione dei Comunisti Anarchici (FdCA)"


@pytest.mark.parametrize(("slug", "headings"), [(BLOG, BLOG_HEADINGS), (FDCA, FDCA_HEADINGS)])
def test_seed_headings_in_order(seeds: dict[str, Document], slug: str, headings: list[str]) -> None:
    found = [p.text for p in paragraphs(seeds[slug]) if p.kind == Paragraph.Kind.HEADING]
    assert found == headings


def test_seed_two_has_its_24_list_items_in_seven_lists(seeds: dict[str, Document]) -> None:
    items = [p for p in paragraphs(seeds[FDCA]) if p.kind == Paragraph.Kind.LIST_ITEM]
    assert len(items) == 24
    lists: dict[int | None, list[Paragraph]] = {}
    for item in items:
        lists.setdefault(item.list_id, []).append(item)
    assert [
        (group[0].text[: len(first)], len(group))
        for group, (first, _) in zip(lists.values(), FDCA_LISTS, strict=True)
    ] == FDCA_LISTS
    assert {item.list_style for item in items} == {ListStyle.BULLET.value}
    ordinals = [p.ordinal for p in items]
    # Each list's items are consecutive blocks.
    for group in lists.values():
        assert [p.ordinal for p in group] == list(range(group[0].ordinal, group[-1].ordinal + 1))
    assert len(ordinals) == len(set(ordinals))


def test_seed_one_lists_keep_their_numbering(seeds: dict[str, Document]) -> None:
    items = [p for p in paragraphs(seeds[BLOG]) if p.kind == Paragraph.Kind.LIST_ITEM]
    summary: dict[int | None, tuple[str, list[int | None]]] = {}
    for item in items:
        summary.setdefault(item.list_id, (item.list_style, []))[1].append(item.list_number)
    assert list(summary.values()) == [
        ("lower-alpha", [1, 2]),
        ("decimal", [1, 2]),
        ("decimal", [1, 2, 3, 4]),
        ("bullet", [None] * 3),
        ("bullet", [None] * 7),
    ]


def test_seed_one_quoted_passages_are_quotations(seeds: dict[str, Document]) -> None:
    quotations = [p.text for p in paragraphs(seeds[BLOG]) if p.kind == Paragraph.Kind.QUOTATION]
    assert len(quotations) == 15
    assert quotations[0].startswith("The daily struggles of the workers")
    assert all(q.rstrip().endswith(("”", '"')) for q in quotations)
    # The blogger's own words quoting inline stay ordinary paragraphs.
    later = next(p for p in paragraphs(seeds[BLOG]) if p.text.startswith("Later they say"))
    assert later.kind == Paragraph.Kind.PARAGRAPH


def test_seed_one_comment_section_is_two_comments_not_paragraphs(
    seeds: dict[str, Document],
) -> None:
    revision = seeds[BLOG].revision
    assert not any("thoughts on" in p.text for p in paragraphs(seeds[BLOG]))
    assert not any("Someone sent me the link" in p.text for p in paragraphs(seeds[BLOG]))
    assert revision.comments_heading.startswith("2 thoughts on “Mass organization")
    first, second = revision.comments
    assert (first["number"], first["author"], first["reply_to"]) == (1, "Mike", None)
    assert first["body"].startswith("Hey there,\n\nSomeone sent me the link to this")
    assert first["body"].count("\n\n") == 13
    assert (second["number"], second["author"], second["reply_to"]) == (2, "snappalos", 1)
    assert second["body"].startswith("hey mike, thanks for the reply.")


@pytest.mark.parametrize("slug", [BLOG, FDCA])
def test_seed_blocks_are_never_empty_or_padded(seeds: dict[str, Document], slug: str) -> None:
    for paragraph in paragraphs(seeds[slug]):
        assert paragraph.text.strip() == paragraph.text != ""
        assert "  " not in paragraph.text


def test_load_seeds_twice_changes_nothing(seeds: dict[str, Document]) -> None:
    before = (Document.objects.count(), Revision.objects.count(), Paragraph.objects.count())
    out = StringIO()
    call_command("load_seeds", stdout=out)
    assert (Document.objects.count(), Revision.objects.count(), Paragraph.objects.count()) == before
    assert out.getvalue().count("already loaded, unchanged") == 2


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def list_label(style: ListStyle | None, number: int | None) -> str:
    """The marker a list item had in the source, as the words of its text."""
    if number is None:
        return ""
    if style in {ListStyle.LOWER_ALPHA, ListStyle.UPPER_ALPHA}:
        return chr(ord("a") + number - 1)
    return str(number)


def reconstructed_words(parsed: ParsedDocument) -> list[str]:
    """Every word the parse kept, in order: title, blocks, comment section, set-aside text."""
    parts = [parsed.front_matter, parsed.metadata.title]
    for block in parsed.blocks:
        if block.kind == BlockKind.LIST_ITEM:
            parts.append(list_label(block.list_style, block.list_number))
        parts.append(block.text)
    parts.append(parsed.comments_heading)
    for comment in parsed.comments:
        parts.extend([str(comment.number), comment.author, comment.body])
    parts.append(parsed.back_matter)
    return words(" ".join(parts))


@pytest.mark.parametrize("seed", list(read_manifest()), ids=lambda seed: seed.slug)
def test_no_text_is_lost_or_duplicated(seed: Seed) -> None:
    source = seed.path.read_text(encoding="utf-8")
    kept_lines = [
        line for line in source.split("\n") if not CONVERSION_MARKER.fullmatch(line.strip())
    ]
    # Parsed without the manifest's title, the text's own first heading is the title.
    parsed = parse_text(seed.path.read_bytes())
    assert reconstructed_words(parsed) == words("\n".join(kept_lines))


def test_the_seed_manifest_names_files_that_exist() -> None:
    seeds = list(read_manifest())
    assert [s.slug for s in seeds] == [BLOG, FDCA]
    assert all(Path(s.path).is_file() and s.path.parent == SEEDS_DIR for s in seeds)
