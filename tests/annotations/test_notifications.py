"""Who is told about what, how, and never about what they may not read."""

from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.test import Client

from annotations import moderation, notifications, selections, writing
from annotations.models import Annotation, Notification, NotificationPreference
from groups.models import Group, Membership
from texts.models import Document

BLOG = "mass-organization-and-political-organization"


@pytest.fixture
def blog(seeds: dict[str, Document]) -> Document:
    return seeds[BLOG]


@pytest.fixture
def people(make_member: Callable, circle: Group) -> dict[str, User]:
    """Four members of the circle with email addresses, and an outsider."""
    found = {
        name: make_member(name, email=f"{name}@example.org", groups=(circle,))
        for name in ("ana", "ben", "cleo", "dev")
    }
    found["eve"] = make_member("eve", email="eve@example.org")
    return found


def post(author: User, blog: Document, group: Group | None, body: str = "A note.") -> Annotation:
    return writing.create_annotation(
        author=author,
        revision=blog.revision,
        group=group,
        selection=selections.Selection("p-5", 0, "p-5", 4),
        body=body,
    )


def told(annotation: Annotation) -> dict[str, str]:
    return {
        n.recipient.username: n.kind
        for n in Notification.objects.filter(annotation=annotation).select_related("recipient")
    }


def test_who_is_told_of_a_reply_in_a_thread(
    blog: Document, circle: Group, people: dict[str, User]
) -> None:
    ana, ben, cleo = people["ana"], people["ben"], people["cleo"]
    root = post(ana, blog, circle)
    first = writing.reply_to_annotation(author=ben, parent=root, body="Ben answers.")
    second = writing.reply_to_annotation(
        author=cleo, parent=first, body="Cleo answers Ben, and asks @dev and @eve."
    )
    # Ana is told Ben replied to her; nobody else took part yet.
    assert told(first) == {"ana": "reply"}
    # Ben: a reply to him. Ana: a reply in her thread. Dev: mentioned (a member). Eve: mentioned,
    # but not a member, so nothing. Cleo: her own words, nothing.
    assert told(second) == {"ben": "reply", "ana": "thread", "dev": "mention"}


NOTICE_TABLE = [
    # (what happens, who must not be told)
    pytest.param("private-note", "ben", id="a reply in a private note"),
    pytest.param("left-group", "ana", id="the root's author left the private group"),
    pytest.param("thread-off", "ana", id="thread activity turned off"),
    pytest.param("pending", "ana", id="a held post, until approved"),
]


@pytest.mark.parametrize(("case", "silent"), NOTICE_TABLE)
def test_nobody_is_told_about_what_they_may_not_read(
    blog: Document,
    people: dict[str, User],
    make_group: Callable,
    django_capture_on_commit_callbacks: Callable,
    case: str,
    silent: str,
) -> None:
    ana, ben, cleo = people["ana"], people["ben"], people["cleo"]
    closed = make_group(visibility="private", documents=(blog,))
    for member in (ana, ben, cleo):
        Membership.objects.create(group=closed, user=member)
    if case == "private-note":
        note = post(ana, blog, None, body="Mine, @ben.")
        annotation = writing.reply_to_annotation(author=ana, parent=note, body="Still mine.")
    else:
        root = post(ana, blog, closed)
        reply = writing.reply_to_annotation(author=ben, parent=root, body="First.")
        if case == "left-group":
            Membership.objects.filter(group=closed, user=ana).delete()
        if case == "thread-off":
            NotificationPreference.objects.create(user=ana, thread_activity=False)
        if case == "pending":
            closed.premoderate_new_members = True
            closed.save()
        annotation = writing.reply_to_annotation(author=cleo, parent=reply, body="Second.")
    assert silent not in told(annotation)
    if case == "pending":
        assert annotation.pending
        with django_capture_on_commit_callbacks(execute=True):
            Membership.objects.filter(group=closed, user=ben).update(role="facilitator")
            moderation.approve(moderator=ben, annotation=annotation)
        assert told(annotation) == {"ana": "thread", "ben": "reply"}


WRITES = [
    # (the write, what Ana is told)
    pytest.param("post", "mention", id="a post that mentions her"),
    pytest.param("reply", "reply", id="a reply to her"),
    pytest.param("approval", "reply", id="a held reply to her, approved"),
]


@pytest.mark.parametrize(("write", "kind"), WRITES)
def test_notifications_are_written_with_what_they_announce(
    blog: Document,
    circle: Group,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Callable,
    write: str,
    kind: str,
) -> None:
    """Whoever may see a post may see its notifications: they are rows of the write that posts
    it (fault: made once it had committed, a reader's badge asked in between and stayed dark).
    Only the emails wait for the commit."""
    ana, ben, cleo = people["ana"], people["ben"], people["cleo"]
    root = post(ana, blog, circle)
    if write == "approval":
        circle.premoderate_new_members = True
        circle.save()
        held = writing.reply_to_annotation(author=ben, parent=root, body="Held for now.")
        assert told(held) == {}
        Membership.objects.filter(group=circle, user=cleo).update(role="facilitator")
    with django_capture_on_commit_callbacks(execute=True):
        if write == "post":
            annotation = post(ben, blog, circle, body="What do you think, @ana?")
        elif write == "reply":
            annotation = writing.reply_to_annotation(author=ben, parent=root, body="I agree.")
        else:
            annotation = moderation.approve(moderator=cleo, annotation=held)
        # Not committed yet (the commit callbacks run as this block ends).
        assert told(annotation) == {"ana": kind}
        assert mail.outbox == []
    assert [email.to for email in mail.outbox] == [["ana@example.org"]]


def test_emails_carry_the_passage_a_link_and_a_working_unsubscribe_link(
    client: Client,
    blog: Document,
    circle: Group,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Callable,
) -> None:
    root = post(people["ana"], blog, circle, body="What does *this* mean?")
    with django_capture_on_commit_callbacks(execute=True):
        writing.reply_to_annotation(author=people["ben"], parent=root, body="It means that.")
    [email] = mail.outbox
    assert email.to == ["ana@example.org"]
    assert email.subject == "[readinggroup] ben replied to you"
    assert "It means that." in email.body
    assert f"/annotations/{root.pk + 1}/" in email.body
    unsubscribe = email.body.split("Stop these emails: ")[1].split()[0]
    path = unsubscribe.removeprefix("http://127.0.0.1:8000")
    assert "Stop emails about replies to you?" in client.get(path).content.decode()
    assert not NotificationPreference.objects.filter(user=people["ana"]).exists()  # GET asks only
    assert "You will get no more" in client.post(path).content.decode()
    assert NotificationPreference.objects.get(user=people["ana"]).email_replies is False
    with django_capture_on_commit_callbacks(execute=True):
        writing.reply_to_annotation(author=people["cleo"], parent=root, body="Me too.")
    assert len(mail.outbox) == 1  # no more emails of that kind
    assert client.post(path[:-5] + "xxxx/").status_code == HTTPStatus.BAD_REQUEST


def test_digest_readers_get_one_email_a_day_instead(
    blog: Document,
    circle: Group,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Callable,
) -> None:
    NotificationPreference.objects.create(user=people["ana"], digest=True)
    root = post(people["ana"], blog, circle)
    with django_capture_on_commit_callbacks(execute=True):
        writing.reply_to_annotation(author=people["ben"], parent=root, body="Ben's reply.")
        post(people["cleo"], blog, circle, body="Cleo's note.")
    assert mail.outbox == []
    call_command("send_digests")
    [digest] = mail.outbox
    assert digest.to == ["ana@example.org"]
    assert digest.subject == f"[readinggroup] Today in {circle.name}: 2 new"
    assert "Ben's reply." in digest.body
    assert "Cleo's note." in digest.body


def test_the_notification_list_marks_read_and_counts_unread(
    client: Client, blog: Document, circle: Group, people: dict[str, User]
) -> None:
    root = post(people["ana"], blog, circle)
    writing.reply_to_annotation(author=people["ben"], parent=root, body="One.")
    writing.reply_to_annotation(author=people["cleo"], parent=root, body="Two.")
    client.force_login(people["ana"])
    assert (
        '<span class="badge unread" aria-hidden="true">2</span>'
        '<span class="visually-hidden">(2 unread)</span>'
        in client.get("/notifications/?badge=1").content.decode()
    )
    page = client.get("/notifications/").content.decode()
    assert page.count('class="notification unread"') == 2
    client.post("/notifications/read/")
    assert "unread" not in client.get("/notifications/?badge=1").content.decode()


def test_a_hidden_annotation_leaves_the_notification_list(
    client: Client, blog: Document, circle: Group, people: dict[str, User]
) -> None:
    root = post(people["ana"], blog, circle)
    reply = writing.reply_to_annotation(author=people["ben"], parent=root, body="Rude words.")
    Membership.objects.filter(group=circle, user=people["cleo"]).update(role="facilitator")
    moderation.hide(moderator=people["cleo"], annotation=reply, reason="Off topic")
    client.force_login(people["ana"])
    assert "Rude words" not in client.get("/notifications/").content.decode()
    assert "unread" not in client.get("/notifications/?badge=1").content.decode()


@pytest.mark.parametrize("count", [1, 25])
def test_the_notification_list_costs_constant_queries(
    client: Client,
    blog: Document,
    circle: Group,
    people: dict[str, User],
    django_assert_num_queries: Callable,
    count: int,
) -> None:
    root = post(people["ana"], blog, circle)
    for n in range(count):
        writing.reply_to_annotation(author=people["ben"], parent=root, body=f"Reply {n}")
    client.force_login(people["ana"])
    # The user, the page count, the page of notifications with their annotations.
    with django_assert_num_queries(3):
        response = client.get("/notifications/")
    assert response.content.decode().count('class="notification unread"') == count


def test_mentions_autocomplete_offers_members_only(
    client: Client, circle: Group, people: dict[str, User]
) -> None:
    client.force_login(people["ana"])
    found = client.get(f"/groups/{circle.slug}/members.json", {"q": "@b"}).json()
    assert found == {"members": [{"username": "ben", "name": "ben"}]}
    client.force_login(people["eve"])
    assert client.get(f"/groups/{circle.slug}/members.json", {"q": "b"}).status_code == 403
    assert notifications.mentioned_members("hi @eve and @ben.", circle) == [people["ben"]]


@pytest.mark.parametrize("participants", [1, 20])
def test_notifying_a_thread_costs_constant_queries(
    blog: Document,
    circle: Group,
    make_member: Callable,
    django_assert_max_num_queries: Callable,
    django_capture_on_commit_callbacks: Callable,
    participants: int,
) -> None:
    asker = make_member("asker", email="asker@example.org", groups=(circle,))
    root = post(asker, blog, circle, body="Why?")
    for n in range(participants):
        member = make_member(f"reader{n}", email=f"reader{n}@example.org", groups=(circle,))
        NotificationPreference.objects.create(user=member, email_thread=True)
        writing.reply_to_annotation(author=member, parent=root, body=f"Because {n}.")
    closing = writing.reply_to_annotation(author=asker, parent=root, body="Thank you all.")
    Notification.objects.filter(annotation=closing).delete()
    # "Post before you peek" on: whether each may read the reply is asked of every one.
    circle.reading_list.filter(document=blog).update(post_before_peek=True)
    mail.outbox.clear()
    closing = Annotation.objects.get(pk=closing.pk)
    # The thread's authors, who muted it, the parent's author; the recipients with their
    # settings, their roles, the reading's entry and who wrote on the passage; the group; the
    # notifications; the author's name and the document for the emails.
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(12):
        made = notifications.notify(closing)
    assert len(made) == participants
    assert len(mail.outbox) == participants
