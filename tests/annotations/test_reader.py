"""The reader page and its side panel: what a visitor sees, and a query budget that holds."""

import json
from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from annotations import selections, writing
from annotations.models import Annotation
from groups.models import Group
from texts.models import Document
from texts.services import import_document

BLOG = "mass-organization-and-political-organization"


def page_of(client: Client, group: Group, slug: str, **query: str) -> str:
    response = client.get(reverse("annotations:document", args=[group.slug, slug]), query)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_the_document_page_shows_structure_as_semantic_html(
    client: Client, seeds: dict[str, Document], circle: Group
) -> None:
    page = page_of(client, circle, BLOG)
    assert "<h1>Mass organization and political organization</h1>" in page
    assert '<h2 class="text">Consciousness and revolutionaries</h2>' in page
    assert '<ol class="list list-lower-alpha">' in page
    assert '<blockquote id="p-4" class="block">' in page
    assert '<ul class="list">' in page
    # Every block is linkable and numbered; the contents list links to the headings.
    assert '<a class="pnum" href="#p-1" aria-label="Paragraph 1">1</a>' in page
    assert '<a href="#p-3">Consciousness and revolutionaries</a>' in page


def test_the_blog_comments_show_below_the_post_as_threads(
    client: Client, seeds: dict[str, Document], circle: Group
) -> None:
    page = page_of(client, circle, BLOG)
    heading = "2 thoughts on “Mass organization and political organization”"
    assert page.index(heading) > page.index("They persist in seeing these")
    first, reply = page.index('id="annotation-'), page.rindex('id="annotation-')
    assert first < page.index('class="replies"') < reply
    assert '<span class="annotation-author">Mike</span>' in page
    assert "<p>Hey there,</p>" in page


def test_live_updates_start_after_every_annotation_shown_replies_included(
    client: Client, seeds: dict[str, Document], circle: Group
) -> None:
    newest = Annotation.objects.latest("pk").pk
    assert Annotation.objects.get(pk=newest).parent is not None  # the blog comment's reply

    page = page_of(client, circle, BLOG)

    # Otherwise the poll announces the old reply to the blog comment as "1 new".
    assert f'data-latest="{newest}"' in page


def test_visitors_are_invited_to_sign_in_and_members_to_annotate(
    client: Client, seeds: dict[str, Document], circle: Group, make_member: Callable
) -> None:
    page = page_of(client, circle, BLOG)
    assert "Sign in</a> to annotate and reply." in page
    assert 'class="annotate-link"' not in page
    client.force_login(make_member())
    assert "Join Group 1</a> to annotate and reply." in page_of(client, circle, BLOG)
    client.force_login(make_member(groups=(circle,)))
    page = page_of(client, circle, BLOG)
    assert '<a class="annotate-link" href="/groups/' in page
    assert "Select any words to annotate them" in page
    assert 'id="comment-form"' in page


def test_margin_counts_and_highlight_positions_come_with_the_page(
    client: Client, seeds: dict[str, Document], circle: Group, make_member: Callable
) -> None:
    blog = seeds[BLOG]
    member = make_member(groups=(circle,))
    selection = selections.Selection("p-5", 8, "p-6", 7)
    root = writing.create_annotation(
        author=member,
        revision=blog.revision,
        group=circle,
        selection=selection,
        body="Across.",
    )
    writing.reply_to_annotation(author=member, parent=root, body="A reply.")
    page = page_of(client, circle, BLOG)
    for anchor in ("p-5", "p-6"):
        block = page[page.index(f'id="{anchor}"') :]
        margin = block[block.index('<span class="margin">') :]
        margin = margin[: margin.index("</span>")]
        path = f"/groups/{circle.slug}/texts/{BLOG}/paragraphs/{anchor}/"
        assert f'href="{path}" aria-label="2 annotations">2</a>' in margin
    data = page[page.index('id="highlight-data"') :]
    highlights = json.loads(data[data.index(">") + 1 : data.index("</script>")])
    assert highlights == [[root.pk, "p-5", 8, "p-6", 7, "c"]]


def test_a_paragraph_link_opens_its_threads_in_the_panel_without_javascript(
    client: Client, seeds: dict[str, Document], circle: Group, make_member: Callable
) -> None:
    blog = seeds[BLOG]
    writing.create_annotation(
        author=make_member(first_name="Ana", groups=(circle,)),
        revision=blog.revision,
        group=circle,
        selection=selections.Selection("p-5", 0, "p-5", 4),
        body="On **this**.",
    )
    response = client.get(reverse("annotations:paragraph", args=[circle.slug, BLOG, "p-5"]))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/groups/{circle.slug}/texts/{BLOG}/?p=p-5#p-5"
    page = page_of(client, circle, BLOG, p="p-5")
    panel = page[page.index('<aside class="panel"') :]
    assert "data-open" in panel[:80]
    assert "<h2>Paragraph 5</h2>" in panel
    assert "<p>On <strong>this</strong>.</p>" in panel
    assert '<span class="annotation-author">Ana</span>' in panel


def test_a_permalink_opens_the_document_with_the_thread(
    client: Client, seeds: dict[str, Document], circle: Group, make_member: Callable
) -> None:
    blog = seeds[BLOG]
    member = make_member(groups=(circle,))
    root = writing.create_annotation(
        author=member,
        revision=blog.revision,
        group=circle,
        selection=selections.Selection("p-5", 0, "p-5", 4),
        body="Root.",
    )
    reply = writing.reply_to_annotation(author=member, parent=root, body="The reply.")
    response = client.get(reply.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "<h1>Mass organization and political organization</h1>" in page
    panel = page[page.index('<aside class="panel"') :]
    assert "<h2>Thread</h2>" in panel
    assert f'id="annotation-{reply.pk}"' in panel
    assert "annotation indent-1 focused" in panel
    assert 'data-scroll-to="p-5"' in panel


def test_a_missing_document_or_annotation_is_not_found(client: Client, circle: Group) -> None:
    assert client.get("/texts/no-such-text/").status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"/groups/{circle.slug}/texts/nope/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/annotations/999999/").status_code == HTTPStatus.NOT_FOUND


def test_a_text_opens_in_the_readers_group(
    client: Client, circle: Group, make_group: Callable, make_member: Callable
) -> None:
    blog = Document.objects.get(slug=BLOG)
    own = make_group(visibility="private", documents=(blog,))
    client.force_login(make_member(groups=(own,)))
    response = client.get(f"/texts/{BLOG}/")
    assert response["Location"] == f"/groups/{own.slug}/texts/{BLOG}/"
    client.logout()
    assert client.get(f"/texts/{BLOG}/")["Location"] == f"/groups/{circle.slug}/texts/{BLOG}/"


def test_imported_markup_is_shown_escaped(client: Client, make_group: Callable) -> None:
    imported = import_document(
        data=b"Title\n\n<script>alert(1)</script> is text here.\n", source_format="text"
    )
    group = make_group(documents=(imported.document,))
    page = client.get(f"/groups/{group.slug}/texts/title/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; is text here." in page
    assert "<script>alert(1)" not in page


def test_the_list_filters_threads_by_member_tag_and_kind(
    client: Client, seeds: dict[str, Document], circle: Group, make_member: Callable
) -> None:
    revision = seeds[BLOG].revision
    ana, ben = make_member("ana", groups=(circle,)), make_member("ben", groups=(circle,))
    writing.create_annotation(
        author=ana,
        revision=revision,
        group=circle,
        selection=selections.Selection("p-5", 0, "p-5", 4),
        body="Ana's question",
        motivation="question",
        tags=["lenin"],
    )
    writing.create_annotation(
        author=ben,
        revision=revision,
        group=circle,
        selection=selections.Selection("p-4", 0, "p-4", 4),
        body="Ben's comment",
    )
    url = reverse("annotations:list", args=[circle.slug, BLOG])

    def listed(**query: str) -> str:
        return client.get(url, query).content.decode()

    assert listed().index("Ben&#x27;s comment") < listed().index("Ana&#x27;s question")
    assert "Ben&#x27;s comment" not in listed(member="ana")
    assert "Ana&#x27;s question" in listed(member="ana")
    assert "Ben&#x27;s comment" not in listed(tag="lenin")
    assert "Ben&#x27;s comment" not in listed(kind="question")
    assert "1 thread, in the order of the text." in listed(kind="question")


def test_a_reader_can_switch_to_the_other_discussions_of_the_text_they_may_read(
    client: Client,
    seeds: dict[str, Document],
    circle: Group,
    make_group: Callable,
    make_member: Callable,
) -> None:
    blog = seeds[BLOG]
    theirs = make_group(visibility="private", documents=(blog,))
    elsewhere = make_group(visibility="public", documents=(blog,))
    closed = make_group(visibility="private", documents=(blog,))
    not_reading_it = make_group(visibility="private")
    client.force_login(make_member(groups=(circle, theirs, not_reading_it)))

    page = page_of(client, circle, BLOG)

    switch = page[page.index('<span class="switch">') :]
    switch = switch[: switch.index("</span>")]
    assert f'<a href="/groups/{theirs.slug}/texts/{BLOG}/">{theirs.name}</a>' in switch
    assert f'<a href="/groups/{elsewhere.slug}/texts/{BLOG}/">{elsewhere.name}</a>' in switch
    for hidden in (circle, closed, not_reading_it):
        assert f"/groups/{hidden.slug}/" not in switch
    # From the other group's discussion, the way back.
    assert f'href="/groups/{circle.slug}/texts/{BLOG}/"' in page_of(client, theirs, BLOG)
    client.logout()
    switch = page_of(client, circle, BLOG)
    assert f'href="/groups/{elsewhere.slug}/texts/{BLOG}/"' in switch
    assert f'href="/groups/{theirs.slug}/texts/{BLOG}/"' not in switch
    # A text no other group reads offers no switch.
    assert "also read by" not in page_of(
        client, circle, "anarchist-communists-and-the-mass-organization"
    )


@pytest.mark.parametrize(("paragraphs", "annotations"), [(5, 12), (500, 2000)])
def test_page_panel_and_permalink_queries_do_not_grow(
    client: Client,
    make_document: Callable[..., Document],
    make_group: Callable[..., Group],
    make_annotations: Callable[..., list[Annotation]],
    make_member: Callable,
    django_assert_num_queries: Callable,
    paragraphs: int,
    annotations: int,
) -> None:
    document = make_document(paragraphs=paragraphs)
    group = make_group(visibility="private", documents=(document,))
    made = make_annotations(document, annotations, depth=6, group=group)
    member = make_member(groups=(group,))
    writing.create_annotation(
        author=member,
        revision=document.revision,
        group=group,
        selection=None,
        body="On all.",
    )
    client.force_login(member)
    url = reverse("annotations:document", args=[group.slug, document.slug])
    # The user (the session comes from the cache); the group with the reader's role; the
    # document; its reading-list entries; blocks; counts by passage; thread roots' positions;
    # document-level threads and their reactions.
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.content.decode().count('class="pnum"') == paragraphs
    # The same, and the paragraph's threads and their reactions.
    with django_assert_num_queries(11):
        client.get(url, {"p": "p-1"})
    with django_assert_num_queries(11):
        client.get(reverse("annotations:permalink", args=[made[-1].pk]))
    with django_assert_num_queries(7):
        client.get(
            reverse("annotations:paragraph", args=[group.slug, document.slug, "p-1"]),
            headers={"HX-Request": "true"},
        )
    with django_assert_num_queries(10):
        client.get(reverse("annotations:list", args=[group.slug, document.slug]))
    # The live poll: the reader and their access (4), then one indexed query; 304 when quiet.
    with django_assert_num_queries(5):
        poll = client.get(
            reverse("annotations:poll", args=[group.slug, document.slug]),
            {"after": made[-1].pk + 100},
        )
    assert poll.status_code == 304
