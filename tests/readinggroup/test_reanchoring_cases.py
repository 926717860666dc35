"""The reported re-anchoring cases (issue 12, cases 4-7 and the chaos run), each through a real
re-import, with an annotation and an agenda passage on it: where each lands, or that it is an
orphan, and that its stored quote is the text at its place."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations import writing
from annotations.models import Annotation, AnnotationPlacement
from annotations.selections import Selection
from groups.models import Group
from meetings import services as meetings
from meetings.models import AgendaItem
from readinggroup.importing import import_text
from texts.models import Document

SLUG = "case"


def load(*paragraphs: str) -> Document:
    """Import (or re-import) the text made of `paragraphs`, as plain text."""
    data = "\n\n".join(paragraphs).encode()
    document = import_text(data=data, source_format="text", slug=SLUG, title="Case").document
    for group in Group.objects.all():
        group.reading_list.get_or_create(document=document)
    return document


@pytest.fixture
def fay(make_member: Callable, make_group: Callable) -> User:
    return make_member("fay", groups=(make_group(),), role="facilitator")


def annotate(fay: User, document: Document, ordinal: int, words: str, nth: int = 1) -> Annotation:
    """Fay's comment on the `nth` occurrence of `words` in paragraph `ordinal`."""
    paragraph = document.revision.paragraphs.get(ordinal=ordinal)
    start = -1
    for _ in range(nth):
        start = paragraph.text.index(words, start + 1)
    return writing.create_annotation(
        author=fay,
        revision=document.revision,
        group=group_of(fay),
        selection=Selection(paragraph.anchor, start, paragraph.anchor, start + len(words)),
        body="A note.",
    )


def group_of(user: User) -> Group:
    return Group.objects.get(memberships__user=user)


def on_agenda(fay: User, document: Document, annotation: Annotation) -> AgendaItem:
    group = group_of(fay)
    meeting = meetings.create_meeting(
        group=group,
        by=fay,
        title="Thursday",
        starts_at=timezone.now() + timedelta(days=2),
        document=document,
    )
    return meetings.add_item(meeting=meeting, annotation=annotation, prompt="Why?")


def words_at(annotation: Annotation) -> str:
    """The text at an annotation's stored place (it must have one, in one paragraph)."""
    annotation.refresh_from_db()
    ordinal = annotation.start_ordinal
    assert ordinal is not None
    assert ordinal == annotation.end_ordinal
    paragraph = annotation.revision.paragraphs.get(ordinal=ordinal)
    return paragraph.text[annotation.start_offset : annotation.end_offset]


def placed_on(item: AgendaItem) -> tuple[int, int | None]:
    """The number of the revision an agenda passage is on, and its first paragraph there."""
    item.refresh_from_db()
    assert item.revision is not None
    return item.revision.number, item.start_ordinal


CLERK = "The clerk read the list aloud, then the clerk signed the page."
NORTH = (
    "North office reported that the new schedule cut waiting times by ten percent in every branch."
)
SOUTH = NORTH.replace("North", "South")
REPORTED = "reported that the new schedule cut waiting times by ten percent"
CAFE = "The cafe\u0301 on the corner served re\u0301sume\u0301 writers daily."
ASSEMBLY = "An extra\u00adordinary assem\u00adbly met today, and voted."
INTRO, END = "Minutes of the meeting.", "Signed by the secretary."


def test_a_corrected_word_is_found_between_its_context_never_at_another_occurrence(
    fay: User,
) -> None:
    document = load(INTRO, CLERK, END)
    note = annotate(fay, document, 2, "clerk", nth=2)
    item = on_agenda(fay, document, note)
    load(INTRO, CLERK.replace("then the clerk", "then the reader"), END)
    assert words_at(note) == "reader"
    assert note.anchor_status == "fuzzy"
    assert (note.exact, note.prefix[-9:], note.suffix[:7]) == ("reader", "then the ", " signed")
    earlier = AnnotationPlacement.objects.get(annotation=note)
    assert (earlier.exact, earlier.revision.number) == ("clerk", 1)
    assert placed_on(item) == (2, 2)


def test_a_rewritten_paragraph_orphans_its_annotation_instead_of_a_look_alike(fay: User) -> None:
    document = load(NORTH, SOUTH)
    note = annotate(fay, document, 1, REPORTED)
    item = on_agenda(fay, document, note)
    rewritten = "North office has since withdrawn its earlier claim entirely; figures will follow "
    rewritten += "next year."
    load(rewritten, SOUTH)
    note.refresh_from_db()
    assert note.anchor_status == "orphan"
    assert (note.revision.number, note.start_ordinal, note.exact) == (1, 1, REPORTED)
    assert placed_on(item)[0] == 1  # the agenda's passage is to be chosen again


def test_a_change_of_unicode_normalisation_keeps_the_annotation_on_its_words(fay: User) -> None:
    document = load(INTRO, CAFE)
    note = annotate(fay, document, 2, "cafe\u0301")
    item = on_agenda(fay, document, note)
    load(INTRO, CAFE.replace("e\u0301", "\u00e9"))
    assert words_at(note) == "caf\u00e9"
    assert note.anchor_status in {"exact", "moved"}
    assert placed_on(item) == (2, 2)


def test_words_that_lose_their_soft_hyphens_are_found_whole_and_no_more(fay: User) -> None:
    document = load(INTRO, ASSEMBLY)
    note = annotate(fay, document, 2, "extra\u00adordinary assem\u00adbly")
    item = on_agenda(fay, document, note)
    load(INTRO, ASSEMBLY.replace("\u00ad", ""))
    assert words_at(note) == "extraordinary assembly"
    assert placed_on(item) == (2, 2)


def test_a_fuzzy_match_stops_at_the_end_of_a_word(fay: User) -> None:
    document = load(INTRO, ASSEMBLY)
    note = annotate(fay, document, 2, "extra\u00adordinary assem\u00adbly")
    load(INTRO, ASSEMBLY.replace("\u00ad", "").replace("ordinary", "ordinery"))
    assert words_at(note) == "extraordinery assembly"
    assert note.anchor_status == "fuzzy"


def test_a_short_common_phrase_whose_paragraph_went_is_an_orphan_not_a_near_miss(
    fay: User,
) -> None:
    filler = [
        f"Paragraph {n} speaks of the new force of the masses and the detachment."
        for n in range(60)
    ]
    document = load(INTRO, "We discussed the fate of the mass at length.", *filler)
    note = annotate(fay, document, 2, "the fate of the mass")
    load(INTRO, "Something else was said here instead.", *filler)
    note.refresh_from_db()
    assert note.anchor_status == "orphan"


WORDS = [
    "the",
    "fate",
    "of",
    "mass",
    "party",
    "union",
    "workers",
    "strike",
    "new",
    "force",
    "masses",
    "café",
    "résumé",
    "15",
    "km",
    "😀",
    "👍🏽",
]
sentences = st.lists(st.sampled_from(WORDS), min_size=4, max_size=12).map(" ".join)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), first=st.lists(sentences, min_size=2, max_size=6))
def test_after_every_re_import_each_stored_quote_is_the_text_at_its_offsets(
    fay: User, data: st.DataObject, first: list[str]
) -> None:
    """The chaos run, shrunk: a few rounds of random edits, each re-imported; after every round
    every placed thread quotes exactly the text at its offsets (orphans: on their revision),
    its replies sit with it, and nothing is lost."""
    with transaction.atomic():
        document = load(*first)
        notes = []
        for paragraph in document.revision.paragraphs.all():
            words = paragraph.text.split(" ")
            start = data.draw(st.integers(0, len(words) - 1))
            end = data.draw(st.integers(start + 1, len(words)))
            notes.append(annotate(fay, document, paragraph.ordinal, " ".join(words[start:end])))
        replies = [writing.reply_to_annotation(author=fay, parent=n, body="Yes.") for n in notes]
        paragraphs = first
        for _ in range(3):
            paragraphs = data.draw(edited(paragraphs))
            load(*paragraphs)
            for note, reply in zip(notes, replies, strict=True):
                note.refresh_from_db()
                reply.refresh_from_db()
                assert words_at(note) == note.exact
                assert (reply.revision_id, reply.start_offset) == (
                    note.revision_id,
                    note.start_offset,
                )
                if note.anchor_status != "orphan":
                    assert note.revision.number == document.revisions.count()
        assert Annotation.objects.count() == 2 * len(notes)
        transaction.set_rollback(True)


@st.composite
def edited(draw: st.DrawFn, paragraphs: list[str]) -> list[str]:
    """The paragraphs with one word changed, one paragraph replaced, inserted or removed."""
    paragraphs = list(paragraphs)
    index = draw(st.integers(0, len(paragraphs) - 1))
    kind = draw(st.sampled_from(["word", "replace", "insert", "remove"]))
    if kind == "word":
        words = paragraphs[index].split(" ")
        words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
        paragraphs[index] = " ".join(words)
    elif kind == "replace":
        paragraphs[index] = draw(sentences)
    elif kind == "insert":
        paragraphs.insert(index, draw(sentences))
    elif len(paragraphs) > 1:
        paragraphs.pop(index)
    return paragraphs


def test_the_words_an_annotation_was_made_on_stay_readable_in_its_history(
    fay: User, client: Client
) -> None:
    document = load(INTRO, CLERK, END)
    note = annotate(fay, document, 2, "clerk", nth=2)
    load(INTRO, CLERK.replace("then the clerk", "then the reader"), END)
    client.force_login(fay)
    thread = client.get(f"/annotations/{note.pk}/").content.decode()
    assert "now sits on the words that replaced" in thread
    history = client.get(f"/annotations/{note.pk}/history/").content.decode()
    assert "Where it was" in history
    assert '<blockquote class="quote">clerk</blockquote>' in history
    assert "paragraph 2 of version 1" in history
