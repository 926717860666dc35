"""Reactions, answered questions, post before you peek, moderation, live updates: the rules and
what readers see on every path."""

import json
from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils.html import escape

from annotations import moderation, permissions, reactions, reader, selections, writing
from annotations.errors import AnnotationError
from annotations.models import Annotation, Flag, ModerationEntry, Reaction
from groups.models import Group, GroupDocument, Membership
from texts.models import Document

BLOG = "mass-organization-and-political-organization"


@pytest.fixture
def blog(seeds: dict[str, Document]) -> Document:
    return seeds[BLOG]


@pytest.fixture
def people(make_member: Callable, circle: Group) -> dict[str, User]:
    """Members of the circle (Fay facilitates, Adam administers), and an outsider."""
    found = {name: make_member(name, groups=(circle,)) for name in ("ana", "ben", "cleo")}
    found["fay"] = make_member("fay", groups=(circle,), role="facilitator")
    found["adam"] = make_member("adam", groups=(circle,), role="admin")
    found["eve"] = make_member("eve")
    return found


def post(
    author: User,
    blog: Document,
    group: Group | None,
    anchor: str = "p-5",
    *,
    body: str = "A note.",
    motivation: str = Annotation.Motivation.COMMENT,
) -> Annotation:
    return writing.create_annotation(
        author=author,
        revision=blog.revision,
        group=group,
        selection=selections.Selection(anchor, 0, anchor, 4),
        body=body,
        motivation=motivation,
    )


def viewer(user: User, group: Group) -> permissions.Viewer:
    return permissions.viewer(user, Group.objects.get(pk=group.pk))


def panel(client: Client, group: Group, anchor: str = "p-5", **query: str) -> str:
    url = f"/groups/{group.slug}/texts/{BLOG}/paragraphs/{anchor}/"
    return client.get(url, query, headers={"HX-Request": "true"}).content.decode()


def test_one_reaction_of_each_kind_per_person(
    blog: Document, circle: Group, people: dict[str, User]
) -> None:
    note = post(people["ana"], blog, circle)
    ben = viewer(people["ben"], circle)
    assert reactions.toggle_reaction(viewer=ben, annotation=note, kind="agree") is True
    assert reactions.toggle_reaction(viewer=ben, annotation=note, kind="insightful") is True
    assert reactions.toggle_reaction(viewer=ben, annotation=note, kind="agree") is False
    assert list(note.reactions.values_list("kind", flat=True)) == ["insightful"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Reaction.objects.create(annotation=note, user=people["ben"], kind="insightful")
    with pytest.raises(AnnotationError, match=reactions.CANNOT_REACT):
        reactions.toggle_reaction(
            viewer=viewer(people["eve"], circle), annotation=note, kind="agree"
        )


def test_reactions_show_their_counts_and_who_gave_them(
    client: Client, blog: Document, circle: Group, people: dict[str, User]
) -> None:
    note = post(people["ana"], blog, circle)
    for name in ("ben", "cleo"):
        reactions.toggle_reaction(
            viewer=viewer(people[name], circle), annotation=note, kind="agree"
        )
    client.force_login(people["ben"])
    page = panel(client, circle)
    assert 'class="reaction mine" aria-pressed="true" title="ben, cleo">👍 Agree' in page
    assert '<span class="reaction-count">2</span>' in page


def test_a_paragraphs_threads_sort_by_reactions(
    client: Client, blog: Document, circle: Group, people: dict[str, User]
) -> None:
    quiet = post(people["ana"], blog, circle, body="Quiet one")
    loved = post(people["ben"], blog, circle, body="Loved one")
    reactions.toggle_reaction(viewer=viewer(people["cleo"], circle), annotation=loved, kind="agree")
    client.force_login(people["cleo"])
    in_order = panel(client, circle)
    assert in_order.index("Quiet one") < in_order.index("Loved one")
    by_reactions = panel(client, circle, sort="reactions")
    assert by_reactions.index("Loved one") < by_reactions.index("Quiet one")
    assert quiet.pk != loved.pk


def test_the_asker_or_a_facilitator_marks_the_answer(
    client: Client, blog: Document, circle: Group, people: dict[str, User]
) -> None:
    question = post(people["ana"], blog, circle, motivation="question", body="Why?")
    reply = writing.reply_to_annotation(author=people["ben"], parent=question, body="Because.")
    with pytest.raises(AnnotationError, match=reactions.CANNOT_MARK):
        reactions.mark_answer(viewer=viewer(people["cleo"], circle), question=question, reply=reply)
    other = post(people["cleo"], blog, circle)
    with pytest.raises(AnnotationError, match=reactions.NOT_A_REPLY):
        reactions.mark_answer(viewer=viewer(people["ana"], circle), question=question, reply=other)
    reactions.mark_answer(viewer=viewer(people["fay"], circle), question=question, reply=reply)
    client.force_login(people["cleo"])
    page = panel(client, circle)
    assert '<span class="kind kind-answered">Answered</span>' in page
    assert '<span class="kind kind-answer">The answer</span>' in page
    listing = f"/groups/{circle.slug}/texts/{BLOG}/annotations/"
    assert "Why?" not in client.get(listing, {"unanswered": "1"}).content.decode()
    reactions.mark_answer(viewer=viewer(people["ana"], circle), question=question, reply=None)
    assert "Why?" in client.get(listing, {"unanswered": "1"}).content.decode()


def test_marking_an_answer_through_the_page(
    client: Client, blog: Document, circle: Group, people: dict[str, User]
) -> None:
    question = post(people["ana"], blog, circle, motivation="question", body="Why?")
    reply = writing.reply_to_annotation(author=people["ben"], parent=question, body="Because.")
    client.force_login(people["ana"])
    assert "Mark as the answer" in panel(client, circle)
    client.post(f"/annotations/{question.pk}/answer/", {"reply": reply.pk})
    question.refresh_from_db()
    assert question.answer == reply


@pytest.fixture
def peeking(blog: Document, circle: Group) -> GroupDocument:
    entry = GroupDocument.objects.get(group=circle, document=blog)
    entry.post_before_peek = True
    entry.save()
    return entry


def test_post_before_you_peek_holds_others_notes_back_on_every_path(
    client: Client, blog: Document, circle: Group, people: dict[str, User], peeking: GroupDocument
) -> None:
    secret = post(people["ana"], blog, circle, body="Ana's unspoiled view")
    client.force_login(people["ben"])
    page = client.get(f"/groups/{circle.slug}/texts/{BLOG}/").content.decode()
    assert "1 note of the group is hidden until you post on its passage" in page
    assert 'title="1 note hidden until you post here"' in page
    assert f'[{secret.pk}, "p-5"' not in page  # no highlight
    assert "Ana's unspoiled view" not in panel(client, circle)
    assert client.get(secret.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    listing = client.get(f"/groups/{circle.slug}/texts/{BLOG}/annotations/").content.decode()
    assert "Ana's unspoiled view" not in listing
    # Once Ben writes on that passage, Ana's note appears to him.
    post(people["ben"], blog, circle, body="Ben's own view")
    assert "Ana's unspoiled view" in panel(client, circle)
    assert client.get(secret.get_absolute_url()).status_code == HTTPStatus.OK


def test_facilitators_see_everything_and_can_reveal(
    client: Client, blog: Document, circle: Group, people: dict[str, User], peeking: GroupDocument
) -> None:
    post(people["ana"], blog, circle, body="Ana's unspoiled view")
    client.force_login(people["fay"])
    assert "Ana's unspoiled view" in panel(client, circle)
    client.post(f"/groups/{circle.slug}/texts/{BLOG}/reveal/")
    client.force_login(people["cleo"])
    assert "Ana's unspoiled view" in panel(client, circle)
    assert ModerationEntry.objects.get().action == "reveal"


def test_members_flag_and_only_moderators_see_the_reason(
    client: Client, blog: Document, circle: Group, people: dict[str, User]
) -> None:
    note = post(people["ana"], blog, circle, body="Questionable")
    client.force_login(people["ben"])
    client.post(f"/annotations/{note.pk}/flag/", {"reason": "Insults a member"})
    assert Flag.objects.get().reason == "Insults a member"
    assert "Insults a member" not in panel(client, circle)
    response = client.post(f"/annotations/{note.pk}/flag/", {"reason": "Again"}, follow=True)
    assert "You have already flagged this annotation" in response.content.decode()
    client.force_login(people["fay"])
    assert "Insults a member" in client.get(f"/groups/{circle.slug}/moderation/").content.decode()
    client.force_login(people["cleo"])
    assert client.get(f"/groups/{circle.slug}/moderation/").status_code == HTTPStatus.FORBIDDEN


def test_a_hidden_annotation_keeps_its_replies_and_hides_on_every_path(
    client: Client, blog: Document, circle: Group, people: dict[str, User]
) -> None:
    note = post(people["ana"], blog, circle, body="Offending words")
    writing.reply_to_annotation(author=people["ben"], parent=note, body="Ben objects")
    client.force_login(people["fay"])
    response = client.post(
        f"/annotations/{note.pk}/moderate/", {"action": "hide", "reason": ""}, follow=True
    )
    assert escape(moderation.NEED_REASON) in response.content.decode()
    assert Annotation.objects.get(pk=note.pk).hidden_at is None
    client.post(
        f"/annotations/{note.pk}/moderate/", {"action": "hide", "reason": "Personal attack"}
    )
    note.refresh_from_db()
    assert note.is_hidden
    # Others: the place stays, the words go; replies stay.
    client.force_login(people["cleo"])
    page = panel(client, circle)
    assert "Hidden by a moderator." in page
    assert "Offending words" not in page
    assert "Ben objects" in page
    reader_page = client.get(f"/groups/{circle.slug}/texts/{BLOG}/").content.decode()
    assert f'[{note.pk}, "p-5"' not in reader_page
    listing = client.get(f"/groups/{circle.slug}/texts/{BLOG}/annotations/").content.decode()
    assert "Offending words" not in listing
    assert "Offending words" not in client.get(note.get_absolute_url()).content.decode()
    # The author sees a notice with the reason; moderators see the words.
    client.force_login(people["ana"])
    assert "Reason: Personal attack" in panel(client, circle)
    client.force_login(people["fay"])
    assert "Offending words" in panel(client, circle)
    # Restoring is logged too; the audit log is for the group's admins.
    client.post(f"/annotations/{note.pk}/moderate/", {"action": "restore", "reason": "Apologised"})
    assert list(ModerationEntry.objects.values_list("action", "reason")) == [
        ("restore", "Apologised"),
        ("hide", "Personal attack"),
    ]
    assert "Audit log" not in client.get(f"/groups/{circle.slug}/moderation/").content.decode()
    client.force_login(people["adam"])
    log = client.get(f"/groups/{circle.slug}/moderation/").content.decode()
    assert "Audit log" in log
    assert "Personal attack" in log


def test_members_cannot_moderate(
    client: Client, blog: Document, circle: Group, people: dict[str, User]
) -> None:
    note = post(people["ana"], blog, circle, body="Fine words")
    client.force_login(people["ben"])
    response = client.post(f"/annotations/{note.pk}/moderate/", {"action": "hide", "reason": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    note.refresh_from_db()
    assert not note.is_hidden


def test_a_new_members_first_post_waits_for_approval(
    client: Client, blog: Document, circle: Group, people: dict[str, User], make_member: Callable
) -> None:
    circle.premoderate_new_members = True
    circle.save()
    newcomer = make_member("newcomer", groups=(circle,))
    first = post(newcomer, blog, circle, body="My first words")
    assert first.pending
    client.force_login(people["cleo"])
    assert "My first words" not in panel(client, circle)
    client.force_login(newcomer)
    assert "Waiting for a facilitator" in panel(client, circle)
    client.force_login(people["fay"])
    assert "My first words" in client.get(f"/groups/{circle.slug}/moderation/").content.decode()
    client.post(f"/annotations/{first.pk}/moderate/", {"action": "approve"})
    client.force_login(people["cleo"])
    assert "My first words" in panel(client, circle)
    second = post(newcomer, blog, circle, body="Now trusted")
    assert not second.pending


def test_the_poll_answers_not_modified_until_someone_else_posts(
    client: Client, blog: Document, circle: Group, people: dict[str, User]
) -> None:
    client.force_login(people["ben"])
    url = f"/groups/{circle.slug}/texts/{BLOG}/poll/"
    latest = Annotation.objects.latest("pk").pk
    assert client.get(url, {"after": latest}).status_code == 304
    mine = post(people["ben"], blog, circle)
    assert client.get(url, {"after": latest}).status_code == 304  # own posts are drawn already
    theirs = post(people["ana"], blog, circle)
    found = client.get(url, {"after": latest}).json()
    assert found == {"new": 1, "latest": theirs.pk}
    changes = json.loads(
        client.get(f"/groups/{circle.slug}/texts/{BLOG}/changes/", {"after": mine.pk}).content
    )
    assert [h[0] for h in changes["highlights"]] == [theirs.pk]
    assert changes["counts"] == {"p-5": 2}


def test_the_poll_never_reveals_what_the_reader_may_not_see(
    client: Client, blog: Document, circle: Group, people: dict[str, User], peeking: GroupDocument
) -> None:
    client.force_login(people["ben"])
    url = f"/groups/{circle.slug}/texts/{BLOG}/poll/"
    latest = Annotation.objects.latest("pk").pk
    post(people["ana"], blog, circle)
    assert client.get(url, {"after": latest}).status_code == 304


def test_a_removed_member_can_no_longer_react_or_flag(
    blog: Document, circle: Group, people: dict[str, User]
) -> None:
    note = post(people["ana"], blog, circle)
    Membership.objects.filter(user=people["ben"]).delete()
    ben = viewer(people["ben"], circle)
    assert not permissions.can_react(ben, note)
    assert not permissions.can_flag(ben, note)
    assert reader.context_for(blog, circle, people["ben"]).can_annotate is False


def test_a_former_members_words_get_no_authors_rights_from_a_visitor(
    client: Client, blog: Document, circle: Group, people: dict[str, User]
) -> None:
    """A visitor has no id, and a former member's annotations have no author: the two must
    never count as the same person."""
    hidden = post(people["ana"], blog, circle, body="Offending words")
    moderation.hide(moderator=people["fay"], annotation=hidden, reason="Personal attack")
    question = post(people["ana"], blog, circle, motivation="question", body="Why?")
    writing.reply_to_annotation(author=people["ben"], parent=question, body="Because.")
    people["ana"].delete()
    page = panel(client, circle)
    assert "Hidden by a moderator." in page
    assert "Offending words" not in page
    assert "Mark as the answer" not in page


def test_a_note_held_back_until_posting_takes_no_reply_reaction_or_flag_from_the_reader(
    client: Client, blog: Document, circle: Group, people: dict[str, User], peeking: GroupDocument
) -> None:
    secret = post(people["ana"], blog, circle, body="Ana's unspoiled view")
    before = Annotation.objects.count()
    client.force_login(people["ben"])
    for action, data in (
        ("reply", {"body": "Seen it."}),
        ("react", {"kind": "agree"}),
        ("flag", {"reason": "Spoiler"}),
    ):
        response = client.post(f"/annotations/{secret.pk}/{action}/", data)
        assert response.status_code == HTTPStatus.NOT_FOUND
    assert Annotation.objects.count() == before
    assert not Reaction.objects.exists()
    assert not Flag.objects.exists()
