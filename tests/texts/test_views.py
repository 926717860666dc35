"""The reader's pages: what a visitor sees, and how many queries it costs."""

from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from texts.models import Document
from texts.services import import_document

BLOG = "mass-organization-and-political-organization"


def test_the_home_page_lists_every_document_with_its_author(
    client: Client, seeds: dict[str, Document]
) -> None:
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Mass organization and political organization" in page
    assert "Anarchist Communists &amp; The Mass Organization" in page
    assert "Federazione dei Comunisti Anarchici (FdCA)" in page
    assert 'href="/texts/mass-organization-and-political-organization/"' in page


def test_the_home_page_says_how_to_add_texts_when_there_are_none(client: Client, db: None) -> None:
    page = client.get("/").content.decode()
    assert "No texts yet" in page
    assert "load_seeds" in page


def test_the_document_page_shows_structure_as_semantic_html(
    client: Client, seeds: dict[str, Document]
) -> None:
    response = client.get(reverse("texts:document_detail", kwargs={"slug": BLOG}))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "<h1>Mass organization and political organization</h1>" in page
    assert '<h2 class="text">Consciousness and revolutionaries</h2>' in page
    assert '<ol class="list list-lower-alpha">' in page
    assert '<blockquote id="p-4" class="block">' in page
    assert '<ul class="list">' in page
    # Every block is linkable and numbered; the contents list links to the headings.
    assert 'id="p-1"' in page
    assert '<a class="pnum" href="#p-1" aria-label="Paragraph 1">1</a>' in page
    assert '<a href="#p-3">Consciousness and revolutionaries</a>' in page


def test_the_blog_comments_show_below_the_post_as_a_thread(
    client: Client, seeds: dict[str, Document]
) -> None:
    page = client.get(reverse("texts:document_detail", kwargs={"slug": BLOG})).content.decode()
    heading = "2 thoughts on “Mass organization and political organization”"
    assert heading in page
    post_end = page.index("They persist in seeing these")
    assert page.index(heading) > post_end
    first, reply = page.index('id="comment-1"'), page.index('id="comment-2"')
    assert first < page.index('class="comment-list comment-replies"') < reply
    assert '<span class="comment-author">Mike</span>' in page
    assert "<p>Hey there,</p>" in page


def test_a_missing_document_is_not_found(client: Client, db: None) -> None:
    response = client.get(reverse("texts:document_detail", kwargs={"slug": "no-such-text"}))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_imported_markup_is_shown_escaped(client: Client, db: None) -> None:
    import_document(
        data=b"Title\n\n<script>alert(1)</script> is text here.\n", source_format="text"
    )
    page = client.get("/texts/title/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; is text here." in page
    assert "<script>alert(1)" not in page


@pytest.mark.parametrize("size", [5, 500])
def test_document_page_queries_do_not_grow_with_its_length(
    client: Client,
    make_document: Callable[..., Document],
    django_assert_num_queries: Callable,
    size: int,
) -> None:
    document = make_document(paragraphs=size)
    # One query for the document with its revision, one for all of its blocks.
    with django_assert_num_queries(2):
        response = client.get(document.get_absolute_url())
    assert response.content.decode().count('class="pnum"') == size


@pytest.mark.parametrize("count", [1, 30])
def test_document_list_queries_do_not_grow_with_the_number_of_documents(
    client: Client,
    make_document: Callable[..., Document],
    django_assert_num_queries: Callable,
    count: int,
) -> None:
    for _ in range(count):
        make_document(paragraphs=3)
    with django_assert_num_queries(1):
        response = client.get("/")
    assert response.content.decode().count('class="document-card"') == count
    assert "3 paragraphs" in response.content.decode()
