"""A corrected re-import: a new revision, every annotation placed or kept as an orphan."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from annotations import source_comments, writing
from annotations.models import Annotation
from annotations.selections import Selection
from groups.models import Group
from texts.models import Document, Revision
from texts.services import ImportedDocument

BLOG = "mass-organization-and-political-organization"


@pytest.fixture
def blog(seeds: dict[str, Document]) -> Document:
    return seeds[BLOG]


def reimport(document: Document, text: str) -> ImportedDocument:
    return source_comments.import_with_comments(
        data=text.encode(), source_format="text", slug=document.slug, title=document.title
    )


def phrase_annotation(blog: Document, circle: Group, author: User, words: str) -> Annotation:
    paragraph = blog.revision.paragraphs.filter(text__contains=words)[0]
    start = paragraph.text.index(words)
    return writing.create_annotation(
        author=author,
        revision=blog.revision,
        group=circle,
        selection=Selection(paragraph.anchor, start, paragraph.anchor, start + len(words)),
        body=f"On “{words}”",
    )


def test_a_corrected_text_becomes_a_new_revision_and_keeps_every_annotation(
    client: Client, blog: Document, circle: Group, make_member: Callable
) -> None:
    ana = make_member("ana", groups=(circle,))
    source = blog.revision.source_text
    kept = phrase_annotation(blog, circle, ana, "This is false because:")
    typo = phrase_annotation(blog, circle, ana, "organized spontaneously and launched revolts")
    gone = phrase_annotation(blog, circle, ana, "I like this.")
    reply = writing.reply_to_annotation(author=ana, parent=kept, body="A reply")
    corrected = (
        source.replace(
            "Consciousness and revolutionaries",
            "Consciousness and revolutionaries\n\nAn added paragraph.",
        )
        .replace("organized spontaneously", "organised spontaneously")
        .replace("I like this.", "")
    )
    imported = reimport(blog, corrected)
    blog.refresh_from_db()
    assert blog.revision.number == 2
    assert Revision.objects.filter(document=blog).count() == 2
    for annotation in (kept, typo, gone, reply):
        annotation.refresh_from_db()
    assert (kept.anchor_status, kept.revision, kept.start_ordinal) == (
        "moved",
        blog.revision,
        6,
    )
    assert (reply.revision, reply.start_ordinal) == (blog.revision, 6)
    assert typo.anchor_status == "fuzzy"
    assert gone.anchor_status == "orphan"
    assert gone.revision.number == 1  # kept where it was made, with its words
    assert Annotation.objects.count() == 6  # two blog comments, four of ours: nothing lost
    assert imported.revision.reanchoring["orphans"] == [gone.pk]
    assert imported.revision.reanchoring["moved"] == 1
    # Readers see the new text, told about the orphans, which are listed with their words.
    client.force_login(ana)
    page = client.get(f"/groups/{circle.slug}/texts/{BLOG}/").content.decode()
    assert "An added paragraph." in page
    assert "some annotations could not be placed on it" in page
    orphans = client.get(f"/groups/{circle.slug}/texts/{BLOG}/annotations/?orphans=1")
    assert "I like this." in orphans.content.decode()


def test_importing_the_same_text_again_changes_nothing(
    blog: Document, circle: Group, make_member: Callable
) -> None:
    annotation = phrase_annotation(blog, circle, make_member(groups=(circle,)), "I like this.")
    imported = reimport(blog, blog.revision.source_text)
    assert imported.unchanged
    assert Revision.objects.filter(document=blog).count() == 1
    annotation.refresh_from_db()
    assert annotation.anchor_status == ""


def test_older_revisions_stay_readable_in_the_database(blog: Document) -> None:
    first = blog.revision
    reimport(blog, first.source_text.replace("I like this.", "I like this.\n\nAnd one more line."))
    assert first.paragraphs.count() == 77
    blog.refresh_from_db()
    assert blog.revision.paragraphs.count() == 78


def test_readers_see_the_versions_and_can_read_an_earlier_one(
    blog: Document, circle: Group, client: Client, make_member: Callable
) -> None:
    member = make_member(groups=(circle,))
    annotation = phrase_annotation(blog, circle, member, "I like this.")
    first = blog.revision
    reimport(blog, first.source_text.replace("I like this.", "I like this a lot."))
    reading = f"/groups/{circle.slug}/texts/{blog.slug}/"
    client.force_login(member)

    page = client.get(reading).content.decode()
    assert "version 2 (earlier versions)" in page
    versions = client.get(f"{reading}revisions/").content.decode()
    assert "Current version" in versions
    assert f'href="{reading}revisions/1/"' in versions
    assert "1 found near their words" in versions
    earlier = client.get(f"{reading}revisions/1/").content.decode()
    assert "An earlier version of the text (version 1" in earlier
    assert "I like this.</" in earlier
    annotation.refresh_from_db()
    assert annotation.revision == blog.revisions.get(number=2)


def test_versions_are_private_like_the_text(
    blog: Document, make_group: Callable, client: Client, make_member: Callable
) -> None:
    private = make_group(visibility="private", documents=(blog,))
    client.force_login(make_member())

    assert client.get(f"/groups/{private.slug}/texts/{blog.slug}/revisions/").status_code == 404
    assert client.get(f"/groups/{private.slug}/texts/{blog.slug}/revisions/1/").status_code == 404


@pytest.fixture
def orphaned(blog: Document, circle: Group, make_member: Callable) -> Annotation:
    """Ana's annotation on "I like this.", with Ben's reply, after a correction removed it."""
    ana = make_member("ana", groups=(circle,))
    ben = make_member("ben", groups=(circle,))
    orphan = phrase_annotation(blog, circle, ana, "I like this.")
    writing.reply_to_annotation(author=ben, parent=orphan, body="Me too")
    reimport(blog, blog.revision.source_text.replace("I like this.", ""))
    orphan.refresh_from_db()
    assert orphan.anchor_status == "orphan"
    return orphan


def test_the_author_re_attaches_an_orphan_with_its_replies(
    orphaned: Annotation, blog: Document, circle: Group, client: Client
) -> None:
    client.force_login(User.objects.get(username="ana"))
    listing = client.get(f"/groups/{circle.slug}/texts/{BLOG}/annotations/?orphans=1")
    assert f'href="/annotations/{orphaned.pk}/reattach/"' in listing.content.decode()
    blog.refresh_from_db()
    paragraph = blog.revision.paragraphs.get(text__contains="This is false because:")

    response = client.post(
        f"/annotations/{orphaned.pk}/reattach/",
        {"paragraph": paragraph.ordinal, "words": "This  is false\nbecause:"},
        follow=True,
    )

    assert "The annotation is back in the text." in response.content.decode()
    orphaned.refresh_from_db()
    assert (orphaned.revision, orphaned.start_paragraph) == (blog.revision, paragraph)
    assert (orphaned.exact, orphaned.anchor_status) == ("This is false because:", "")
    reply = orphaned.descendants.get()
    assert (reply.revision, reply.start_paragraph) == (blog.revision, paragraph)
    page = client.get(f"/groups/{circle.slug}/texts/{BLOG}/").content.decode()
    assert "some annotations could not be placed on it" not in page


def test_words_not_in_the_paragraph_are_refused_and_nothing_moves(
    orphaned: Annotation, blog: Document, client: Client
) -> None:
    client.force_login(User.objects.get(username="ana"))

    response = client.post(
        f"/annotations/{orphaned.pk}/reattach/", {"paragraph": 1, "words": "Not in the text"}
    )
    missing = client.post(
        f"/annotations/{orphaned.pk}/reattach/", {"paragraph": 9999, "words": "Anything"}
    )

    assert "Those words are not in paragraph 1" in response.content.decode()
    assert "no paragraph with that number" in missing.content.decode()
    orphaned.refresh_from_db()
    assert (orphaned.anchor_status, orphaned.revision.number) == ("orphan", 1)


def test_only_the_author_or_a_facilitator_may_re_attach(
    orphaned: Annotation, circle: Group, client: Client, make_member: Callable
) -> None:
    client.force_login(make_member(groups=(circle,)))
    assert client.get(f"/annotations/{orphaned.pk}/reattach/").status_code == 403

    client.force_login(make_member(groups=(circle,), role="facilitator"))
    page = client.get(f"/annotations/{orphaned.pk}/reattach/").content.decode()
    assert "I like this.</textarea>" in page  # the words it was made on, to correct


ROUTE = "The new route is 15\u00a0km long and climbs  steeply at the end."


@pytest.mark.parametrize(
    ("words", "exact"),
    [
        pytest.param("15 km long", "15\u00a0km long", id="space-for-nbsp"),
        pytest.param("15\u00a0km long", "15\u00a0km long", id="nbsp"),
        pytest.param("climbs steeply", "climbs  steeply", id="single-for-double-space"),
    ],
)
def test_words_with_a_no_break_or_double_space_are_re_attached_to_the_texts_characters(
    orphaned: Annotation, blog: Document, client: Client, words: str, exact: str
) -> None:
    blog.refresh_from_db()
    # Before the page's comments, which the import sets aside.
    reimport(blog, blog.revision.source_text.replace("\n\n", f"\n\n{ROUTE}\n\n", 1))
    blog.refresh_from_db()
    paragraph = blog.revision.paragraphs.get(text=ROUTE)

    client.force_login(User.objects.get(username="ana"))

    response = client.post(
        f"/annotations/{orphaned.pk}/reattach/",
        {"paragraph": paragraph.ordinal, "words": words},
        follow=True,
    )

    assert "The annotation is back in the text." in response.content.decode()
    orphaned.refresh_from_db()
    assert orphaned.start_paragraph == paragraph
    assert orphaned.exact == exact
    assert paragraph.text[orphaned.start_offset : orphaned.end_offset] == exact
