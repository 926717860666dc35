"""The list of texts: what a visitor sees, and how many queries it costs."""

from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.test import Client

from texts.models import Document

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
