"""A corrected text takes its agendas along: agenda passages and reading ranges follow their
words into the new revision, as annotations do, in the same import; what the correction no
longer has is flagged to planners, and nobody is shown a wrong quote."""

import re
from collections.abc import Callable
from datetime import timedelta
from http import HTTPStatus
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from annotations import selections, writing
from annotations.anchoring import MIN_PARAGRAPH_SIMILARITY, Reanchoring, Text
from annotations.models import Annotation
from groups.models import Group
from meetings import services as meetings
from meetings.models import AgendaItem, Meeting
from meetings.revisions import place_paragraph, place_span
from texts.models import Document

TITLE = "Bread and Roses"
BREAD = "As we come marching, marching, we bring the greater days: bread for all who work."
ROSES = "Hearts starve as well as bodies; give us bread, but give us roses."
WORK = "No more the drudge and idler, ten that toil where one reposes."
NEW_FIRST = "A song of the Lawrence strike of 1912, as it was sung."
CHOOSE_AGAIN = "This item’s passage is no longer in the corrected text: choose it again."
RANGE_AGAIN = "The reading’s paragraphs are no longer in the corrected text: choose them again."


def song(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def staff(db: None) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_user("editor", is_staff=True))
    return client


def import_page(staff: Client, text: str, slug: str) -> Document:
    """Import `text` as staff do, through the import page: preview, then confirm."""
    page = staff.post("/import/", {"pasted": text, "title": TITLE, "slug": slug})
    token = re.search(r'name="token" value="([^"]+)"', page.text)
    assert token is not None
    assert staff.post("/import/", {"token": token.group(1)}).status_code == HTTPStatus.FOUND
    return Document.objects.with_current_revision().get(slug=slug)


@pytest.fixture
def cast(make_member: Callable, make_group: Callable) -> dict[str, User | Group]:
    group = make_group()
    return {
        "group": group,
        "fay": make_member("fay", groups=(group,), role="facilitator"),
        "ana": make_member("ana", groups=(group,)),
    }


def plan(cast: dict, document: Document, *, range_start: int, range_end: int) -> Meeting:
    """A coming meeting of the group reading `document`, paragraphs `range_start` to
    `range_end`."""
    cast["group"].reading_list.create(document=document)
    return meetings.create_meeting(
        group=cast["group"],
        by=cast["fay"],
        title="Thursday",
        starts_at=timezone.now() + timedelta(days=3),
        document=document,
        range_start=range_start,
        range_end=range_end,
    )


def annotate_roses(cast: dict, document: Document) -> Annotation:
    """Fay's note on the whole of paragraph 2, the roses."""
    return writing.create_annotation(
        author=cast["fay"],
        revision=document.revision,
        group=cast["group"],
        selection=selections.Selection("p-2", 0, "p-2", len(ROSES)),
        body="The line the strike is remembered by.",
    )


def page_for(user: User, path: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_an_agenda_follows_a_new_first_paragraph_like_its_annotation(
    staff: Client, cast: dict
) -> None:
    document = import_page(staff, song(BREAD, ROSES, WORK), "roses")
    meeting = plan(cast, document, range_start=2, range_end=2)
    note = annotate_roses(cast, document)
    item = meetings.add_item(meeting=meeting, annotation=note, prompt="Why roses?")

    import_page(staff, song(NEW_FIRST, BREAD, ROSES, WORK), "roses")

    note.refresh_from_db()
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert (note.start_ordinal, note.end_ordinal) == (3, 3)
    assert (item.start_ordinal, item.end_ordinal) == (3, 3)
    assert (meeting.range_start, meeting.range_end) == (3, 3)
    for user in (cast["ana"], cast["fay"]):
        page = page_for(user, meeting.get_absolute_url())
        assert f'<blockquote class="quote">{ROSES}</blockquote>' in page
        assert '#p-3">¶ 3</a>' in page
        assert "?assigned=3-3#p-3" in page
        assert "paragraphs 3–3" in page
        assert CHOOSE_AGAIN not in page
    markdown = page_for(cast["ana"], f"{meeting.get_absolute_url()}agenda.md")
    assert "1. **10 min** (¶ 3–3)" in markdown
    assert f"   > {ROSES}" in markdown


def test_an_unchanged_passage_stays_where_it_is(staff: Client, cast: dict) -> None:
    document = import_page(staff, song(BREAD, ROSES, WORK), "roses")
    meeting = plan(cast, document, range_start=1, range_end=3)
    item = meetings.add_item(meeting=meeting, start_ordinal=2, end_ordinal=2)

    corrected = import_page(staff, song(BREAD, ROSES, WORK.replace("toil", "labour")), "roses")

    item.refresh_from_db()
    meeting.refresh_from_db()
    assert (item.revision, item.start_ordinal, item.end_ordinal) == (
        corrected.revision,
        2,
        2,
    )
    assert (meeting.revision, meeting.range_start, meeting.range_end) == (
        corrected.revision,
        1,
        3,
    )
    assert ROSES in page_for(cast["ana"], f"{meeting.get_absolute_url()}packet/")


def test_a_passage_the_correction_removed_is_flagged_and_never_quoted(
    staff: Client, cast: dict
) -> None:
    document = import_page(staff, song(BREAD, ROSES, WORK), "roses")
    meeting = plan(cast, document, range_start=2, range_end=2)
    meetings.add_item(meeting=meeting, start_ordinal=2, end_ordinal=2, prompt="Roses?")
    meetings.add_item(meeting=meeting, start_ordinal=3, end_ordinal=3, prompt="Work?")

    import_page(staff, song(BREAD, WORK), "roses")

    planner = page_for(cast["fay"], meeting.get_absolute_url())
    assert planner.count(CHOOSE_AGAIN) == 1
    assert RANGE_AGAIN in planner
    assert f'<blockquote class="quote">{WORK}</blockquote>' in planner  # now paragraph 2
    member = page_for(cast["ana"], meeting.get_absolute_url())
    packet = page_for(cast["ana"], f"{meeting.get_absolute_url()}packet/")
    markdown = page_for(cast["ana"], f"{meeting.get_absolute_url()}agenda.md")
    for shown in (member, packet, markdown):
        assert ROSES not in shown
        assert "¶ 3" not in shown
    assert CHOOSE_AGAIN not in member
    assert "?assigned=" not in member  # no range that would mark the wrong paragraphs
    assert "(¶ 2–2)" in markdown  # the work item, at its new place


def test_a_passage_chosen_again_is_no_longer_flagged(staff: Client, cast: dict) -> None:
    document = import_page(staff, song(BREAD, ROSES, WORK), "roses")
    meeting = plan(cast, document, range_start=2, range_end=2)
    item = meetings.add_item(meeting=meeting, start_ordinal=2, end_ordinal=2, prompt="Roses?")
    import_page(staff, song(BREAD, WORK), "roses")
    fay = Client()
    fay.force_login(cast["fay"])

    form = fay.get(f"/agenda-items/{item.pk}/").content.decode()
    start = re.search(r'<input type="number" name="start_ordinal"[^>]*>', form)
    assert start is not None
    assert "value=" not in start.group(0)  # empty, to be chosen again
    fay.post(
        f"/agenda-items/{item.pk}/",
        {"prompt": "Roses?", "minutes": 10, "start_ordinal": 1, "end_ordinal": 1},
    )
    edit = f"/groups/{cast['group'].slug}/meetings/{meeting.pk}/edit/"
    fay.post(
        edit,
        {
            "title": "Thursday",
            "starts_at": "2030-01-08T19:00",
            "duration_minutes": 90,
            "document": document.pk,
            "range_start": 1,
            "range_end": 2,
        },
    )

    page = page_for(cast["fay"], meeting.get_absolute_url())
    assert CHOOSE_AGAIN not in page
    assert RANGE_AGAIN not in page
    assert f'<blockquote class="quote">{BREAD}</blockquote>' in page


def test_a_reimport_moves_no_meeting_of_another_document(
    staff: Client, cast: dict, tmp_path: Path
) -> None:
    roses = import_page(staff, song(BREAD, ROSES, WORK), "roses")
    other = import_page(staff, song(BREAD, ROSES, WORK), "roses-again")
    on_roses = plan(cast, roses, range_start=2, range_end=2)
    on_other = plan(cast, other, range_start=2, range_end=2)
    for meeting in (on_roses, on_other):
        meetings.add_item(meeting=meeting, start_ordinal=2, end_ordinal=2)
    corrected = tmp_path / "roses.txt"
    corrected.write_text(song(NEW_FIRST, BREAD, ROSES, WORK))

    # The command staff use on the server takes the same step as the import page.
    call_command("import_document", corrected, "--slug", "roses", stdout=StringIO())

    assert list(on_roses.items.values_list("start_ordinal", flat=True)) == [3]
    assert list(on_other.items.values_list("start_ordinal", flat=True)) == [2]
    on_other.refresh_from_db()
    assert (on_other.revision, on_other.range_start) == (other.current_revision, 2)
    assert AgendaItem.objects.get(meeting=on_other).revision == other.current_revision


# Placing spans of paragraphs: pure functions, no database.

SONG = {1: BREAD, 2: ROSES, 3: WORK}


def texts(*paragraphs: str) -> Text:
    return Text(dict(enumerate(paragraphs, start=1)))


@pytest.mark.parametrize(
    ("corrected", "span", "placed"),
    [
        pytest.param((BREAD, ROSES, WORK), (2, 2), (2, 2), id="unchanged"),
        pytest.param((NEW_FIRST, BREAD, ROSES, WORK), (2, 3), (3, 4), id="new first paragraph"),
        pytest.param((WORK, BREAD, ROSES), (1, 2), (2, 3), id="moved together"),
        pytest.param((BREAD, ROSES.replace("starve", "hunger"), WORK), (2, 2), (2, 2), id="edited"),
        pytest.param((BREAD, WORK), (2, 2), None, id="removed"),
        pytest.param((BREAD, WORK), (1, 3), (1, 2), id="removed inside the span"),
        pytest.param((ROSES, WORK), (1, 2), (1, 1), id="removed at the start of the span"),
        pytest.param((WORK, ROSES, BREAD), (1, 3), None, id="out of order"),
        pytest.param((BREAD, ROSES, WORK), (2, 9), None, id="not in the earlier text"),
    ],
)
def test_a_span_follows_its_paragraphs(
    corrected: tuple[str, ...], span: tuple[int, int], placed: tuple[int, int] | None
) -> None:
    assert place_span(Reanchoring(Text(SONG), texts(*corrected)), *span) == placed


sentences = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=12, max_size=60).map(str.strip),
    min_size=2,
    max_size=8,
    unique=True,
).filter(lambda found: all(len(s) >= 8 for s in found))


@settings(max_examples=100, deadline=None)
@given(paragraphs=sentences, data=st.data())
def test_a_paragraph_is_placed_on_its_words_or_nowhere(
    paragraphs: list[str], data: st.DataObject
) -> None:
    """Whatever is inserted or removed, a paragraph is placed on itself, on a paragraph holding
    its words or much like it, or nowhere: never on an unrelated one."""
    kept = data.draw(st.lists(st.booleans(), min_size=len(paragraphs), max_size=len(paragraphs)))
    corrected = [p for p, keep in zip(paragraphs, kept, strict=True) if keep]
    at = data.draw(st.integers(0, len(corrected)))
    corrected[at:at] = ["Something else entirely, said here."] * data.draw(st.integers(0, 3))
    old, new = texts(*paragraphs), texts(*corrected)
    onto = Reanchoring(old, new)
    for ordinal, text in enumerate(paragraphs, start=1):
        placed = place_paragraph(onto, ordinal)
        if text in corrected:
            assert placed is not None
            assert new.texts[new.index[placed]] == text
        elif placed is not None:
            found = new.texts[new.index[placed]]
            assert text in found or fuzz.ratio(found, text) >= MIN_PARAGRAPH_SIMILARITY
