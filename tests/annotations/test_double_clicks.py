"""A double click is two identical requests at once (issue 13, 2): through the live server
(several threads, each with its own connection), on SQLite and on PostgreSQL, the second of
two deletes, reactions, answers, hides, restores or flags never answers 5xx: it succeeds as a
no-op, or says what already happened, where the person clicked."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from threading import Barrier

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.html import escape

from annotations import moderation, permissions, writing
from annotations.models import Annotation, Flag, ModerationEntry, Notification, Reaction
from annotations.selections import Selection
from groups.models import Group
from tests.live_posting import Answer, post_as, session_of
from texts.models import Document


def twice_at_once(
    live_server: object, user: User, path: str, data: dict[str, str], *, htmx: bool
) -> list[Answer]:
    """The same POST twice, released together (a barrier), as a double click sends it."""
    session = session_of(user)
    start = Barrier(2)

    def send(_: int) -> Answer:
        start.wait()
        return post_as(f"{live_server}{path}", session, data, htmx=htmx)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(send, range(2)))


@dataclass
class Scene:
    root: Annotation
    author: User
    member: User
    facilitator: User
    group: Group


@pytest.fixture
def scene(
    seeds: dict[str, Document], make_group: Callable[..., Group], make_member: Callable
) -> Scene:
    document = next(iter(seeds.values()))
    group = make_group(documents=(document,))
    author = make_member("ana", groups=(group,))
    paragraph = document.revision.paragraphs.get(ordinal=2)
    root = writing.create_annotation(
        author=author,
        revision=document.revision,
        group=group,
        selection=Selection(paragraph.anchor, 0, paragraph.anchor, 10),
        body="Is this the crux?",
        motivation=Annotation.Motivation.QUESTION,
    )
    return Scene(
        root=root,
        author=author,
        member=make_member("ben", groups=(group,)),
        facilitator=make_member("fay", groups=(group,), role="facilitator"),
        group=group,
    )


def no_errors(answers: list[Answer]) -> None:
    assert [a.status for a in answers if a.status >= HTTPStatus.INTERNAL_SERVER_ERROR] == []


def said(answers: list[Answer], *messages: str) -> int:
    """How many of `answers` say one of `messages`."""
    return sum(any(escape(m) in a.body for m in messages) for a in answers)


DELETED = (writing.ALREADY_DELETED, permissions.GONE)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("htmx", [False, True], ids=["form post", "htmx"])
def test_a_double_clicked_delete_deletes_once_and_never_fails(
    live_server: object, scene: Scene, htmx: bool
) -> None:
    answers = twice_at_once(
        live_server, scene.author, f"/annotations/{scene.root.pk}/delete/", {}, htmx=htmx
    )
    no_errors(answers)
    expected = HTTPStatus.OK if htmx else HTTPStatus.FOUND
    assert [a.status for a in answers] == [expected, expected]
    assert not Annotation.objects.filter(pk=scene.root.pk).exists()
    if htmx:
        # The second says it was deleted already, in the panel where the person clicked.
        assert said(answers, *DELETED) == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_delete_of_a_thread_leaves_one_tombstone(
    live_server: object, scene: Scene
) -> None:
    reply = writing.reply_to_annotation(author=scene.member, parent=scene.root, body="Yes.")
    answers = twice_at_once(
        live_server, scene.author, f"/annotations/{scene.root.pk}/delete/", {}, htmx=True
    )
    no_errors(answers)
    assert said(answers, *DELETED) == 1
    scene.root.refresh_from_db()
    assert scene.root.is_deleted
    assert Annotation.objects.filter(pk=reply.pk).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("data", "given_before", "given_after"),
    [
        pytest.param({"kind": "agree"}, False, True, id="give"),
        pytest.param({"take_back": "agree"}, True, False, id="take back"),
    ],
)
def test_a_double_clicked_reaction_is_given_or_taken_back_once(
    live_server: object, scene: Scene, data: dict[str, str], given_before: bool, given_after: bool
) -> None:
    if given_before:
        Reaction.objects.create(annotation=scene.root, user=scene.member, kind="agree")
    answers = twice_at_once(
        live_server, scene.member, f"/annotations/{scene.root.pk}/react/", data, htmx=True
    )
    no_errors(answers)
    assert [a.status for a in answers] == [HTTPStatus.OK, HTTPStatus.OK]
    mine = Reaction.objects.filter(annotation=scene.root, user=scene.member, kind="agree")
    assert mine.count() == int(given_after)


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_answer_marks_it_once(live_server: object, scene: Scene) -> None:
    reply = writing.reply_to_annotation(author=scene.member, parent=scene.root, body="Yes.")
    answers = twice_at_once(
        live_server,
        scene.author,
        f"/annotations/{scene.root.pk}/answer/",
        {"reply": str(reply.pk)},
        htmx=True,
    )
    no_errors(answers)
    assert [a.status for a in answers] == [HTTPStatus.OK, HTTPStatus.OK]
    scene.root.refresh_from_db()
    assert scene.root.answer_id == reply.pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("htmx", [False, True], ids=["form post", "htmx"])
def test_a_double_clicked_hide_hides_once(live_server: object, scene: Scene, htmx: bool) -> None:
    data = {"action": "hide", "reason": "Off topic"}
    answers = twice_at_once(
        live_server, scene.facilitator, f"/annotations/{scene.root.pk}/moderate/", data, htmx=htmx
    )
    no_errors(answers)
    scene.root.refresh_from_db()
    assert scene.root.is_hidden
    assert ModerationEntry.objects.filter(action="hide").count() == 1
    if htmx:
        assert said(answers, moderation.ALREADY_HIDDEN) == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_restore_restores_once(live_server: object, scene: Scene) -> None:
    Annotation.objects.filter(pk=scene.root.pk).update(hidden_at=timezone.now())
    data = {"action": "restore", "reason": "Fine after all"}
    answers = twice_at_once(
        live_server, scene.facilitator, f"/annotations/{scene.root.pk}/moderate/", data, htmx=True
    )
    no_errors(answers)
    scene.root.refresh_from_db()
    assert not scene.root.is_hidden
    assert ModerationEntry.objects.filter(action="restore").count() == 1
    assert said(answers, moderation.NOT_HIDDEN) == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_flag_flags_once(live_server: object, scene: Scene) -> None:
    data = {"reason": "Spoils the ending"}
    answers = twice_at_once(
        live_server, scene.member, f"/annotations/{scene.root.pk}/flag/", data, htmx=True
    )
    no_errors(answers)
    assert [a.status for a in answers] == [HTTPStatus.OK, HTTPStatus.OK]
    assert Flag.objects.filter(annotation=scene.root).count() == 1
    assert said(answers, moderation.ALREADY_FLAGGED) == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_approval_publishes_once_and_notifies_once(
    live_server: object, scene: Scene, make_member: Callable
) -> None:
    scene.group.premoderate_new_members = True
    scene.group.save()
    newcomer = make_member("newcomer", groups=(scene.group,))
    held = writing.reply_to_annotation(author=newcomer, parent=scene.root, body="First words")
    assert held.pending
    answers = twice_at_once(
        live_server,
        scene.facilitator,
        f"/annotations/{held.pk}/moderate/",
        {"action": "approve"},
        htmx=True,
    )
    no_errors(answers)
    assert said(answers, moderation.ALREADY_PUBLISHED) == 1
    assert ModerationEntry.objects.filter(action="approve").count() == 1
    assert Notification.objects.filter(annotation=held, recipient=scene.author).count() == 1
