"""Writing meetings and agendas: the reading assignment, the order of items."""

import json
from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone

from groups.models import Group
from meetings import services as meetings
from meetings.models import Meeting
from tests.meetings.conftest import BLOG
from texts.models import Document


def prompts(meeting: Meeting) -> list[str]:
    return list(meeting.items.values_list("prompt", flat=True))


def test_a_reading_must_be_on_the_list_and_within_the_text(
    seeds: dict[str, Document], circle: Group, people: dict, make_group: Callable
) -> None:
    other = make_group()
    with pytest.raises(meetings.MeetingError, match="add it to the reading list"):
        meetings.create_meeting(
            group=other, by=people["fay"], title="X", starts_at=timezone.now(), document=seeds[BLOG]
        )
    with pytest.raises(meetings.MeetingError, match="from paragraph 1 to 77"):
        meetings.create_meeting(
            group=circle,
            by=people["fay"],
            title="X",
            starts_at=timezone.now(),
            document=seeds[BLOG],
            range_start=10,
            range_end=500,
        )


def test_ordering_stays_consistent_under_moves_and_drags(
    client: Client, meeting: Meeting, people: dict
) -> None:
    first, second, third = meeting.items.all()
    meetings.move_item(item=third, by=-1)
    assert prompts(meeting) == ["First *prompt*", "Third", "Second"]
    meetings.move_item(item=first, by=-1)  # already first: stays
    assert list(meeting.items.values_list("position", flat=True)) == [1, 2, 3]
    client.force_login(people["fay"])
    url = f"/meetings/{meeting.pk}/order/"
    seen = [first.pk, third.pk, second.pk]
    order = [second.pk, first.pk, third.pk]
    posted = json.dumps({"order": order, "seen": seen})
    assert client.post(url, posted, "application/json").json() == {"order": order}
    assert prompts(meeting) == ["Second", "First *prompt*", "Third"]
    response = client.post(
        url, json.dumps({"order": [first.pk], "seen": order}), "application/json"
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "every item of the agenda once" in response.json()["error"]
    meetings.remove_item(item=first)
    assert list(meeting.items.values_list("position", flat=True)) == [1, 2]


def test_an_order_dragged_on_an_agenda_someone_changed_meanwhile_is_refused_and_said(
    client: Client, meeting: Meeting, people: dict
) -> None:
    """Two planners drag the same agenda: the second's page showed an order that is no longer
    the agenda's, so theirs is refused (409) and the page they reload says why."""
    first, second, third = meeting.items.all()
    seen = [first.pk, second.pk, third.pk]
    meetings.reorder(meeting=meeting, order=[third.pk, first.pk, second.pk], seen=seen)
    client.force_login(people["fay"])
    url = f"/meetings/{meeting.pk}/order/"
    mine = json.dumps({"order": [second.pk, first.pk, third.pk], "seen": seen})
    response = client.post(url, mine, "application/json")
    assert response.status_code == HTTPStatus.CONFLICT
    assert prompts(meeting) == ["Third", "First *prompt*", "Second"]  # the first planner's
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Someone else changed the agenda while you were reordering it" in page
