"""Deleting a member's account: what happens to what they wrote."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from annotations import accounts, source_comments, writing
from annotations.models import Annotation, SourceAuthor
from groups.models import Group
from texts.models import Document

BLOG = "mass-organization-and-political-organization"


@pytest.fixture
def blog(seeds: dict[str, Document]) -> Document:
    return seeds[BLOG]


@pytest.fixture
def make_reader(make_member: Callable, circle: Group) -> Callable[..., User]:
    """A member of the circle, a public group reading the blog post."""
    return lambda **fields: make_member(groups=(circle,), **fields)


def annotate(document: Document, author: User, body: str) -> Annotation:
    """A document-level annotation in the author's (first) group."""
    group = author.memberships.order_by("pk")[0].group
    return writing.create_annotation(
        author=author, revision=document.revision, group=group, selection=None, body=body
    )


def test_deleting_a_member_keeps_their_annotations_and_the_replies(
    blog: Document, make_reader: Callable
) -> None:
    author, other = make_reader(), make_reader()
    root = annotate(blog, author, body="Mine.")
    writing.reply_to_annotation(author=other, parent=root, body="Reply.")
    author.delete()
    root.refresh_from_db()
    assert root.author is None
    assert root.body == "Mine."
    assert Annotation.objects.in_thread(root.pk).count() == 2


def test_deleting_an_account_keeps_group_annotations_and_drops_private_notes(
    blog: Document, make_reader: Callable
) -> None:
    author, other = make_reader(), make_reader()
    shared = annotate(blog, author, body="For the group.")
    note = writing.create_annotation(
        author=author, revision=blog.revision, group=None, selection=None, body="Mine."
    )
    writing.reply_to_annotation(author=author, parent=note, body="Still mine.")
    reply = writing.reply_to_annotation(author=other, parent=shared, body="Answer.")
    accounts.delete_member(user=author)
    shared.refresh_from_db()
    assert (shared.author, shared.body) == (None, "For the group.")
    assert not Annotation.objects.filter(visibility="private").exists()
    assert Annotation.objects.get(pk=reply.pk).parent == shared


def test_deleting_a_member_gives_their_claimed_comments_back_to_the_source_authors_name(
    blog: Document, make_member: Callable
) -> None:
    mike = make_member("mike", first_name="Michael")
    comment = Annotation.objects.get(document=blog, source_number=1)
    signer = SourceAuthor.objects.get(annotations=comment)
    source_comments.claim_source_author(source_author=signer, member=mike)
    accounts.delete_member(user=mike)
    comment.refresh_from_db()
    assert (comment.author, comment.author_name, comment.body) == (None, "Mike", comment.body)
    assert SourceAuthor.objects.get(name="Mike").claimed_by is None
