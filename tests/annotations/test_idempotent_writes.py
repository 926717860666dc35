"""Asking twice, or acting on what is gone (issue 13, 2 and 13): each write says what already
happened, or succeeds as a no-op where that is what a person expects; through the pages the
message shows where the person acted, never as an error page."""

import re
from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils.html import escape

from annotations import moderation, permissions, reactions, writing
from annotations.errors import AnnotationError
from annotations.models import Annotation, Flag, ModerationEntry, Notification, Reaction
from annotations.selections import Selection
from groups.models import Group
from texts.models import Document

HTMX = {"HX-Request": "true"}


@pytest.fixture
def people(make_member: Callable, circle: Group) -> dict[str, User]:
    found = {name: make_member(name, groups=(circle,)) for name in ("ana", "ben")}
    found["fay"] = make_member("fay", groups=(circle,), role="facilitator")
    return found


@pytest.fixture
def note(seeds: dict[str, Document], circle: Group, people: dict[str, User]) -> Annotation:
    document = next(iter(seeds.values()))
    paragraph = document.revision.paragraphs.get(ordinal=2)
    return writing.create_annotation(
        author=people["ana"],
        revision=document.revision,
        group=circle,
        selection=Selection(paragraph.anchor, 0, paragraph.anchor, 10),
        body="Is this the crux?",
        motivation=Annotation.Motivation.QUESTION,
    )


def viewer(user: User, group: Group) -> permissions.Viewer:
    return permissions.viewer(user, Group.objects.get(pk=group.pk))


def test_deleting_twice_says_it_is_deleted_already(
    note: Annotation, people: dict[str, User]
) -> None:
    stale = Annotation.objects.get(pk=note.pk)
    writing.delete_annotation(annotation=note, user=people["ana"])
    with pytest.raises(AnnotationError, match=re.escape(writing.ALREADY_DELETED)):
        writing.delete_annotation(annotation=stale, user=people["ana"])


def test_deleting_a_tombstone_again_says_it_is_deleted_already(
    note: Annotation, people: dict[str, User]
) -> None:
    writing.reply_to_annotation(author=people["ben"], parent=note, body="Yes.")
    stale = Annotation.objects.get(pk=note.pk)
    writing.delete_annotation(annotation=note, user=people["ana"])
    with pytest.raises(AnnotationError, match=re.escape(writing.ALREADY_DELETED)):
        writing.delete_annotation(annotation=stale, user=people["ana"])
    assert Annotation.objects.deleted().filter(pk=note.pk).count() == 1


def test_editing_what_was_deleted_meanwhile_says_so(
    note: Annotation, people: dict[str, User]
) -> None:
    stale = Annotation.objects.get(pk=note.pk)
    writing.delete_annotation(annotation=note, user=people["ana"])
    with pytest.raises(AnnotationError, match=re.escape(writing.ALREADY_DELETED)):
        writing.edit_annotation(annotation=stale, editor=people["ana"], body="Changed.")


def test_replying_to_what_was_deleted_meanwhile_says_so(
    note: Annotation, people: dict[str, User]
) -> None:
    stale = Annotation.objects.get(pk=note.pk)
    writing.delete_annotation(annotation=note, user=people["ana"])
    with pytest.raises(AnnotationError, match=re.escape(writing.PARENT_GONE)):
        writing.reply_to_annotation(author=people["ben"], parent=stale, body="Too late.")
    assert not Annotation.objects.filter(body="Too late.").exists()


def test_a_reaction_given_twice_is_there_once_and_taken_back_twice_is_gone(
    note: Annotation, circle: Group, people: dict[str, User]
) -> None:
    ben = viewer(people["ben"], circle)
    for _ in range(2):
        assert reactions.set_reaction(viewer=ben, annotation=note, kind="agree") is True
    assert Reaction.objects.filter(annotation=note).count() == 1
    for _ in range(2):
        assert reactions.set_reaction(viewer=ben, annotation=note, kind="agree", on=False) is False
    assert not Reaction.objects.exists()


@pytest.mark.parametrize(
    ("state", "message"),
    [
        pytest.param("deleted", reactions.GONE, id="deleted"),
        pytest.param("hidden", reactions.HIDDEN, id="hidden"),
    ],
)
def test_a_reaction_to_what_was_deleted_or_hidden_meanwhile_says_so(
    note: Annotation, circle: Group, people: dict[str, User], state: str, message: str
) -> None:
    stale = Annotation.objects.get(pk=note.pk)
    if state == "deleted":
        writing.delete_annotation(annotation=note, user=people["ana"])
    else:
        moderation.hide(moderator=people["fay"], annotation=note, reason="Off topic")
    with pytest.raises(AnnotationError, match=message):
        reactions.set_reaction(viewer=viewer(people["ben"], circle), annotation=stale, kind="agree")
    assert not Reaction.objects.exists()


def test_marking_the_same_answer_twice_is_fine_and_a_deleted_one_is_refused(
    note: Annotation, circle: Group, people: dict[str, User]
) -> None:
    reply = writing.reply_to_annotation(author=people["ben"], parent=note, body="Yes.")
    ana = viewer(people["ana"], circle)
    for _ in range(2):
        reactions.mark_answer(viewer=ana, question=note, reply=reply)
    assert Annotation.objects.get(pk=note.pk).answer_id == reply.pk
    reactions.mark_answer(viewer=ana, question=note, reply=None)
    writing.delete_annotation(annotation=reply, user=people["ben"])
    with pytest.raises(AnnotationError, match=re.escape(reactions.REPLY_GONE)):
        reactions.mark_answer(viewer=ana, question=note, reply=reply)
    writing.delete_annotation(annotation=Annotation.objects.get(pk=note.pk), user=people["ana"])
    with pytest.raises(AnnotationError, match=re.escape(reactions.QUESTION_GONE)):
        reactions.mark_answer(viewer=ana, question=note, reply=None)


def test_hiding_or_restoring_twice_says_it_is_so_already_and_logs_once(
    note: Annotation, people: dict[str, User]
) -> None:
    fay = people["fay"]
    moderation.hide(moderator=fay, annotation=note, reason="Off topic")
    with pytest.raises(AnnotationError, match=re.escape(moderation.ALREADY_HIDDEN)):
        moderation.hide(moderator=fay, annotation=Annotation.objects.get(pk=note.pk), reason="x")
    moderation.restore(moderator=fay, annotation=note, reason="Fine")
    with pytest.raises(AnnotationError, match=re.escape(moderation.NOT_HIDDEN)):
        moderation.restore(moderator=fay, annotation=note, reason="Fine")
    assert list(ModerationEntry.objects.values_list("action", flat=True)) == ["restore", "hide"]


def test_approving_twice_notifies_once(
    note: Annotation, circle: Group, people: dict[str, User], make_member: Callable
) -> None:
    circle.premoderate_new_members = True
    circle.save()
    newcomer = make_member("newcomer", groups=(circle,))
    held = writing.reply_to_annotation(author=newcomer, parent=note, body="First words")
    assert held.pending
    mail.outbox.clear()
    moderation.approve(moderator=people["fay"], annotation=held)
    with pytest.raises(AnnotationError, match=re.escape(moderation.ALREADY_PUBLISHED)):
        moderation.approve(moderator=people["fay"], annotation=held)
    assert Notification.objects.filter(annotation=held, recipient=people["ana"]).count() == 1
    assert ModerationEntry.objects.filter(action="approve").count() == 1


def test_flagging_twice_or_what_is_gone_says_so(note: Annotation, people: dict[str, User]) -> None:
    moderation.flag(user=people["ben"], annotation=note, reason="Spoiler")
    with pytest.raises(AnnotationError, match=re.escape(moderation.ALREADY_FLAGGED)):
        moderation.flag(user=people["ben"], annotation=note, reason="Spoiler")
    assert Flag.objects.count() == 1
    moderation.dismiss_flags(moderator=people["fay"], annotation=note)
    with pytest.raises(AnnotationError, match=re.escape(moderation.NO_OPEN_FLAGS)):
        moderation.dismiss_flags(moderator=people["fay"], annotation=note)
    stale = Annotation.objects.get(pk=note.pk)
    writing.delete_annotation(annotation=note, user=people["ana"])
    with pytest.raises(AnnotationError, match=re.escape(moderation.GONE)):
        moderation.flag(user=people["fay"], annotation=stale, reason="Spam")
    assert not Flag.objects.exists()  # the deleted annotation's went with it; none was added


# Through the pages: the second click's answer, where the first one was made.


def test_a_second_delete_through_the_page_says_it_is_gone_on_the_page_it_came_from(
    client: Client, note: Annotation, circle: Group, people: dict[str, User]
) -> None:
    client.force_login(people["ana"])
    document_page = f"http://testserver/groups/{circle.slug}/texts/{note.document.slug}/"
    url = f"/annotations/{note.pk}/delete/"
    first = client.post(url, headers={"Referer": document_page})
    assert first.status_code == HTTPStatus.FOUND
    second = client.post(url, headers={"Referer": document_page}, follow=True)
    assert second.redirect_chain[0] == (document_page, HTTPStatus.FOUND)
    assert second.status_code == HTTPStatus.OK
    assert escape(permissions.GONE) in second.content.decode()


def test_a_second_delete_from_the_annotations_own_page_says_it_on_the_home_page(
    client: Client, note: Annotation, people: dict[str, User]
) -> None:
    """Its own page would answer "not found" now."""
    client.force_login(people["ana"])
    own_page = f"http://testserver{note.get_absolute_url()}"
    url = f"/annotations/{note.pk}/delete/"
    client.post(url, headers={"Referer": own_page})
    second = client.post(url, headers={"Referer": own_page}, follow=True)
    assert second.redirect_chain[0] == ("/", HTTPStatus.FOUND)
    assert second.status_code == HTTPStatus.OK
    assert escape(permissions.GONE) in second.content.decode()


def test_a_second_delete_with_htmx_says_it_in_the_panel(
    client: Client, note: Annotation, people: dict[str, User]
) -> None:
    client.force_login(people["ana"])
    url = f"/annotations/{note.pk}/delete/"
    client.post(url, headers=HTMX)
    second = client.post(url, headers=HTMX | {"HX-Trigger": f"delete-{note.pk}"})
    assert second.status_code == HTTPStatus.OK
    assert escape(permissions.GONE) in second.content.decode()
    assert second["HX-Retarget"] == f"#delete-{note.pk} .form-errors"


def test_a_second_delete_of_a_tombstone_says_it_is_deleted_already(
    client: Client, note: Annotation, people: dict[str, User]
) -> None:
    writing.reply_to_annotation(author=people["ben"], parent=note, body="Yes.")
    client.force_login(people["ana"])
    url = f"/annotations/{note.pk}/delete/"
    client.post(url)
    second = client.post(url, follow=True)
    assert second.status_code == HTTPStatus.OK
    assert escape(writing.ALREADY_DELETED) in second.content.decode()


def test_replying_to_a_deleted_placeholder_shows_why_not(
    client: Client, note: Annotation, people: dict[str, User]
) -> None:
    writing.reply_to_annotation(author=people["ben"], parent=note, body="Yes.")
    writing.delete_annotation(annotation=note, user=people["ana"])
    client.force_login(people["ben"])
    before = Annotation.objects.count()
    response = client.post(f"/annotations/{note.pk}/reply/", {"body": "To nobody."})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    assert escape(writing.DELETED_PARENT) in page
    assert "To nobody." in page  # what the person wrote stays in the form
    assert "Not allowed" not in page
    with_htmx = client.post(
        f"/annotations/{note.pk}/reply/", {"body": "To nobody."}, headers=HTMX
    ).content.decode()
    assert escape(writing.DELETED_PARENT) in with_htmx
    assert Annotation.objects.count() == before


def test_replying_to_a_thread_deleted_meanwhile_says_so(
    client: Client, note: Annotation, people: dict[str, User]
) -> None:
    writing.delete_annotation(annotation=note, user=people["ana"])
    client.force_login(people["ben"])
    response = client.post(f"/annotations/{note.pk}/reply/", {"body": "Late."}, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert escape(permissions.GONE) in response.content.decode()
    assert not Annotation.objects.filter(body="Late.").exists()


def test_a_page_of_a_deleted_annotation_is_not_found(
    client: Client, note: Annotation, people: dict[str, User]
) -> None:
    writing.delete_annotation(annotation=note, user=people["ana"])
    client.force_login(people["ana"])
    for page in ("", "history/", "reattach/"):
        assert client.get(f"/annotations/{note.pk}/{page}").status_code == HTTPStatus.NOT_FOUND
