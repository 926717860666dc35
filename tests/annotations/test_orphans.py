"""Orphaned and headless threads stay readable: an orphan's permalink (and its replies'), the
notification of a reply to it, tombstoned orphans listed and re-attached, headless threads in
the list of all annotations, and the reader's notice of the orphans that exist now."""

import re
from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import moderation, selections, source_comments, writing
from annotations.models import Annotation
from groups.models import Group
from texts.models import Document

BLOG = "mass-organization-and-political-organization"
LIKE = "I like this."
FALSE = "This is false because:"
NO_PLACE = "This thread has no place in the current text"


@pytest.fixture
def blog(seeds: dict[str, Document]) -> Document:
    return seeds[BLOG]


@pytest.fixture
def people(circle: Group, make_member: Callable) -> dict[str, User]:
    """Ana and Ben, members; Cleo, a member who wrote nothing; Fay, the circle's admin; Eve, in
    no group."""
    found = {name: make_member(name, groups=(circle,)) for name in ("ana", "ben", "cleo")}
    found["fay"] = make_member("fay", groups=(circle,), role="admin")
    found["eve"] = make_member("eve")
    return found


def annotate(blog: Document, group: Group, author: User, words: str, body: str) -> Annotation:
    blog.refresh_from_db()
    paragraph = blog.revision.paragraphs.filter(text__contains=words)[0]
    start = paragraph.text.index(words)
    end = start + len(words)
    return writing.create_annotation(
        author=author,
        revision=blog.revision,
        group=group,
        selection=selections.Selection(paragraph.anchor, start, paragraph.anchor, end),
        body=body,
    )


def reimport(blog: Document, text: str) -> None:
    source_comments.import_with_comments(
        data=text.encode(), source_format="text", slug=blog.slug, title=blog.title
    )
    blog.refresh_from_db()


def remove_words(blog: Document, words: str) -> None:
    """Re-import the current text without `words`: what was made on them becomes an orphan."""
    blog.refresh_from_db()
    reimport(blog, blog.revision.source_text.replace(words, ""))


@pytest.fixture
def orphaned(blog: Document, circle: Group, people: dict[str, User]) -> Annotation:
    """Ana's annotation on "I like this.", with Ben's reply, after a correction removed it."""
    orphan = annotate(blog, circle, people["ana"], LIKE, "Ana likes it")
    writing.reply_to_annotation(author=people["ben"], parent=orphan, body="Ben agrees")
    remove_words(blog, LIKE)
    orphan.refresh_from_db()
    assert (orphan.anchor_status, orphan.revision.number) == ("orphan", 1)
    return orphan


def text(client: Client, url: str, **query: str) -> str:
    response = client.get(url, query)
    assert response.status_code == HTTPStatus.OK, url
    return response.content.decode()


def list_url(group: Group) -> str:
    return reverse("annotations:list", args=[group.slug, BLOG])


@pytest.mark.parametrize("who", ["ana", "ben", "cleo", "fay", None])
def test_an_orphans_permalink_shows_its_thread_where_it_sits(
    orphaned: Annotation, circle: Group, people: dict[str, User], client: Client, who: str | None
) -> None:
    if who:
        client.force_login(people[who])
    reply = orphaned.descendants.get()

    for annotation in (orphaned, reply):
        page = text(client, annotation.get_absolute_url())

        assert f'<blockquote class="quote">{LIKE}</blockquote>' in page
        assert "Ana likes it" in page
        assert "Ben agrees" in page
        assert NO_PLACE in page
        earlier = reverse("annotations:revision", args=[circle.slug, BLOG, 1])
        assert f'href="{earlier}#p-' in page
    # The earlier version it links to has the words it was made on.
    assert LIKE in text(client, reverse("annotations:revision", args=[circle.slug, BLOG, 1]))


def test_an_orphan_in_a_private_group_is_not_found_by_others(
    blog: Document, make_group: Callable, make_member: Callable, client: Client
) -> None:
    private = make_group(visibility="private", documents=(blog,))
    ana = make_member("ana", groups=(private,))
    orphan = annotate(blog, private, ana, LIKE, "Ana likes it")
    remove_words(blog, LIKE)

    client.force_login(make_member("eve"))
    assert client.get(orphan.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.force_login(ana)
    assert NO_PLACE in text(client, orphan.get_absolute_url())


def test_the_notification_of_a_reply_to_an_orphan_opens_the_thread(
    orphaned: Annotation, people: dict[str, User], client: Client
) -> None:
    client.force_login(people["ana"])
    notices = text(client, reverse("annotations:notifications"))
    assert "replied to you" in notices
    link = re.search(r'<a href="(/annotations/\d+/)"><strong>ben</strong>', notices)
    assert link is not None

    page = text(client, link[1])

    assert "Ben agrees" in page
    assert NO_PLACE in page


def test_a_reply_posted_in_an_orphaned_thread_stays_in_it(
    orphaned: Annotation, people: dict[str, User], client: Client
) -> None:
    client.force_login(people["cleo"])
    reply = reverse("annotations:reply", args=[orphaned.pk])

    page = client.post(reply, {"body": "Cleo too"}, follow=True).content.decode()
    panel = client.post(reply, {"body": "Cleo again"}, headers={"HX-Request": "true"})

    assert "Cleo too" in page
    assert NO_PLACE in page
    assert "Cleo again" in panel.content.decode()
    assert '"counts": {}' in panel["HX-Trigger-After-Settle"]


@pytest.fixture
def tombstone(blog: Document, circle: Group, people: dict[str, User]) -> Annotation:
    """Ana's annotation, deleted after Ben replied (a tombstone), then orphaned."""
    root = annotate(blog, circle, people["ana"], LIKE, "Ana likes it")
    writing.reply_to_annotation(author=people["ben"], parent=root, body="Ben agrees")
    writing.delete_annotation(annotation=root, user=people["ana"])
    remove_words(blog, LIKE)
    root.refresh_from_db()
    assert root.is_deleted
    assert root.anchor_status == "orphan"
    return root


def test_a_tombstoned_orphan_is_listed_and_its_reply_stays_readable(
    tombstone: Annotation, circle: Group, people: dict[str, User], client: Client
) -> None:
    client.force_login(people["cleo"])
    orphans = text(client, list_url(circle), orphans="1")

    assert "1 thread, in the order of the text." in orphans
    assert LIKE in orphans
    assert "Deleted" in orphans
    assert "Ben agrees" in orphans
    assert f'href="{tombstone.get_absolute_url()}"' in orphans
    assert "Re-attach it to the text" not in orphans
    page = text(client, tombstone.descendants.get().get_absolute_url())
    assert "Ben agrees" in page
    assert NO_PLACE in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        pytest.param("fay", HTTPStatus.OK, id="group-admin"),
        pytest.param("ana", HTTPStatus.FORBIDDEN, id="author-who-deleted-it"),
        pytest.param("cleo", HTTPStatus.FORBIDDEN, id="member"),
    ],
)
def test_a_tombstoned_orphan_is_re_attached_by_the_groups_facilitators(
    tombstone: Annotation,
    blog: Document,
    circle: Group,
    people: dict[str, User],
    client: Client,
    who: str,
    status: HTTPStatus,
) -> None:
    client.force_login(people[who])
    url = reverse("annotations:reattach", args=[tombstone.pk])
    assert client.get(url).status_code == status
    if status != HTTPStatus.OK:
        return
    assert 'href="/annotations/' in text(client, list_url(circle), orphans="1")
    assert "Re-attach it to the text" in text(client, list_url(circle), orphans="1")
    paragraph = blog.revision.paragraphs.get(text__contains=FALSE)

    response = client.post(url, {"paragraph": paragraph.ordinal, "words": FALSE}, follow=True)

    page = response.content.decode()
    assert "The annotation is back in the text." in page
    assert "Ben agrees" in page
    assert NO_PLACE not in page
    assert "0 threads" in text(client, list_url(circle), orphans="1")


@pytest.fixture
def headless(blog: Document, circle: Group, people: dict[str, User]) -> dict[str, Annotation]:
    """On one paragraph: Ana's thread, deleted after Ben replied; Cleo's, hidden by Fay after
    Ben replied; Ben's own thread, whole."""
    ana, ben = people["ana"], people["ben"]
    deleted = annotate(blog, circle, ana, "This is false", "Ana's deleted words")
    writing.reply_to_annotation(author=ben, parent=deleted, body="Ben answers Ana")
    writing.delete_annotation(annotation=deleted, user=ana)
    hidden = annotate(blog, circle, people["cleo"], "because:", "Cleo's hidden words")
    writing.reply_to_annotation(author=ben, parent=hidden, body="Ben answers Cleo")
    moderation.hide(moderator=people["fay"], annotation=hidden, reason="Off topic")
    whole = annotate(blog, circle, ben, FALSE, "Ben's own thread")
    return {"deleted": deleted, "hidden": hidden, "whole": whole}


def test_headless_threads_are_listed_with_their_replies(
    headless: dict[str, Annotation], circle: Group, people: dict[str, User], client: Client
) -> None:
    client.force_login(people["ana"])
    listed = text(client, list_url(circle))
    paragraph = headless["whole"].start_paragraph
    assert paragraph is not None
    panel_url = reverse("annotations:paragraph", args=[circle.slug, BLOG, paragraph.anchor])
    panel = client.get(panel_url, headers={"HX-Request": "true"}).content.decode()

    # The three on the paragraph, and the blog's comment on the whole text.
    assert "4 threads, in the order of the text." in listed
    assert panel.count('class="annotation indent-0') == 3
    assert '<span class="quote">This is false</span>' in listed
    assert '<span class="excerpt tombstone">Deleted</span>' in listed
    assert '<span class="excerpt tombstone">Hidden by a moderator</span>' in listed
    assert "Cleo&#x27;s hidden words" not in listed
    assert "Ben answers Ana" in listed
    assert "Ben answers Cleo" in listed
    assert "Ben&#x27;s own thread" in listed


def test_a_moderator_reads_a_hidden_roots_words_in_the_list(
    headless: dict[str, Annotation], circle: Group, people: dict[str, User], client: Client
) -> None:
    client.force_login(people["fay"])
    assert "Cleo&#x27;s hidden words" in text(client, list_url(circle))


def test_filtering_by_a_member_finds_the_threads_they_replied_in(
    headless: dict[str, Annotation], circle: Group, people: dict[str, User], client: Client
) -> None:
    client.force_login(people["cleo"])

    bens = text(client, list_url(circle), member="ben")
    anas = text(client, list_url(circle), member="ana")

    assert "3 threads, in the order of the text." in bens
    assert "Ben answers Ana" in bens
    assert "1 thread, in the order of the text." in anas
    assert "Ben answers Cleo" not in anas


def test_a_hidden_roots_tags_find_nothing_for_members(
    blog: Document, circle: Group, people: dict[str, User], client: Client
) -> None:
    blog.refresh_from_db()
    root = writing.create_annotation(
        author=people["ana"],
        revision=blog.revision,
        group=circle,
        selection=selections.Selection("p-5", 0, "p-5", 4),
        body="Tagged",
        tags=["secret"],
    )
    moderation.hide(moderator=people["fay"], annotation=root, reason="No")
    annotate(blog, circle, people["ben"], FALSE, "Also tagged")
    Annotation.objects.filter(body="Also tagged").get().tags.set(root.tags.all())
    client.force_login(people["cleo"])
    assert "1 thread, in the order" in text(client, list_url(circle), tag="secret")
    client.force_login(people["fay"])
    assert "2 threads, in the order" in text(client, list_url(circle), tag="secret")


def test_the_notice_of_orphans_stays_while_orphans_remain(
    orphaned: Annotation, blog: Document, circle: Group, people: dict[str, User], client: Client
) -> None:
    # A later correction that orphans nothing leaves the earlier orphan where it was.
    reimport(blog, blog.revision.source_text.replace("This is false", "This is untrue"))
    assert blog.revision.number == 3
    assert not blog.revision.reanchoring.get("orphan")
    client.force_login(people["cleo"])
    reading = reverse("annotations:document", args=[circle.slug, BLOG])

    page = text(client, reading)

    assert "some annotations could not be placed on it" in page
    assert "See the orphans (1)" in page
    orphans = text(client, list_url(circle), orphans="1")
    assert "1 thread, in the order of the text." in orphans
    assert "Ana likes it" in orphans


def test_the_notice_counts_only_orphans_the_reader_may_see(
    orphaned: Annotation,
    blog: Document,
    circle: Group,
    make_group: Callable,
    make_member: Callable,
    client: Client,
) -> None:
    private = make_group(visibility="private", documents=(blog,))
    hers = make_member("hers", groups=(private,))
    annotate(blog, private, hers, FALSE, "In the private group")
    remove_words(blog, FALSE)
    reading = reverse("annotations:document", args=[circle.slug, BLOG])

    assert "See the orphans (1)" in text(client, reading)
    client.force_login(hers)
    mine = reverse("annotations:document", args=[private.slug, BLOG])
    assert "See the orphans (1)" in text(client, mine)


def test_the_reader_page_costs_the_same_queries_with_orphans(
    orphaned: Annotation,
    blog: Document,
    circle: Group,
    people: dict[str, User],
    client: Client,
    django_assert_max_num_queries: Callable,
) -> None:
    client.force_login(people["cleo"])
    reading = reverse("annotations:document", args=[circle.slug, BLOG])
    for _ in range(3):
        writing.reply_to_annotation(author=people["ben"], parent=orphaned, body="More")

    with django_assert_max_num_queries(9):
        page = text(client, reading)

    assert "See the orphans (1)" in page


def queries_for(client: Client, url: str, **query: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        text(client, url, **query)
    return len(queries)


def test_the_lists_queries_do_not_grow_with_headless_threads_or_orphans(
    blog: Document, circle: Group, people: dict[str, User], client: Client
) -> None:
    ana, ben = people["ana"], people["ben"]
    client.force_login(people["cleo"])

    def headless_thread(words: str) -> None:
        root = annotate(blog, circle, ana, words, "Gone")
        writing.reply_to_annotation(author=ben, parent=root, body="Stays")
        writing.reply_to_annotation(author=ana, parent=root, body="Stays too")
        writing.delete_annotation(annotation=root, user=ana)

    headless_thread(LIKE)
    one = queries_for(client, list_url(circle))
    remove_words(blog, LIKE)
    orphans_one = queries_for(client, list_url(circle), orphans="1")
    assert "1 thread," in text(client, list_url(circle), orphans="1")
    more = ("This is false", "organized spontaneously", "launched revolts")
    for words in more:
        headless_thread(words)

    assert queries_for(client, list_url(circle)) == one
    assert queries_for(client, list_url(circle), member="ben") == one
    blog.refresh_from_db()
    source = blog.revision.source_text
    reimport(blog, source.replace(more[0], "").replace(more[1], "").replace(more[2], ""))
    assert "4 threads," in text(client, list_url(circle), orphans="1")
    assert queries_for(client, list_url(circle), orphans="1") == orphans_one
