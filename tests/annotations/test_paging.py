"""Filters survive paging: every paginated list's pager (templates/partials/pager.html) keeps
the request's query string and changes only the page. The paginated lists are the annotation
list, its orphans and the notifications."""

import re
from collections.abc import Callable
from http import HTTPStatus
from urllib.parse import urljoin

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from annotations import source_comments
from annotations.listing import LIST_PAGE_SIZE
from annotations.models import Annotation, Notification
from groups.models import Group
from texts.models import Document


def links(page: str, words: str) -> list[str]:
    """The addresses (href and hx-get) of the pager links reading `words`."""
    found = re.findall(rf'<a href="([^"]*)"(?: hx-get="([^"]*)")?[^>]*>{words}</a>', page)
    return [url.replace("&amp;", "&") for pair in found for url in pair if url]


def get(client: Client, url: str, *, htmx: bool = False, on: str = "") -> str:
    """The page at `url`, followed from the page at `on` as a browser would (relative to it)."""
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(urljoin(f"http://testserver{on}", url), headers=headers)
    assert response.status_code == HTTPStatus.OK, url
    return response.content.decode()


@pytest.fixture
def document(make_document: Callable[..., Document]) -> Document:
    return make_document(paragraphs=10)


@pytest.fixture
def group(document: Document, make_group: Callable[..., Group]) -> Group:
    return make_group(documents=(document,))


@pytest.fixture
def list_url(document: Document, group: Group) -> str:
    return reverse("annotations:list", args=[group.slug, document.slug])


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "panel"])
def test_the_annotation_lists_pager_keeps_its_filters(
    document: Document,
    group: Group,
    list_url: str,
    make_annotations: Callable[..., list[Annotation]],
    client: Client,
    htmx: bool,
) -> None:
    theirs = make_annotations(document, LIST_PAGE_SIZE + 5, depth=1, group=group)
    make_annotations(document, 3, depth=1, group=group)  # someone else's, filtered out
    member = theirs[0].author
    assert member is not None

    first = get(client, f"{list_url}?member={member.username}&kind=comment", htmx=htmx)

    assert f"{LIST_PAGE_SIZE + 5} threads" in first
    following = links(first, "Next")
    assert following, "no Next link"
    for url in following:
        assert f"member={member.username}" in url
        assert "kind=comment" in url
        second = get(client, url, htmx=htmx, on=list_url)
        assert "Page 2 of 2" in second
        assert f"{LIST_PAGE_SIZE + 5} threads" in second
        assert all("page=1" in back for back in links(second, "Previous"))
    # In the reader's side panel the links lead to the list, not to the reader's own address.
    assert all(url.startswith(list_url) for url in following)


def test_the_orphan_lists_pager_stays_on_the_orphans(
    document: Document,
    group: Group,
    list_url: str,
    make_annotations: Callable[..., list[Annotation]],
    client: Client,
) -> None:
    make_annotations(document, LIST_PAGE_SIZE + 2, depth=1, group=group)
    source_comments.import_with_comments(
        data=b"Other words entirely.\n\nNothing of the first text is here.\n",
        source_format="text",
        slug=document.slug,
        title=document.title,
    )
    assert Annotation.objects.orphans().count() == LIST_PAGE_SIZE + 2

    reader = reverse("annotations:document", args=[group.slug, document.slug])
    # On the list's own page, and in the reader's side panel (whose page is the reader's).
    for htmx, on in ((False, list_url), (True, reader)):
        first = get(client, f"{list_url}?orphans=1", htmx=htmx)

        assert f"{LIST_PAGE_SIZE + 2} threads" in first
        following = links(first, "Next")
        assert following, "no Next link"
        for url in following:
            second = get(client, url, htmx=htmx, on=on)
            assert "Orphans: annotations the corrected text has no place for" in second
            assert "Page 2 of 2" in second
            assert f"{LIST_PAGE_SIZE + 2} threads" in second


def test_the_notification_pager_keeps_the_query(
    document: Document,
    group: Group,
    make_annotations: Callable[..., list[Annotation]],
    make_member: Callable[..., User],
    client: Client,
) -> None:
    ana = make_member("ana", groups=(group,))
    made = make_annotations(document, 55, depth=1, group=group)
    Notification.objects.bulk_create(
        Notification(recipient=ana, annotation=a, kind=Notification.Kind.REPLY) for a in made
    )
    client.force_login(ana)

    first = get(client, f"{reverse('annotations:notifications')}?unread=1")

    assert "Page 1 of 2" in first
    (older,) = links(first, "Older")
    assert "unread=1" in older
    assert "page=2" in older
    second = get(client, older, on=reverse("annotations:notifications"))
    assert "Page 2 of 2" in second
    (newer,) = links(second, "Newer")
    assert "page=1" in newer
    assert "unread=1" in newer
