"""Live updates while a document is open: the "N new" changes cost the same however many."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from annotations import selections, writing
from annotations.models import Annotation
from groups.models import Group
from texts.models import Document


def note(author: User, document: Document, group: Group, start: int, end: int) -> Annotation:
    return writing.create_annotation(
        author=author,
        revision=document.revision,
        group=group,
        selection=selections.Selection(f"p-{start}", 0, f"p-{end}", 4),
        body="A note.",
    )


def changes(client: Client, group: Group, document: Document, after: int) -> dict:
    url = reverse("annotations:changes", args=[group.slug, document.slug])
    return client.get(url, {"after": after}).json()


def test_the_changes_name_every_new_threads_highlight_and_its_paragraphs_counts(
    client: Client, make_document: Callable, make_group: Callable, make_member: Callable
) -> None:
    document = make_document(paragraphs=12)
    group = make_group(documents=(document,))
    ana, ben = make_member(groups=(group,)), make_member(groups=(group,))
    old = note(ana, document, group, 3, 3)
    seen = Annotation.objects.latest("pk").pk
    across = note(ana, document, group, 3, 4)
    reply = writing.reply_to_annotation(author=ana, parent=old, body="Later.")
    far = note(ana, document, group, 9, 9)
    client.force_login(ben)
    found = changes(client, group, document, seen)
    # p-3 holds the old thread (root and new reply) and the new passage across p-3 and p-4.
    assert found["counts"] == {"p-3": 3, "p-4": 1, "p-9": 1}
    assert sorted(h[0] for h in found["highlights"]) == [old.pk, across.pk, far.pk]
    assert found["latest"] == far.pk
    assert found["removed"] == []
    assert reply.pk < far.pk


@pytest.mark.parametrize("new", [1, 10])
def test_the_changes_cost_constant_queries(
    client: Client,
    make_document: Callable,
    make_group: Callable,
    make_member: Callable,
    django_assert_max_num_queries: Callable,
    new: int,
) -> None:
    document = make_document(paragraphs=40)
    group = make_group(visibility="private", documents=(document,))
    ana, ben = make_member(groups=(group,)), make_member(groups=(group,))
    seen = Annotation.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    made = [note(ana, document, group, 2 + 3 * n, 3 + 3 * n) for n in range(new)]
    client.force_login(ben)
    # The reader and their access (4); the new annotations; their paragraphs; the counts on
    # those paragraphs; their threads' highlights.
    with django_assert_max_num_queries(8):
        found = changes(client, group, document, seen)
    assert len(found["highlights"]) == new
    assert len(found["counts"]) == 2 * new
    assert found["latest"] == made[-1].pk
