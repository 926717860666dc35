"""Threads marked discussed: the reader says "Discussed at <meeting>, <date>" for as long as the
meeting says so, from the meeting itself (no label stored on the annotation), in the reader's
own time zone, and only within the group whose meeting it was."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from annotations import selections, writing
from annotations.models import Annotation
from groups.models import Group
from meetings import services as meetings
from meetings.models import Meeting
from texts.models import Document


def note_on(paragraph: str, people: dict, blog: Document, circle: Group) -> Annotation:
    return writing.create_annotation(
        author=people["ana"],
        revision=blog.revision,
        group=circle,
        selection=selections.Selection(paragraph, 0, paragraph, 4),
        body=f"Worth talking about: {paragraph}.",
    )


@pytest.fixture
def root(people: dict, blog: Document, circle: Group, meeting: Meeting) -> Annotation:
    """Ana's thread on paragraph 7, on the agenda of the coming meeting."""
    found = note_on("p-7", people, blog, circle)
    meetings.add_item(meeting=meeting, annotation=found)
    return found


def tick(client: Client, meeting: Meeting, *threads: Annotation) -> None:
    """Save the meeting's notes with `threads` ticked as discussed, as the agenda page does."""
    response = client.post(
        f"/meetings/{meeting.pk}/notes/", {"notes": "", "discussed": [t.pk for t in threads]}
    )
    assert response.status_code == 302


def thread_page(client: Client, annotation: Annotation) -> str:
    return client.get(annotation.get_absolute_url()).content.decode()


def test_unticking_a_thread_takes_the_label_off_it(
    client: Client, meeting: Meeting, root: Annotation, people: dict, circle: Group
) -> None:
    client.force_login(people["fay"])
    tick(client, meeting, root)
    when = timezone.localtime(meeting.starts_at)
    assert f"Discussed at Tuesday, {when.day} {when:%b %Y}" in thread_page(client, root)

    tick(client, meeting)  # unticked

    assert "Discussed at" not in thread_page(client, root)
    panel = reverse("annotations:paragraph", args=[circle.slug, root.document.slug, "p-7"])
    assert "Discussed at" not in client.get(panel, headers={"HX-Request": "true"}).content.decode()


def test_a_thread_discussed_twice_shows_the_latest_meeting(
    client: Client, meeting: Meeting, root: Annotation, people: dict, circle: Group
) -> None:
    earlier = meetings.create_meeting(
        group=circle,
        by=people["fay"],
        title="Last week",
        starts_at=timezone.now() - timedelta(days=5),
    )
    meetings.add_item(meeting=earlier, annotation=root)
    client.force_login(people["fay"])
    tick(client, earlier, root)
    tick(client, meeting, root)

    page = thread_page(client, root)
    assert "Discussed at Tuesday" in page
    assert "Last week" not in page

    tick(client, meeting)
    assert "Discussed at Last week" in thread_page(client, root)


def test_the_date_is_the_readers_own(
    client: Client, meeting: Meeting, root: Annotation, people: dict
) -> None:
    late = datetime(2030, 1, 8, 23, 30, tzinfo=UTC)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=late)
    client.force_login(people["fay"])
    client.post(
        "/accounts/profile/", {"display_name": "Fay", "bio": "", "timezone": "America/New_York"}
    )
    tick(client, meeting, root)
    assert "Discussed at Tuesday, 8 Jan 2030" in thread_page(client, root)

    client.force_login(people["ana"])
    client.post("/accounts/profile/", {"display_name": "Ana", "bio": "", "timezone": "Asia/Tokyo"})
    assert "Discussed at Tuesday, 9 Jan 2030" in thread_page(client, root)


def test_another_groups_meeting_stays_in_that_group(
    client: Client,
    meeting: Meeting,
    people: dict,
    blog: Document,
    make_group: Callable,
    make_member: Callable,
) -> None:
    """A comment that came with the text is read in every group: one group's meeting about it
    is news for that group only."""
    comment = Annotation.objects.filter(document=blog, visibility="document", root=None).first()
    assert comment is not None
    meetings.add_item(meeting=meeting, annotation=comment)
    client.force_login(people["fay"])
    tick(client, meeting, comment)
    elsewhere = make_group(documents=(blog,))
    reader = make_member("reader", groups=(elsewhere,))

    mine = reverse("annotations:document", args=[meeting.group.slug, blog.slug])
    theirs = reverse("annotations:document", args=[elsewhere.slug, blog.slug])
    assert "Discussed at Tuesday" in client.get(mine).content.decode()
    client.force_login(reader)
    assert "Discussed at" not in client.get(theirs).content.decode()


def test_labels_cost_no_query_per_thread(
    client: Client, meeting: Meeting, people: dict, blog: Document, circle: Group
) -> None:
    panel = reverse("annotations:paragraph", args=[circle.slug, blog.slug, "p-7"])
    client.force_login(people["fay"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(panel, headers={"HX-Request": "true"})
        return len(captured)

    threads = [note_on("p-7", people, blog, circle)]
    meetings.add_item(meeting=meeting, annotation=threads[0])
    tick(client, meeting, *threads)
    one = queries()
    for _ in range(4):
        threads.append(note_on("p-7", people, blog, circle))
        meetings.add_item(meeting=meeting, annotation=threads[-1])
    tick(client, meeting, *threads)
    page = client.get(panel, headers={"HX-Request": "true"}).content.decode()
    assert page.count("Discussed at Tuesday") == 5
    assert queries() == one
