"""A reply costs the same in a busy thread: the request's queries do not grow with how many
people took part, and their emails are one task queued after the commit (issue 13, 4)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Concat
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from annotations import writing
from annotations.models import Annotation, Notification, NotificationPreference
from annotations.selections import Selection
from groups.models import Group
from texts.models import Document

REPLY = "One more thought."


def busy_thread(document: Document, group: Group, make_member: Callable, people: int) -> Annotation:
    """A thread with a post from each of `people` members, who all want every reply by email."""
    members = [make_member(f"m{people}x{n}", groups=(group,)) for n in range(people)]
    User.objects.filter(pk__in=[m.pk for m in members]).update(
        email=Concat("username", Value("@example.org"))
    )
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user=m, email_thread=True) for m in members]
    )
    paragraph = document.revision.paragraphs.get(ordinal=1)
    root = writing.create_annotation(
        author=members[0],
        revision=document.revision,
        group=group,
        selection=Selection(paragraph.anchor, 0, paragraph.anchor, 5),
        body="Where to start?",
    )
    for member in members[1:]:
        writing.reply_to_annotation(author=member, parent=root, body="Here.")
    return root


def test_a_reply_costs_the_same_with_2_and_200_people_in_the_thread(
    seeds: dict[str, Document],
    make_group: Callable,
    make_member: Callable,
    settings: Any,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    # Emails queued in the database, as in production (TASKS_BACKEND=database).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    document = next(iter(seeds.values()))
    counts = []
    for people in (2, 200):
        group = make_group(documents=(document,))
        root = busy_thread(document, group, make_member, people)
        client = Client()
        client.force_login(make_member(f"replier{people}", groups=(group,)))
        queued = DBTaskResult.objects.count()
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = client.post(f"/annotations/{root.pk}/reply/", {"body": REPLY})
        assert response.status_code == 302
        counts.append(len(queries))
        told = Notification.objects.filter(annotation__body=REPLY, annotation__group=group)
        assert told.count() == people
        assert DBTaskResult.objects.count() == queued + 1  # one task emails them all
        task = DBTaskResult.objects.latest("enqueued_at")
        assert len(task.args_kwargs["kwargs"]["kinds"]) == people
    assert counts[0] == counts[1]
