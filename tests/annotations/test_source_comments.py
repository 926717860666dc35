"""Comments that came with a source: document-level threads signed by their source authors
(a name on a site, not an account), and given to a member only when an admin claims them."""

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from annotations import source_comments
from annotations.errors import AnnotationError
from annotations.models import Annotation, SourceAuthor
from groups.models import Group
from texts.models import Document
from texts.services import ImportedDocument

BLOG = "mass-organization-and-political-organization"


@pytest.fixture
def blog(seeds: dict[str, Document]) -> Document:
    return seeds[BLOG]


def blog_post(
    *, slug: str, source_url: str, comments: tuple[tuple[str, str], ...], extra: str = ""
) -> ImportedDocument:
    """Import a short blog post whose comment section has `comments` (author, words)."""
    section = "\n\n".join(
        f"{number}. {author} says:\n   {words}"
        for number, (author, words) in enumerate(comments, start=1)
    )
    text = (
        f"A post\n\nThe post's one paragraph.{extra}\n\n"
        f"{len(comments)} thoughts on “A post”\n\n{section}\n"
    )
    return source_comments.import_with_comments(
        data=text.encode(), source_format="text", slug=slug, title="A post", source_url=source_url
    )


def signed(document: Document) -> list[tuple[str, str | None, str]]:
    """Each comment of `document`: its source author, the member it belongs to, its name."""
    comments = Annotation.objects.filter(document=document).select_related(
        "source_author", "author"
    )
    return [
        (signer(c).name, c.author.username if c.author else None, c.author_name)
        for c in comments.order_by("source_number")
    ]


def signer(comment: Annotation) -> SourceAuthor:
    """The source author who signed an imported comment (each has one)."""
    assert comment.source_author is not None, f"{comment} came with no source author"
    return comment.source_author


def test_source_comments_are_threads_signed_by_their_source_authors(blog: Document) -> None:
    first, second = Annotation.objects.filter(document=blog).order_by("source_number")
    assert (first.source_number, first.parent, first.has_passage) == (1, None, False)
    assert (first.visibility, first.group, second.visibility) == ("document", None, "document")
    assert (second.parent, second.root) == (first, first)
    assert (first.author, first.author_name, second.author_name) == (None, "Mike", "snappalos")
    assert (signer(first).name, signer(first).source) == (
        "Mike",
        "snappalos.wordpress.com",
    )
    assert signer(first).claimed_by is None
    assert first.body_html.startswith("<p>Hey there,</p>\n<p>Someone sent me the link")
    # No account stands for them: nobody can sign in as a commenter, or become one.
    assert not get_user_model().objects.exists()


def test_importing_source_comments_again_creates_nothing(blog: Document) -> None:
    before = Annotation.objects.count(), SourceAuthor.objects.count()
    assert source_comments.import_source_comments(revision=blog.revision) == 0
    assert (Annotation.objects.count(), SourceAuthor.objects.count()) == before


def test_two_commenters_of_the_same_name_on_two_blogs_stay_two_people(db: None) -> None:
    one = blog_post(
        slug="one",
        source_url="https://one.example.org/a-post/",
        comments=(("Mike", "From the first blog."),),
    )
    two = blog_post(
        slug="two",
        source_url="https://www.two.example.net/2024/a-post",
        comments=(("Mike", "From the second blog."),),
    )
    mikes = SourceAuthor.objects.filter(name="Mike").order_by("source")
    assert [m.source for m in mikes] == ["one.example.org", "two.example.net"]
    assert signed(one.document) == [("Mike", None, "Mike")]
    first = Annotation.objects.get(document=one.document)
    second = Annotation.objects.get(document=two.document)
    assert first.source_author != second.source_author


def test_reimporting_the_same_blog_reuses_its_source_authors(db: None) -> None:
    comments = (("Mike", "First."), ("Ana", "Second."))
    first = blog_post(slug="post", source_url="https://blog.example.org/post/", comments=comments)
    corrected = blog_post(
        slug="post",
        source_url="https://blog.example.org/post/",
        comments=(*comments, ("Mike", "Third, since.")),
        extra=" Corrected.",
    )
    # Another post of the same blog: the same people.
    other = blog_post(
        slug="other",
        source_url="https://blog.example.org/other/",
        comments=(("Ana", "Elsewhere."),),
    )
    assert corrected.revision.number == 2
    assert SourceAuthor.objects.filter(source="blog.example.org").count() == 2
    mike = SourceAuthor.objects.get(name="Mike")
    assert mike.annotations.count() == 2
    assert [signer(a).name for a in Annotation.objects.filter(document=other.document)] == ["Ana"]
    assert first.document == corrected.document


def test_a_source_without_an_address_keeps_its_commenters_to_itself(db: None) -> None:
    blog_post(slug="here", source_url="", comments=(("Mike", "Here."),))
    blog_post(slug="there", source_url="", comments=(("Mike", "There."),))
    assert sorted(SourceAuthor.objects.values_list("source", flat=True)) == ["here", "there"]


def test_claiming_gives_one_source_authors_comments_to_the_member(
    db: None, make_member: Callable
) -> None:
    one = blog_post(
        slug="one",
        source_url="https://one.example.org/p/",
        comments=(("Mike", "Mine."), ("Ana", "Not Mike's.")),
    )
    two = blog_post(
        slug="two",
        source_url="https://two.example.org/p/",
        comments=(("Mike", "The other Mike's."),),
    )
    mike = make_member("mike")
    ours = SourceAuthor.objects.get(name="Mike", source="one.example.org")

    assert source_comments.claim_source_author(source_author=ours, member=mike) == 1

    assert signed(one.document) == [("Mike", "mike", "mike"), ("Ana", None, "Ana")]
    assert signed(two.document) == [("Mike", None, "Mike")]
    ours.refresh_from_db()
    assert ours.claimed_by == mike
    # Later comments of the same person on that blog are the member's from the start.
    again = (("Mike", "Mine."), ("Ana", "Not Mike's."), ("Mike", "Me again."))
    blog_post(slug="one", source_url="https://one.example.org/p/", comments=again, extra=" More.")
    assert Annotation.objects.filter(author=mike).count() == 2


def test_a_claim_is_refused_for_an_inactive_account_or_someone_elses_commenter(
    blog: Document, make_member: Callable
) -> None:
    mike = SourceAuthor.objects.get(name="Mike")
    with pytest.raises(AnnotationError, match="ghost is not an active member's account"):
        source_comments.claim_source_author(
            source_author=mike, member=make_member("ghost", is_active=False)
        )
    member = make_member("mike")
    source_comments.claim_source_author(source_author=mike, member=member)
    with pytest.raises(AnnotationError, match=r"Mike \(snappalos.wordpress.com\) is mike's"):
        source_comments.claim_source_author(source_author=mike, member=make_member("other"))
    assert Annotation.objects.get(document=blog, source_number=1).author == member


def test_a_thread_of_imported_comments_shows_their_authors_names(
    client: Client, blog: Document, circle: Group, make_member: Callable
) -> None:
    mike = Annotation.objects.get(document=blog, source_number=1)
    pages = [
        client.get(f"/groups/{circle.slug}/texts/{BLOG}/").content.decode(),
        client.get(mike.get_absolute_url(), follow=True).content.decode(),
    ]
    for page in pages:
        assert '<span class="annotation-author">Mike</span>' in page
        assert '<span class="annotation-author">snappalos</span>' in page
        assert "former member" not in page
    # Once claimed, the member's own display name.
    member = make_member("mike", first_name="Michael", last_name="R.")
    source_comments.claim_source_author(source_author=signer(mike), member=member)
    page = client.get(f"/groups/{circle.slug}/texts/{BLOG}/").content.decode()
    assert '<span class="annotation-author">Michael R.</span>' in page


def test_an_account_named_like_an_old_placeholder_receives_no_imported_comments(
    db: None, make_member: Callable
) -> None:
    """The fault: signing up as "imported-mike" once took every later comment by a Mike."""
    squatter = make_member("imported-mike")
    imported = blog_post(
        slug="post",
        source_url="https://blog.example.org/post/",
        comments=(("Mike", "Not the squatter's."),),
    )
    assert signed(imported.document) == [("Mike", None, "Mike")]
    assert not Annotation.objects.filter(author=squatter).exists()


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>A blog</title><wp:wxr_version>1.2</wp:wxr_version>{items}</channel></rss>"""
WXR_ITEM = """<item><title>{title}</title><link>https://blog.example/{id}/</link>
<content:encoded><![CDATA[{body}]]></content:encoded><wp:post_id>{id}</wp:post_id>
<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>
<wp:post_password>{password}</wp:post_password><wp:post_type>post</wp:post_type>{comments}</item>"""
WXR_COMMENT = """<wp:comment><wp:comment_id>{id}</wp:comment_id>
<wp:comment_author>Reader {id}</wp:comment_author>
<wp:comment_date_gmt>2024-05-0{id} 12:00:00</wp:comment_date_gmt>
<wp:comment_content>{body}</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""


def wxr_post(
    post_id: int,
    title: str,
    body: str,
    *,
    slug: str = "",
    status: str = "publish",
    password: str = "",
    comments: tuple[str, ...] = (),
) -> str:
    threads = "".join(
        WXR_COMMENT.format(id=n, body=words, parent=0) for n, words in enumerate(comments, 1)
    )
    return WXR_ITEM.format(
        id=post_id,
        title=title,
        body=body,
        slug=slug,
        status=status,
        password=password,
        comments=threads,
    )


def import_export(*items: str, post_ids: set[int] | None = None) -> list[ImportedDocument]:
    data = WXR.format(items="".join(items)).encode()
    return source_comments.import_wordpress(data=data, post_ids=post_ids, source_name="blog.xml")


def thread_bodies(document: Document) -> list[tuple[int | None, str]]:
    comments = Annotation.objects.filter(document=document).order_by("source_number")
    return [(c.source_number, c.body) for c in comments]


def test_a_post_with_no_text_is_imported_with_its_discussion(
    client: Client, make_group: Callable[..., Group]
) -> None:
    [imported] = import_export(wxr_post(1, "No Content", "", slug="no-content", comments=("Hi?",)))

    document = imported.document
    assert (document.slug, document.title) == ("no-content", "No Content")
    assert not document.revision.paragraphs.exists()
    assert thread_bodies(document) == [(1, "Hi?")]
    group = make_group(documents=(document,))
    page = client.get(f"/groups/{group.slug}/texts/no-content/").content.decode()
    assert "<h1>No Content</h1>" in page
    assert "Hi?" in page


def test_a_new_comment_on_an_unchanged_post_arrives_on_reimport(db: None) -> None:
    post = "The post's words."
    [first] = import_export(wxr_post(1, "A post", post, slug="a-post", comments=("One.",)))

    [again] = import_export(wxr_post(1, "A post", post, slug="a-post", comments=("One.", "Two.")))
    [third] = import_export(wxr_post(1, "A post", post, slug="a-post", comments=("One.", "Two.")))

    assert thread_bodies(first.document) == [(1, "One."), (2, "Two.")]
    # The comments are part of what was read, so the post's second reading is a new revision,
    # onto which the first comment moves (once) and the new one is added.
    assert (again.document, again.revision.number) == (first.document, 2)
    assert third.unchanged
    assert Annotation.objects.filter(document=first.document).count() == 2


def test_two_drafts_without_a_slug_become_two_documents(db: None) -> None:
    drafts = [wxr_post(n, "Draft", f"Draft {n}.", status="draft") for n in (7, 8)]

    imported = import_export(*drafts, post_ids={7, 8})

    assert [(each.document.slug, each.revision.number) for each in imported] == [
        ("draft-7", 1),
        ("draft-8", 1),
    ]


def test_a_password_protected_post_is_not_imported_unless_chosen(db: None) -> None:
    posts = [
        wxr_post(1, "Open", "For all.", slug="open"),
        wxr_post(2, "Members", "For members.", slug="members", password="secret"),
    ]

    assert [each.document.slug for each in import_export(*posts)] == ["open"]
    assert [each.document.slug for each in import_export(*posts, post_ids={2})] == ["members"]
