"""Writing through the pages: plain form posts (no JavaScript) and their htmx variants."""

import json
from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from annotations import moderation, selections, writing
from annotations.models import Annotation
from groups.models import Group
from texts.models import Document

BLOG = "mass-organization-and-political-organization"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def blog(seeds: dict[str, Document]) -> Document:
    return seeds[BLOG]


@pytest.fixture
def member(client: Client, make_member: Callable, circle: Group) -> User:
    user = make_member("ana", first_name="Ana", groups=(circle,))
    client.force_login(user)
    return user


@pytest.fixture
def make_reader(make_member: Callable, circle: Group) -> Callable[..., User]:
    return lambda **fields: make_member(groups=(circle,), **fields)


def annotation_on(blog: Document, author: User, body: str = "Root.") -> Annotation:
    return writing.create_annotation(
        author=author,
        revision=blog.revision,
        group=author.memberships.order_by("pk")[0].group,
        selection=selections.Selection("p-5", 0, "p-5", 4),
        body=body,
    )


def test_annotate_a_paragraph_without_javascript(
    client: Client, blog: Document, circle: Group, member: User
) -> None:
    url = reverse("annotations:annotate", args=[circle.slug, BLOG])
    form_page = client.get(url, {"p": "p-5"}).content.decode()
    assert '<blockquote class="quote">This is false because:</blockquote>' in form_page
    response = client.post(
        url,
        {
            "start": "p-5",
            "start_offset": 0,
            "end": "p-5",
            "end_offset": 22,
            "body": "Is it, though?",
            "motivation": "question",
            "tags": "logic",
            "group": circle.slug,
        },
    )
    annotation = Annotation.objects.get(author=member)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/annotations/{annotation.pk}/"
    assert (annotation.exact, annotation.motivation) == ("This is false because:", "question")
    page = client.get(response["Location"]).content.decode()
    assert "<p>Is it, though?</p>" in page
    assert '<span class="kind kind-question">Question</span>' in page


def test_annotating_a_selection_shows_its_quote_and_keeps_the_text_on_errors(
    client: Client, blog: Document, circle: Group, member: User
) -> None:
    url = reverse("annotations:annotate", args=[circle.slug, BLOG])
    query: dict[str, str | int] = {"start": "p-5", "start_offset": 8, "end": "p-6", "end_offset": 7}
    assert "false because:\nworkers" in client.get(url, query).content.decode()
    query |= {"group": circle.slug}
    response = client.post(url, query | {"body": "", "motivation": "comment"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert escape(writing.EMPTY_BODY) in response.content.decode()
    response = client.post(
        url, query | {"end_offset": 9999, "body": "Kept text", "motivation": "comment"}
    )
    page = response.content.decode()
    assert escape(selections.BAD_OFFSETS) in page
    assert ">\nKept text</textarea>" in page
    assert not Annotation.objects.filter(author=member).exists()


def test_reply_edit_and_delete_as_plain_form_posts(
    client: Client, blog: Document, circle: Group, member: User, make_reader: Callable
) -> None:
    root = annotation_on(blog, make_reader())
    response = client.post(reverse("annotations:reply", args=[root.pk]), {"body": "My *reply*"})
    reply = Annotation.objects.get(author=member)
    assert response["Location"] == f"/annotations/{reply.pk}/"
    assert reply.body_html == "<p>My <em>reply</em></p>"
    client.post(reverse("annotations:edit", args=[reply.pk]), {"body": "Better reply"})
    reply.refresh_from_db()
    assert reply.body == "Better reply"
    history = client.get(reverse("annotations:history", args=[reply.pk])).content.decode()
    assert "<p>My <em>reply</em></p>" in history
    response = client.post(reverse("annotations:delete", args=[reply.pk]))
    assert response["Location"] == f"/annotations/{root.pk}/"
    assert not Annotation.objects.filter(pk=reply.pk).exists()


def test_deleting_a_parent_with_replies_shows_a_tombstone(
    client: Client, blog: Document, circle: Group, member: User, make_reader: Callable
) -> None:
    root = annotation_on(blog, member, body="Soon deleted")
    writing.reply_to_annotation(author=make_reader(), parent=root, body="Still here")
    client.post(reverse("annotations:delete", args=[root.pk]))
    page = client.get(root.get_absolute_url()).content.decode()
    assert '<p class="tombstone">Deleted.</p>' in page
    assert "Soon deleted" not in page
    assert "<p>Still here</p>" in page


def test_reply_to_a_blog_comment(
    client: Client, blog: Document, circle: Group, member: User
) -> None:
    mike = Annotation.objects.get(document=blog, source_number=1)
    response = client.post(
        reverse("annotations:reply", args=[mike.pk]), {"body": "Thanks Mike", "group": circle.slug}
    )
    assert response.status_code == HTTPStatus.FOUND
    page = client.get(blog.get_absolute_url(), follow=True).content.decode()
    comments = page[page.index('id="comments"') :]
    assert "3 thoughts on" in comments
    assert comments.index("Hey there,") < comments.index("<p>Thanks Mike</p>")


def test_a_comment_on_the_whole_text_joins_the_comment_section(
    client: Client, blog: Document, circle: Group, member: User
) -> None:
    response = client.post(
        reverse("annotations:comment", args=[circle.slug, BLOG]), {"body": "Good post."}
    )
    assert response.status_code == HTTPStatus.FOUND
    comment = Annotation.objects.get(author=member)
    assert not comment.has_passage
    assert "3 thoughts on" in client.get(blog.get_absolute_url(), follow=True).content.decode()


@pytest.mark.parametrize("action", ["annotations:reply", "annotations:edit", "annotations:delete"])
def test_visitors_are_sent_to_sign_in_and_nothing_changes(
    client: Client, blog: Document, circle: Group, make_reader: Callable, action: str
) -> None:
    root = annotation_on(blog, make_reader())
    response = client.post(reverse(action, args=[root.pk]), {"body": "Anonymous"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/?next=")
    assert Annotation.objects.filter(document=blog, source_number=None).count() == 1
    root.refresh_from_db()
    assert root.body == "Root."


@pytest.mark.parametrize("action", ["annotations:edit", "annotations:delete"])
def test_members_cannot_change_others_annotations(
    client: Client,
    blog: Document,
    circle: Group,
    member: User,
    make_reader: Callable,
    action: str,
) -> None:
    root = annotation_on(blog, make_reader())
    response = client.post(reverse(action, args=[root.pk]), {"body": "Hijacked"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    root.refresh_from_db()
    assert (root.body, root.deleted_at) == ("Root.", None)


def test_a_reply_cannot_move_to_another_document_or_parent(
    client: Client, seeds: dict[str, Document], member: User, make_reader: Callable
) -> None:
    root = annotation_on(seeds[BLOG], make_reader())
    client.post(
        reverse("annotations:reply", args=[root.pk]),
        {"body": "Mine", "parent": 999, "document": 999, "root": 999, "author": 999},
    )
    reply = Annotation.objects.get(author=member)
    assert (reply.parent, reply.root, reply.document, reply.author) == (
        root,
        root,
        seeds[BLOG],
        member,
    )


def test_forms_need_the_csrf_token(blog: Document, circle: Group, make_reader: Callable) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_reader())
    response = client.post(
        reverse("annotations:comment", args=[circle.slug, BLOG]), {"body": "Forged"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Annotation.objects.filter(body="Forged").exists()


def test_with_htmx_a_new_annotation_answers_with_its_thread_and_the_changes(
    client: Client, blog: Document, circle: Group, member: User
) -> None:
    response = client.post(
        reverse("annotations:annotate", args=[circle.slug, BLOG]),
        {
            "start": "p-5",
            "start_offset": 8,
            "end": "p-6",
            "end_offset": 7,
            "body": "Across two",
            "motivation": "comment",
            "group": circle.slug,
        },
        headers=HTMX,
    )
    annotation = Annotation.objects.get(author=member)
    assert response.status_code == HTTPStatus.OK
    assert response["HX-Retarget"] == "#panel-content"
    assert "<h2>Thread</h2>" in response.content.decode()
    changes = json.loads(response["HX-Trigger-After-Settle"])["annotations-changed"]
    assert changes == {
        "counts": {"p-5": 1, "p-6": 1},
        "highlights": [[annotation.pk, "p-5", 8, "p-6", 7, "c"]],
        "removed": [],
    }


def test_with_htmx_deleting_a_thread_removes_its_highlight(
    client: Client, blog: Document, circle: Group, member: User
) -> None:
    root = annotation_on(blog, member)
    response = client.post(reverse("annotations:delete", args=[root.pk]), headers=HTMX)
    changes = json.loads(response["HX-Trigger-After-Settle"])["annotations-changed"]
    assert changes == {"counts": {"p-5": 0}, "highlights": [], "removed": [root.pk]}
    assert "No annotations on this paragraph yet." in response.content.decode()


def test_with_htmx_errors_go_next_to_the_form_that_caused_them(
    client: Client, blog: Document, circle: Group, member: User, make_reader: Callable
) -> None:
    root = annotation_on(blog, make_reader())
    response = client.post(
        reverse("annotations:reply", args=[root.pk]),
        {"body": "  "},
        headers=HTMX | {"HX-Trigger": f"reply-{root.pk}"},
    )
    assert response["HX-Retarget"] == f"#reply-{root.pk} .form-errors"
    assert escape(writing.EMPTY_BODY) in response.content.decode()


def test_with_htmx_a_blog_comment_reply_refreshes_the_comment_section(
    client: Client, blog: Document, circle: Group, member: User
) -> None:
    mike = Annotation.objects.get(document=blog, source_number=1)
    response = client.post(
        reverse("annotations:reply", args=[mike.pk]),
        {"body": "In place", "group": circle.slug},
        headers=HTMX,
    )
    assert response["HX-Retarget"] == "#comments"
    page = response.content.decode()
    assert page.startswith('<section id="comments"')
    assert "3 thoughts on" in page
    assert "<p>In place</p>" in page


def test_a_hidden_annotations_history_shows_only_to_its_author_and_the_moderators(
    client: Client, blog: Document, circle: Group, member: User, make_reader: Callable[..., User]
) -> None:
    note = annotation_on(blog, member, body="First hurtful words")
    writing.edit_annotation(annotation=note, editor=member, body="Second hurtful words")
    facilitator = make_reader(username="fay")
    facilitator.memberships.update(role="facilitator")
    moderation.hide(moderator=facilitator, annotation=note, reason="Personal attack")
    url = reverse("annotations:history", args=[note.pk])
    # Another member, and site staff who is a plain member too: neither reads hidden words.
    for reader in (make_reader(username="ben"), make_reader(username="staffer", is_staff=True)):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "hurtful" not in response.content.decode()
    client.logout()
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    for reader in (member, facilitator):
        client.force_login(reader)
        page = client.get(url).content.decode()
        assert "First hurtful words" in page
        assert "Second hurtful words" in page
        assert "Hidden by a moderator" in page
