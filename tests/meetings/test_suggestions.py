"""Suggestions from the discussion: ranked by activity since the previous meeting, added in
one click."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from annotations import selections, writing
from annotations.models import Annotation
from groups.models import Group
from meetings import services as meetings
from meetings import suggestions
from meetings.models import Meeting
from texts.models import Document


def test_suggestions_rank_passages_by_known_activity(
    blog: Document, circle: Group, meeting: Meeting, people: dict
) -> None:
    def note(author: str, anchor: str, motivation: str = "comment") -> Annotation:
        return writing.create_annotation(
            author=people[author],
            revision=blog.revision,
            group=circle,
            selection=selections.Selection(anchor, 0, anchor, 4),
            body="Note.",
            motivation=motivation,
        )

    # Three people on paragraph 5; one person, five times, on paragraph 9; a question on 12.
    crowded = note("ana", "p-5")
    for name in ("ben", "cleo"):
        writing.reply_to_annotation(author=people[name], parent=crowded, body="Reply.")
    lonely = note("ana", "p-9")
    for _ in range(4):
        writing.reply_to_annotation(author=people["ana"], parent=lonely, body="Again.")
    question = note("ben", "p-12", motivation="question")
    found = suggestions.suggest(meeting)
    assert found is not None
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
        author=people["ana"],
        revision=blog.revision,
        group=circle,
        selection=selections.Selection("p-5", 0, "p-5", 4),
        body="Long ago.",
    )
    Annotation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    meetings.create_meeting(
        group=circle,
        by=people["fay"],
        title="Last time",
        starts_at=timezone.now() - timedelta(days=7),
    )
    found = suggestions.suggest(meeting)
    assert found is not None
    assert found.busiest == []


def test_adding_a_suggested_thread_links_it(
    client: Client, blog: Document, circle: Group, meeting: Meeting, people: dict
) -> None:
    root = writing.create_annotation(
        author=people["ana"],
        revision=blog.revision,
        group=circle,
        selection=selections.Selection("p-7", 0, "p-7", 4),
        body="Worth discussing.",
    )
    client.force_login(people["fay"])
    client.post(f"/meetings/{meeting.pk}/items/", {"annotation": root.pk, "minutes": 10})
    item = meeting.items.latest("position")
    assert (item.start_ordinal, item.end_ordinal) == (7, 7)
    assert list(item.threads.all()) == [root]
    client.force_login(people["ana"])
    assert (
        "Worth discussing." in client.get(f"{meeting.get_absolute_url()}packet/").content.decode()
    )
