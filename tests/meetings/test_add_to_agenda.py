"""Adding to an agenda from the reader: a passage's paragraph numbers come with the text they
count in, and are quoted from that text or refused.

The fault: "Add to agenda" sent only paragraph numbers, so a passage chosen in another text than
the meeting's reading was quoted from the reading's paragraph with the same number. Every way
the reader sends a passage (a paragraph's panel, a selection, a thread) now names its text."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from annotations import selections, writing
from annotations.models import Annotation
from annotations.permissions import GONE
from groups.models import Group
from meetings import services as meetings
from meetings.forms import OTHER_TEXT, THREAD_ON_OTHER_TEXT, WHICH_TEXT
from meetings.models import Meeting
from tests.meetings.conftest import BLOG
from texts.models import Document

FDCA = "anarchist-communists-and-the-mass-organization"
READS_THE_BLOG = OTHER_TEXT.format(
    meeting="Tuesday", reading="Mass organization and political organization"
)


@pytest.fixture
def fay(client: Client, people: dict) -> Client:
    client.force_login(people["fay"])
    return client


@pytest.fixture
def other_text(seeds: dict[str, Document]) -> Document:
    """The group's other text: the meeting (conftest's Tuesday) reads the blog."""
    return seeds[FDCA]


@pytest.fixture
def note_elsewhere(people: dict, circle: Group, other_text: Document) -> Annotation:
    """Ana's thread on paragraph 5 of the other text."""
    return writing.create_annotation(
        author=people["ana"],
        revision=other_text.revision,
        group=circle,
        selection=selections.Selection("p-5", 0, "p-5", 4),
        body="On the other text.",
    )


def add_url(group: Group) -> str:
    return f"/groups/{group.slug}/agenda/add/"


def opening(document: Document, ordinal: int) -> str:
    """The start of paragraph `ordinal` of `document`, as a page shows it."""
    return escape(document.revision.paragraphs.get(ordinal=ordinal).text[:80])


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        pytest.param({"document": FDCA}, READS_THE_BLOG, id="another text"),
        pytest.param({"document": "no-such-text"}, READS_THE_BLOG, id="an unknown text"),
        pytest.param({}, WHICH_TEXT, id="no text named"),
        pytest.param({"document": ""}, WHICH_TEXT, id="an empty name"),
    ],
)
def test_a_passage_not_from_the_meetings_reading_is_refused(
    fay: Client, meeting: Meeting, circle: Group, other_text: Document, sent: dict, message: str
) -> None:
    passage = {"start_ordinal": 5, "end_ordinal": 6, "prompt": "Typed first"}
    response = fay.post(add_url(circle), {"meeting": meeting.pk, **passage, **sent})

    assert response.status_code == HTTPStatus.OK
    assert "<h1>Add to an agenda</h1>" in response.text
    assert escape(message) in response.text
    assert ">\nTyped first</textarea>" in response.text  # what was typed is kept
    assert meeting.items.count() == 3


def test_a_passage_is_quoted_from_the_text_it_was_chosen_in(
    fay: Client, meeting: Meeting, circle: Group, people: dict, blog: Document, other_text: Document
) -> None:
    friday = meetings.create_meeting(
        group=circle,
        by=people["fay"],
        title="Friday",
        document=other_text,
        starts_at=timezone.now() + timedelta(days=5),
    )
    url = add_url(circle)
    # The page offers first the coming meeting that reads the passage's text.
    for document, reading_it in ((other_text, friday), (blog, meeting)):
        page = fay.get(f"{url}?start_ordinal=5&end_ordinal=5&document={document.slug}").text
        assert f'<option value="{reading_it.pk}" selected>' in page

    for document, chosen in ((other_text, friday), (blog, meeting)):
        passage = {"start_ordinal": 5, "end_ordinal": 5, "document": document.slug}
        response = fay.post(url, {"meeting": chosen.pk, **passage})
        assert response["Location"] == chosen.get_absolute_url()
        assert chosen.items.latest("position").revision == document.revision

    friday_agenda = fay.get(friday.get_absolute_url()).text
    assert opening(other_text, 5) in friday_agenda
    assert opening(blog, 5) not in friday_agenda
    assert f'href="/groups/{circle.slug}/texts/{FDCA}/#p-5">¶ 5</a>' in friday_agenda
    assert opening(blog, 5) in fay.get(meeting.get_absolute_url()).text


def test_a_thread_from_another_text_brings_its_own_passage(
    fay: Client, meeting: Meeting, circle: Group, other_text: Document, note_elsewhere: Annotation
) -> None:
    thread = {"annotation": note_elsewhere.pk, "start_ordinal": 5, "end_ordinal": 5}
    response = fay.post(add_url(circle), {"meeting": meeting.pk, **thread, "document": FDCA})

    assert response["Location"] == meeting.get_absolute_url()
    item = meeting.items.latest("position")
    assert (item.revision, item.passage) == (other_text.revision, (5, 5))
    agenda = fay.get(meeting.get_absolute_url()).text
    assert opening(other_text, 5) in agenda
    assert f'href="/groups/{circle.slug}/texts/{FDCA}/#p-5">¶ 5</a>' in agenda
    assert "On the other text." in agenda


def test_a_thread_sent_with_another_text_than_its_own_is_refused(
    fay: Client, meeting: Meeting, circle: Group, note_elsewhere: Annotation
) -> None:
    thread = {"annotation": note_elsewhere.pk, "start_ordinal": 5, "end_ordinal": 5}
    response = fay.post(add_url(circle), {"meeting": meeting.pk, **thread, "document": BLOG})

    assert response.status_code == HTTPStatus.OK
    assert THREAD_ON_OTHER_TEXT in response.text
    assert meeting.items.count() == 3


@pytest.mark.parametrize("slug", [BLOG, FDCA])
def test_the_readers_links_to_an_agenda_name_their_text(
    fay: Client, circle: Group, people: dict, seeds: dict[str, Document], slug: str
) -> None:
    root = writing.create_annotation(
        author=people["ana"],
        revision=seeds[slug].revision,
        group=circle,
        selection=selections.Selection("p-5", 0, "p-5", 4),
        body="A thread.",
    )
    reader = fay.get(f"/groups/{circle.slug}/texts/{slug}/?p=p-5").text

    link = f'href="{add_url(circle)}?'
    assert (
        f'{link}start_ordinal=5&amp;end_ordinal=5&amp;document={slug}">Add to an agenda' in reader
    )
    assert (
        f"{link}annotation={root.pk}&amp;start_ordinal=5&amp;end_ordinal=5&amp;document={slug}"
        '">Add to agenda'
    ) in reader
    # A selection's button builds its link from the annotate URL, which names the text.
    assert f'data-annotate-url="/groups/{circle.slug}/texts/{slug}/annotate/"' in reader
    assert f'data-agenda-url="{add_url(circle)}"' in reader


def test_a_text_no_coming_meeting_reads_leaves_the_choice_to_the_planner(
    fay: Client, meeting: Meeting, circle: Group
) -> None:
    page = fay.get(f"{add_url(circle)}?start_ordinal=5&end_ordinal=5&document={FDCA}").text
    assert f'<option value="{meeting.pk}">Tuesday' in page  # offered, not chosen for them
    assert f'<input type="hidden" name="document" value="{FDCA}"' in page


def test_a_private_note_or_a_deleted_thread_cannot_be_put_on_an_agenda_by_its_id(
    fay: Client, meeting: Meeting, circle: Group, people: dict, other_text: Document
) -> None:
    """The agenda takes a thread through the annotations' policy (annotation_for, PLAN): a
    member's private note is not there for a planner (404), and a thread deleted meanwhile is
    said to be gone, on the form."""
    private = writing.create_annotation(
        author=people["ana"],
        revision=other_text.revision,
        group=None,
        selection=selections.Selection("p-5", 0, "p-5", 4),
        body="Only mine.",
    )
    note = {"meeting": meeting.pk, "start_ordinal": 5, "end_ordinal": 5, "document": FDCA}
    response = fay.post(add_url(circle), {**note, "annotation": private.pk})
    assert response.status_code == HTTPStatus.NOT_FOUND
    gone = writing.create_annotation(
        author=people["ana"],
        revision=other_text.revision,
        group=circle,
        selection=selections.Selection("p-5", 0, "p-5", 4),
        body="Soon gone.",
    )
    writing.delete_annotation(annotation=gone, user=people["ana"])
    response = fay.post(add_url(circle), {**note, "annotation": gone.pk})
    assert response.status_code == HTTPStatus.OK
    assert escape(GONE) in response.text
    assert meeting.items.count() == 3
