"""Comments that came with a source: imported as document-level threads."""

import pytest

from annotations import source_comments
from annotations.models import Annotation
from texts.models import Document

BLOG = "mass-organization-and-political-organization"


@pytest.fixture
def blog(seeds: dict[str, Document]) -> Document:
    return seeds[BLOG]


def test_source_comments_are_threads_by_members_who_cannot_sign_in(blog: Document) -> None:
    first, second = Annotation.objects.filter(document=blog).order_by("source_number")
    assert (first.source_number, first.parent, first.has_passage) == (1, None, False)
    assert (first.visibility, first.group, second.visibility) == ("document", None, "document")
    assert (second.parent, second.root) == (first, first)
    assert first.author.get_full_name() == "Mike"
    assert second.author.get_full_name() == "snappalos"
    assert not first.author.is_active
    assert not first.author.has_usable_password()
    assert first.body_html.startswith("<p>Hey there,</p>\n<p>Someone sent me the link")


def test_importing_source_comments_again_creates_nothing(blog: Document) -> None:
    before = Annotation.objects.count()
    assert source_comments.import_source_comments(revision=blog.current_revision) == 0
    assert Annotation.objects.count() == before
