"""The meeting pages: who sees what, discussed threads in the reader, query counts, time zones."""

from collections.abc import Callable
from datetime import UTC, datetime
from http import HTTPStatus

import pytest
from django.test import Client

from annotations import selections, writing
from groups.models import Group
from meetings import services as meetings
from meetings.models import AgendaItem, Meeting
from tests.meetings.conftest import BLOG, SECRET_NOTE
from texts.models import Document


def test_members_see_the_agenda_without_facilitator_notes(
    client: Client, meeting: Meeting, people: dict
) -> None:
    client.force_login(people["ana"])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "<p>First <em>prompt</em></p>" in page
    assert "The daily struggles of the workers" in page  # the passage, quoted
    assert "25 of 90 minutes" in page
    for path in ("packet/", "packet/?notes=1", "agenda.md?notes=1"):
        assert SECRET_NOTE not in client.get(f"{meeting.get_absolute_url()}{path}").content.decode()
    assert "Suggestions from the discussion" not in page
    client.force_login(people["fay"])
    assert SECRET_NOTE in client.get(meeting.get_absolute_url()).content.decode()
    assert SECRET_NOTE not in client.get(f"{meeting.get_absolute_url()}packet/").content.decode()
    assert (
        SECRET_NOTE in client.get(f"{meeting.get_absolute_url()}packet/?notes=1").content.decode()
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("eve", 404), ("ana", 200), ("fay", 200)],
)
def test_meetings_are_for_the_groups_members(
    client: Client, meeting: Meeting, people: dict, who: str, status: int
) -> None:
    if who != "anonymous":
        client.force_login(people[who])
    assert client.get(meeting.get_absolute_url()).status_code == status
    assert client.get(f"{meeting.get_absolute_url()}meeting.ics").status_code == status


def test_only_facilitators_plan(
    client: Client, meeting: Meeting, circle: Group, people: dict
) -> None:
    client.force_login(people["ana"])
    assert client.get(f"/groups/{circle.slug}/meetings/new/").status_code == HTTPStatus.FORBIDDEN
    item = meeting.items.earliest("position")
    for path in (f"/agenda-items/{item.pk}/remove/", f"/meetings/{meeting.pk}/cancel/"):
        assert client.post(path).status_code == HTTPStatus.FORBIDDEN
    assert meeting.items.count() == 3
    client.force_login(people["fay"])
    response = client.post(
        f"/groups/{circle.slug}/meetings/new/",
        {"title": "Next", "starts_at": "2030-01-08T19:00", "duration_minutes": 60},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Meeting.objects.get(title="Next").created_by == people["fay"]


def test_discussed_threads_are_marked_in_the_reader(
    client: Client, blog: Document, circle: Group, meeting: Meeting, people: dict
) -> None:
    root = writing.create_annotation(
        author=people["ana"],
        revision=blog.revision,
        group=circle,
        selection=selections.Selection("p-7", 0, "p-7", 4),
        body="Talked about.",
    )
    meetings.add_item(meeting=meeting, annotation=root)
    client.force_login(people["fay"])
    client.post(f"/meetings/{meeting.pk}/notes/", {"notes": "We *agreed*.", "discussed": [root.pk]})
    meeting.refresh_from_db()
    assert meeting.notes_html == "<p>We <em>agreed</em>.</p>"
    client.force_login(people["ana"])
    panel = client.get(root.get_absolute_url()).content.decode()
    assert "Discussed at Tuesday" in panel


@pytest.mark.parametrize("extra", [1, 15])
def test_agenda_and_packet_queries_do_not_grow(
    client: Client,
    blog: Document,
    circle: Group,
    meeting: Meeting,
    people: dict,
    django_assert_num_queries: Callable,
    extra: int,
) -> None:
    for n in range(extra):
        root = writing.create_annotation(
            author=people["ana"],
            revision=blog.revision,
            group=circle,
            selection=selections.Selection(f"p-{n + 4}", 0, f"p-{n + 4}", 4),
            body=f"Thread {n}",
        )
        writing.reply_to_annotation(author=people["ben"], parent=root, body="Reply")
        meetings.add_item(meeting=meeting, annotation=root)
    client.force_login(people["fay"])
    # The planner's page: user, meeting, role, items, their threads, their passages, discussed
    # threads, and the suggestions (previous meeting, activity, thread roots, questions, spans,
    # quiet passages).
    with django_assert_num_queries(13):
        client.get(meeting.get_absolute_url())
    # The packet: user, meeting, role, items, threads, passages, whole threads, reactions.
    with django_assert_num_queries(8):
        client.get(f"{meeting.get_absolute_url()}packet/")
    assert AgendaItem.objects.filter(meeting=meeting).count() == 3 + extra


def test_meeting_times_show_in_the_viewers_time_zone(
    client: Client, meeting: Meeting, people: dict
) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=datetime(2030, 1, 8, 18, 0, tzinfo=UTC))
    client.force_login(people["ana"])
    client.post("/accounts/profile/", {"display_name": "Ana", "bio": "", "timezone": "Asia/Tokyo"})
    assert (
        "Wednesday 9 January 2030, 03:00" in client.get(meeting.get_absolute_url()).content.decode()
    )
    client.post("/accounts/profile/", {"display_name": "Ana", "bio": "", "timezone": ""})
    assert (
        "Tuesday 8 January 2030, 18:00" in client.get(meeting.get_absolute_url()).content.decode()
    )


def test_the_reader_marks_the_assigned_reading(
    client: Client, meeting: Meeting, circle: Group, people: dict
) -> None:
    client.force_login(people["ana"])
    page = client.get(meeting.get_absolute_url()).content.decode()
    link = f"/groups/{circle.slug}/texts/{BLOG}/?assigned=1-30#p-1"
    assert f'href="{link}"' in page
    reader = client.get(link.split("#", maxsplit=1)[0]).content.decode()
    assert "The meeting's reading: paragraphs 1–30" in reader
    assert '<div id="p-30" class="block assigned">' in reader
    assert '<div id="p-31" class="block">' in reader
