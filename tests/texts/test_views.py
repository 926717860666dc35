"""The library of texts: a staff page listing every document, whatever group reads it."""

from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.test import Client

from texts.models import Document


@pytest.fixture
def staff(client: Client, make_member: Callable) -> User:
    user = make_member("librarian", is_staff=True)
    client.force_login(user)
    return user


def test_the_library_lists_every_document_with_its_author(
    client: Client, seeds: dict[str, Document], staff: User
) -> None:
    response = client.get("/texts/")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Mass organization and political organization" in page
    assert "Anarchist Communists &amp; The Mass Organization" in page
    assert "Federazione dei Comunisti Anarchici (FdCA)" in page
    assert 'href="/texts/mass-organization-and-political-organization/"' in page


def test_the_library_is_for_staff_only(client: Client, make_member: Callable) -> None:
    assert client.get("/texts/")["Location"].startswith("/admin/login/")
    client.force_login(make_member())
    assert client.get("/texts/")["Location"].startswith("/admin/login/")


def test_an_empty_library_says_how_to_add_texts(client: Client, staff: User) -> None:
    page = client.get("/texts/").content.decode()
    assert "No texts yet" in page
    assert "load_seeds" in page


@pytest.mark.parametrize("count", [1, 30])
def test_library_queries_do_not_grow_with_the_number_of_documents(
    client: Client,
    staff: User,
    make_document: Callable[..., Document],
    django_assert_num_queries: Callable,
    count: int,
) -> None:
    for _ in range(count):
        make_document(paragraphs=3)
    # The user (the session comes from the cache), then the documents with their sizes.
    with django_assert_num_queries(2):
        response = client.get("/texts/")
    assert response.content.decode().count('class="document-card"') == count
    assert "3 paragraphs" in response.content.decode()
