"""The agenda's forms and confirmations: what a planner sees when a click would destroy something,
or when what they typed cannot be saved (the page again, with the reason, and nothing changed)."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from annotations import selections, writing
from annotations.models import Annotation
from groups.models import Group
from meetings import services as meetings
from meetings.forms import BAD_PASSAGE, CHOOSE_MEETING, MINUTES_RANGE, TOO_LONG
from meetings.models import AgendaItem, Meeting
from texts.models import Document

BLOG = "mass-organization-and-political-organization"


@pytest.fixture
def people(make_member: Callable, circle: Group) -> dict[str, User]:
    return {
        "fay": make_member("fay", groups=(circle,), role="facilitator"),
        "ana": make_member("ana", groups=(circle,)),
    }


@pytest.fixture
def meeting(seeds: dict[str, Document], circle: Group, people: dict) -> Meeting:
    found = meetings.create_meeting(
        group=circle,
        by=people["fay"],
        title="Tuesday",
        document=seeds[BLOG],
        range_start=1,
        range_end=30,
        starts_at=timezone.now() + timedelta(days=2),
    )
    meetings.add_item(meeting=found, start_ordinal=4, end_ordinal=4, prompt="Why *this*?")
    meetings.add_item(meeting=found, prompt="Second", minutes=5)
    return found


@pytest.fixture
def fay(client: Client, people: dict) -> Client:
    client.force_login(people["fay"])
    return client


def test_removing_an_item_shows_it_and_asks_first(fay: Client, meeting: Meeting) -> None:
    item = meeting.items.earliest("position")
    agenda = fay.get(meeting.get_absolute_url()).text
    assert (
        f'<a href="/agenda-items/{item.pk}/remove/" class="remove">'
        'Remove<span class="visually-hidden"> item 1</span></a>'
    ) in agenda

    page = fay.get(f"/agenda-items/{item.pk}/remove/").text
    assert "<h1>Remove item 1 from the agenda?</h1>" in page
    assert "<p>Why <em>this</em>?</p>" in page
    assert '<button type="submit" class="danger">Remove the item</button>' in page
    assert f'<a href="/meetings/{meeting.pk}/#item-{item.pk}">Keep it</a>' in page
    assert meeting.items.count() == 2

    response = fay.post(f"/agenda-items/{item.pk}/remove/", follow=True)
    assert "Item 1 removed from the agenda." in response.text
    assert list(meeting.items.values_list("prompt", "position")) == [("Second", 1)]


def test_cancelling_a_meeting_asks_first_and_sits_away_from_the_notes(
    fay: Client, meeting: Meeting
) -> None:
    agenda = fay.get(meeting.get_absolute_url()).text
    notes_section = agenda[agenda.index('<section aria-labelledby="after-title">') :]
    assert f'<a href="/meetings/{meeting.pk}/cancel/">Cancel the meeting</a>' in agenda
    assert "/cancel/" not in notes_section

    page = fay.get(f"/meetings/{meeting.pk}/cancel/").text
    assert "<h1>Cancel “Tuesday”?</h1>" in page
    assert "cannot be un-cancelled" in page
    assert '<button type="submit" class="danger">Cancel the meeting</button>' in page
    meeting.refresh_from_db()
    assert not meeting.is_cancelled

    after = fay.post(f"/meetings/{meeting.pk}/cancel/", follow=True).text
    assert "Meeting cancelled: members see it as cancelled." in after
    assert '<span class="badge">Cancelled</span>' in after
    assert "Cancel the meeting" not in after
    again = fay.get(f"/meetings/{meeting.pk}/cancel/", follow=True)
    assert "This meeting is already cancelled." in again.text


def test_members_cannot_reach_the_confirmations(
    client: Client, meeting: Meeting, people: dict
) -> None:
    client.force_login(people["ana"])
    item = meeting.items.earliest("position")
    for path in (f"/agenda-items/{item.pk}/remove/", f"/meetings/{meeting.pk}/cancel/"):
        assert client.get(path).status_code == HTTPStatus.FORBIDDEN
    assert "Cancel the meeting" not in client.get(meeting.get_absolute_url()).text


def test_each_items_edit_form_is_drawn_from_the_form_with_its_own_ids(
    fay: Client, meeting: Meeting
) -> None:
    page = fay.get(meeting.get_absolute_url()).text
    for item in meeting.items.all():
        assert f'<label for="item-{item.pk}-minutes">Minutes</label>' in page
        assert (
            f'<input type="number" name="minutes" value="{item.minutes}" min="1" max="600" '
            f'required id="item-{item.pk}-minutes">'
        ) in page
        assert f'<label for="item-{item.pk}-prompt">Prompt</label>' in page
        assert (
            '<textarea name="prompt" cols="40" rows="3" maxlength="10000" '
            f'aria-describedby="item-{item.pk}-prompt_helptext" id="item-{item.pk}-prompt">\n'
            f"{item.prompt}</textarea>"
        ) in page
    assert '<input type="number" name="minutes" value="10" min="1" max="600" id="new-minutes">' in (
        page
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"minutes": "0"}, MINUTES_RANGE, id="no minutes"),
        pytest.param({"minutes": "601"}, MINUTES_RANGE, id="over ten hours"),
        pytest.param({"minutes": "ten"}, MINUTES_RANGE, id="not a number"),
        pytest.param({"minutes": ""}, MINUTES_RANGE, id="empty"),
        pytest.param({"minutes": "10", "prompt": "x" * 10_001}, TOO_LONG, id="long prompt"),
        pytest.param({"minutes": "10", "facilitator_notes": "x" * 10_001}, TOO_LONG, id="notes"),
    ],
)
def test_an_item_that_cannot_be_saved_comes_back_with_the_reason(
    fay: Client, meeting: Meeting, fields: dict, message: str
) -> None:
    item = meeting.items.earliest("position")
    response = fay.post(f"/agenda-items/{item.pk}/", {"prompt": "Typed again", **fields})

    page = response.text
    assert response.status_code == HTTPStatus.OK
    assert "<h1>Item 1</h1>" in page
    assert message in page
    if "prompt" not in fields:
        assert ">\nTyped again</textarea>" in page  # what was typed is kept
    assert meeting.items.get(pk=item.pk).prompt == "Why *this*?"


def test_an_item_saved_from_its_page_goes_back_to_the_agenda(fay: Client, meeting: Meeting) -> None:
    item = meeting.items.earliest("position")
    page = fay.get(f"/agenda-items/{item.pk}/").text
    assert ">\nWhy *this*?</textarea>" in page
    response = fay.post(
        f"/agenda-items/{item.pk}/", {"prompt": "Better", "minutes": "25", "facilitator_notes": ""}
    )
    assert response["Location"] == f"/meetings/{meeting.pk}/#item-{item.pk}"
    item.refresh_from_db()
    assert (item.prompt, item.minutes) == ("Better", 25)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"minutes": "0"}, MINUTES_RANGE, id="no minutes"),
        pytest.param({"start_ordinal": "9", "end_ordinal": "3"}, BAD_PASSAGE, id="backwards"),
        pytest.param({"start_ordinal": "9"}, BAD_PASSAGE, id="no end"),
        pytest.param({"prompt": "x" * 10_001}, TOO_LONG, id="long prompt"),
    ],
)
def test_a_new_item_that_cannot_be_added_comes_back_with_the_reason(
    fay: Client, meeting: Meeting, fields: dict, message: str
) -> None:
    response = fay.post(f"/meetings/{meeting.pk}/items/", fields)

    assert response.status_code == HTTPStatus.OK
    assert "<h1>Add an item</h1>" in response.text
    assert message in response.text
    assert meeting.items.count() == 2


def test_a_suggestion_added_in_one_click_gets_the_usual_minutes(
    fay: Client, meeting: Meeting
) -> None:
    response = fay.post(f"/meetings/{meeting.pk}/items/", {"start_ordinal": 7, "end_ordinal": 7})
    assert response.status_code == HTTPStatus.FOUND
    added = meeting.items.latest("position")
    assert (added.start_ordinal, added.minutes) == (7, 10)


def test_add_to_agenda_offers_only_the_groups_coming_meetings(
    fay: Client, meeting: Meeting, circle: Group, people: dict, make_group: Callable
) -> None:
    elsewhere = meetings.create_meeting(
        group=make_group(),
        by=people["fay"],
        title="Elsewhere",
        starts_at=timezone.now() + timedelta(days=1),
    )
    gone = meetings.create_meeting(
        group=circle,
        by=people["fay"],
        title="Called off",
        starts_at=timezone.now() + timedelta(days=1),
    )
    meetings.cancel_meeting(meeting=gone)
    url = f"/groups/{circle.slug}/agenda/add/"

    page = fay.get(f"{url}?start_ordinal=5&end_ordinal=6&document={BLOG}").text
    assert "<p>Paragraphs 5–6.</p>" in page
    assert '<label for="id_meeting">Meeting</label>' in page
    assert f'<option value="{meeting.pk}" selected>Tuesday — ' in page  # it reads the text
    assert "Elsewhere" not in page
    assert "Called off" not in page

    passage = {"start_ordinal": 5, "end_ordinal": 6, "document": BLOG}
    for chosen in ("", elsewhere.pk, gone.pk):
        response = fay.post(url, {"meeting": chosen, **passage})
        assert response.status_code == HTTPStatus.OK
        assert CHOOSE_MEETING in response.text
    assert AgendaItem.objects.filter(start_ordinal=5).count() == 0

    response = fay.post(url, {"meeting": meeting.pk, **passage, "prompt": "Here"})
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.items.latest("position").prompt == "Here"


def test_notes_that_cannot_be_saved_come_back_and_change_nothing(
    fay: Client, meeting: Meeting, circle: Group, people: dict, seeds: dict[str, Document]
) -> None:
    def thread(anchor: str) -> Annotation:
        return writing.create_annotation(
            author=people["ana"],
            revision=seeds[BLOG].revision,
            group=circle,
            selection=selections.Selection(anchor, 0, anchor, 4),
            body=f"On {anchor}",
        )

    on_agenda, elsewhere = thread("p-7"), thread("p-8")
    meetings.add_item(meeting=meeting, annotation=on_agenda)
    page = fay.get(meeting.get_absolute_url()).text
    assert "<legend>Threads discussed</legend>" in page
    assert f'name="discussed" value="{on_agenda.pk}"' in page
    assert f'name="discussed" value="{elsewhere.pk}"' not in page

    url = f"/meetings/{meeting.pk}/notes/"
    for fields, message in (
        ({"notes": "x" * 10_001}, TOO_LONG),
        ({"notes": "Fine", "discussed": [elsewhere.pk]}, "Select a valid choice."),
    ):
        response = fay.post(url, fields)
        assert response.status_code == HTTPStatus.OK
        assert "<h1>After the meeting</h1>" in response.text
        assert message in response.text
    meeting.refresh_from_db()
    assert (meeting.notes, list(meeting.discussed.all())) == ("", [])

    fay.post(url, {"notes": "We *agreed*.", "discussed": [on_agenda.pk]})
    meeting.refresh_from_db()
    assert (meeting.notes_html, list(meeting.discussed.all())) == (
        "<p>We <em>agreed</em>.</p>",
        [on_agenda],
    )


def test_changing_a_meeting_shows_its_time_in_the_date_picker(
    fay: Client, meeting: Meeting, circle: Group
) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=datetime(2030, 1, 8, 18, 0, tzinfo=UTC))
    page = fay.get(f"/groups/{circle.slug}/meetings/{meeting.pk}/edit/").text
    assert 'type="datetime-local" name="starts_at" value="2030-01-08T18:00"' in page


def test_a_meeting_with_a_range_outside_the_text_comes_back_with_the_reason(
    fay: Client, circle: Group, seeds: dict[str, Document]
) -> None:
    response = fay.post(
        f"/groups/{circle.slug}/meetings/new/",
        {
            "title": "Too far",
            "starts_at": "2030-01-08T19:00",
            "duration_minutes": 60,
            "document": seeds[BLOG].pk,
            "range_start": 10,
            "range_end": 500,
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "The range must go from paragraph 1 to 77" in response.text
    assert not Meeting.objects.filter(title="Too far").exists()


def test_notes_without_threads_on_the_agenda_offer_none_to_tick(
    fay: Client, meeting: Meeting
) -> None:
    assert "Threads discussed" not in fay.get(meeting.get_absolute_url()).text
    response = fay.post(f"/meetings/{meeting.pk}/notes/", {"notes": "Short *and* sweet."})
    assert response.status_code == HTTPStatus.FOUND
    meeting.refresh_from_db()
    assert meeting.notes_html == "<p>Short <em>and</em> sweet.</p>"
