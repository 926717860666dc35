"""Meetings and agendas: who plans and sees what, ordering, suggestions, exports."""

import json
from collections.abc import Callable
from datetime import timedelta
from http import HTTPStatus

import icalendar
import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django.utils import timezone

from annotations import selections, writing
from annotations.models import Annotation
from groups.models import Group
from readinggroup import meetings, suggestions
from readinggroup.models import AgendaItem, Meeting
from texts.models import Document

BLOG = "mass-organization-and-political-organization"
SECRET_NOTE = "Only for facilitators: go easy on Ben"


@pytest.fixture
def blog(seeds: dict[str, Document]) -> Document:
    return seeds[BLOG]


@pytest.fixture
def people(make_member: Callable, circle: Group) -> dict[str, AbstractBaseUser]:
    return {
        "fay": make_member("fay", groups=(circle,), role="facilitator"),
        "ana": make_member("ana", groups=(circle,)),
        "ben": make_member("ben", groups=(circle,)),
        "cleo": make_member("cleo", groups=(circle,)),
        "eve": make_member("eve"),
    }


@pytest.fixture
def meeting(blog: Document, circle: Group, people: dict) -> Meeting:
    found = meetings.create_meeting(
        group=circle, by=people["fay"], title="Tuesday", document=blog, range_start=1,
        range_end=30, starts_at=timezone.now() + timedelta(days=2), place="Room 2",
    )  # fmt: skip
    meetings.add_item(meeting=found, start_ordinal=4, end_ordinal=4, prompt="First *prompt*",
                      facilitator_notes=SECRET_NOTE)  # fmt: skip
    meetings.add_item(meeting=found, start_ordinal=5, end_ordinal=6, prompt="Second")
    meetings.add_item(meeting=found, prompt="Third", minutes=5)
    return found


def prompts(meeting: Meeting) -> list[str]:
    return list(meeting.items.values_list("prompt", flat=True))


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
    item = meeting.items.first()
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


def test_a_reading_must_be_on_the_list_and_within_the_text(
    seeds: dict[str, Document], circle: Group, people: dict, make_group: Callable
) -> None:
    other = make_group()
    with pytest.raises(meetings.MeetingError, match="add it to the reading list"):
        meetings.create_meeting(group=other, by=people["fay"], title="X",
                                starts_at=timezone.now(), document=seeds[BLOG])  # fmt: skip
    with pytest.raises(meetings.MeetingError, match="from paragraph 1 to 77"):
        meetings.create_meeting(group=circle, by=people["fay"], title="X", starts_at=timezone.now(),
                                document=seeds[BLOG], range_start=10, range_end=500)  # fmt: skip


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
    order = [second.pk, first.pk, third.pk]
    assert client.post(url, json.dumps({"order": order}), "application/json").json() == {
        "order": order
    }
    assert prompts(meeting) == ["Second", "First *prompt*", "Third"]
    response = client.post(url, json.dumps({"order": [first.pk]}), "application/json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "reload the page" in response.json()["error"]
    meetings.remove_item(item=first)
    assert list(meeting.items.values_list("position", flat=True)) == [1, 2]


def test_suggestions_rank_passages_by_known_activity(
    blog: Document, circle: Group, meeting: Meeting, people: dict
) -> None:
    def note(author: str, anchor: str, **kwargs: object) -> Annotation:
        return writing.create_annotation(
            author=people[author], revision=blog.current_revision, group=circle,
            selection=selections.Selection(anchor, 0, anchor, 4), body="Note.", **kwargs,
        )  # fmt: skip

    # Three people on paragraph 5; one person, five times, on paragraph 9; a question on 12.
    crowded = note("ana", "p-5")
    for name in ("ben", "cleo"):
        writing.reply_to_annotation(author=people[name], parent=crowded, body="Reply.")
    lonely = note("ana", "p-9")
    for _ in range(4):
        writing.reply_to_annotation(author=people["ana"], parent=lonely, body="Again.")
    question = note("ben", "p-12", motivation="question")
    found = suggestions.suggest(meeting)
    # Crowded: 3 + 2×3 + recency; lonely: 5 + 2×1 + recency.
    assert [s.root for s in found.busiest[:2]] == [crowded, lonely]
    assert found.busiest[0].score > found.busiest[1].score
    assert "3 annotations and replies" in found.busiest[0].explanation
    assert found.most_people[0].root == crowded
    assert found.unanswered == [question]
    quiet = [p.ordinal for p in found.quiet]
    assert 5 not in quiet
    assert 9 not in quiet
    assert quiet[0] == 1


def test_suggestions_count_only_what_came_after_the_previous_meeting(
    blog: Document, circle: Group, meeting: Meeting, people: dict
) -> None:
    old = writing.create_annotation(
        author=people["ana"], revision=blog.current_revision, group=circle,
        selection=selections.Selection("p-5", 0, "p-5", 4), body="Long ago.",
    )  # fmt: skip
    Annotation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    meetings.create_meeting(group=circle, by=people["fay"], title="Last time",
                            starts_at=timezone.now() - timedelta(days=7))  # fmt: skip
    assert suggestions.suggest(meeting).busiest == []


def test_adding_a_suggested_thread_links_it(
    client: Client, blog: Document, circle: Group, meeting: Meeting, people: dict
) -> None:
    root = writing.create_annotation(
        author=people["ana"], revision=blog.current_revision, group=circle,
        selection=selections.Selection("p-7", 0, "p-7", 4), body="Worth discussing.",
    )  # fmt: skip
    client.force_login(people["fay"])
    client.post(f"/meetings/{meeting.pk}/items/", {"annotation": root.pk, "minutes": 10})
    item = meeting.items.last()
    assert (item.start_ordinal, item.end_ordinal) == (7, 7)
    assert list(item.threads.all()) == [root]
    client.force_login(people["ana"])
    assert (
        "Worth discussing." in client.get(f"{meeting.get_absolute_url()}packet/").content.decode()
    )


def test_the_calendar_file_is_valid_icalendar(
    client: Client, meeting: Meeting, people: dict
) -> None:
    client.force_login(people["ana"])
    response = client.get(f"{meeting.get_absolute_url()}meeting.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Tuesday"
    assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=90)
    assert str(event["LOCATION"]) == "Room 2"
    assert "Mass organization and political organization" in str(event["DESCRIPTION"])
    assert all(len(line.encode()) <= 75 for line in response.content.decode().split("\r\n"))


def test_the_markdown_export(client: Client, meeting: Meeting, people: dict) -> None:
    client.force_login(people["fay"])
    text = client.get(f"{meeting.get_absolute_url()}agenda.md?notes=1").content.decode()
    assert text.startswith("# Tuesday\n")
    assert "1. **10 min** (¶ 4–4)" in text
    assert "   First *prompt*" in text
    assert f"*Facilitator notes:* {SECRET_NOTE}" in text
    assert "Total: 25 of 90 minutes." in text


def test_discussed_threads_are_marked_in_the_reader(
    client: Client, blog: Document, circle: Group, meeting: Meeting, people: dict
) -> None:
    root = writing.create_annotation(
        author=people["ana"], revision=blog.current_revision, group=circle,
        selection=selections.Selection("p-7", 0, "p-7", 4), body="Talked about.",
    )  # fmt: skip
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
            author=people["ana"], revision=blog.current_revision, group=circle,
            selection=selections.Selection(f"p-{n + 4}", 0, f"p-{n + 4}", 4), body=f"Thread {n}",
        )  # fmt: skip
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
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.datetime(2030, 1, 8, 18, 0, tzinfo=timezone.UTC)
    )
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
