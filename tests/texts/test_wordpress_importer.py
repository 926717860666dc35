from datetime import UTC, date, datetime

import pytest

from texts.importers.parsed import BlockKind, ImportFailed
from texts.importers.wordpress import WordPressPost, comment_text, parse_wordpress

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
    xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:wfw="http://wellformedweb.org/CommentAPI/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:wp="http://wordpress.org/export/{version}/">
<channel>
    <title>A Reading Blog</title>
    <link>https://blog.example.org</link>
    <wp:wxr_version>{version}</wp:wxr_version>
"""
FOOTER = "</channel>\n</rss>\n"

AUTHORS = """
    <wp:author>
        <wp:author_id>1</wp:author_id>
        <wp:author_login><![CDATA[rosa]]></wp:author_login>
        <wp:author_email><![CDATA[rosa@example.org]]></wp:author_email>
        <wp:author_display_name><![CDATA[Rosa L.]]></wp:author_display_name>
    </wp:author>
    <wp:author>
        <wp:author_id>2</wp:author_id>
        <wp:author_login><![CDATA[karl]]></wp:author_login>
        <wp:author_display_name><![CDATA[Karl M.]]></wp:author_display_name>
    </wp:author>
"""


def comment(
    number: int,
    content: str,
    *,
    author: str = "Reader",
    parent: int = 0,
    approved: str = "1",
    kind: str = "",
    date_gmt: str = "",
    date_local: str = "",
) -> str:
    date_gmt = date_gmt or f"2024-03-0{min(number, 9)} 10:00:00"
    date_local = date_local or date_gmt
    return f"""
        <wp:comment>
            <wp:comment_id>{number}</wp:comment_id>
            <wp:comment_author><![CDATA[{author}]]></wp:comment_author>
            <wp:comment_author_email><![CDATA[]]></wp:comment_author_email>
            <wp:comment_date><![CDATA[{date_local}]]></wp:comment_date>
            <wp:comment_date_gmt><![CDATA[{date_gmt}]]></wp:comment_date_gmt>
            <wp:comment_content><![CDATA[{content}]]></wp:comment_content>
            <wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
            <wp:comment_type><![CDATA[{kind}]]></wp:comment_type>
            <wp:comment_parent>{parent}</wp:comment_parent>
            <wp:comment_user_id>0</wp:comment_user_id>
        </wp:comment>"""


def item(
    post_id: int,
    title: str,
    content: str,
    *,
    post_type: str = "post",
    status: str = "publish",
    slug: str = "",
    creator: str = "rosa",
    post_date: str = "2024-03-01 09:30:00",
    excerpt: str = "",
    comments: str = "",
) -> str:
    return f"""
    <item>
        <title>{title}</title>
        <link>https://blog.example.org/{slug or post_id}/</link>
        <pubDate>Fri, 01 Mar 2024 09:30:00 +0000</pubDate>
        <dc:creator><![CDATA[{creator}]]></dc:creator>
        <guid isPermaLink="false">https://blog.example.org/?p={post_id}</guid>
        <description></description>
        <content:encoded><![CDATA[{content}]]></content:encoded>
        <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
        <wp:post_id>{post_id}</wp:post_id>
        <wp:post_date><![CDATA[{post_date}]]></wp:post_date>
        <wp:post_date_gmt><![CDATA[{post_date}]]></wp:post_date_gmt>
        <wp:comment_status><![CDATA[open]]></wp:comment_status>
        <wp:post_name><![CDATA[{slug}]]></wp:post_name>
        <wp:status><![CDATA[{status}]]></wp:status>
        <wp:post_parent>0</wp:post_parent>
        <wp:post_type><![CDATA[{post_type}]]></wp:post_type>{comments}
    </item>"""


AUTOP_POST = """First paragraph, with <em>emphasis</em>
and a line break.

Second paragraph.<script>alert("no")</script>
<h2>A heading</h2>
<ul>
<li>first item</li>
<li>second item</li>
</ul>
<blockquote>A quoted passage.</blockquote>
[caption id="attachment_9" align="alignnone" width="300"]<img src="a.jpg" /> A caption[/caption]

Brackets the author wrote [sic] stay."""

BLOCK_POST = """<!-- wp:paragraph -->
<p>Written in the <strong>block editor</strong>.</p>
<!-- /wp:paragraph -->

<!-- wp:heading {"level":3} -->
<h3>Block heading</h3>
<!-- /wp:heading -->

<!-- wp:paragraph -->
<p>After the heading.</p>
<!-- /wp:paragraph -->"""

THREAD = "".join(
    [
        comment(1, "Top level.", author="Ann", date_gmt="2024-03-02 08:00:00"),
        comment(2, "A reply.", author="Ben", parent=1, date_gmt="2024-03-02 09:00:00"),
        comment(
            3,
            'A reply to the reply, see <a href="https://example.com/page" rel="nofollow">this '
            "page</a>.",
            author="Cleo",
            parent=2,
            date_gmt="2024-03-02 10:00:00",
        ),
        comment(4, "Spam, not approved.", approved="0"),
        comment(5, "Pinged.", kind="pingback", approved="1"),
        comment(6, "Answer to spam.", author="Dan", parent=4, date_gmt="2024-03-03 08:00:00"),
        comment(7, "", author="", parent=0, date_gmt="2024-03-01 07:00:00"),
    ]
)

SAMPLE = (
    HEADER.format(version="1.2")
    + AUTHORS
    + item(
        10,
        "Reading &amp; Writing",
        AUTOP_POST,
        slug="reading-writing",
        excerpt="<p>An <em>excerpt</em>\n  in two lines.</p>",
        comments=THREAD,
    )
    + item(11, "A photo", "", post_type="attachment", slug="photo")
    + item(12, "Block post", BLOCK_POST, slug="block-post", creator="karl")
    + item(13, "About", "<p>This is the about page.</p>", post_type="page", slug="about")
    + item(14, "Menu", "", post_type="nav_menu_item")
    + item(
        15,
        "",
        "Half written.",
        status="draft",
        post_date="0000-00-00 00:00:00",
        creator="ghost",
    )
    + item(16, "Empty", "<!-- wp:paragraph --><p></p><!-- /wp:paragraph -->")
    + FOOTER
)


@pytest.fixture(scope="module")
def posts() -> list[WordPressPost]:
    return parse_wordpress(SAMPLE.encode())


def by_id(posts: list[WordPressPost], post_id: int) -> WordPressPost:
    return next(post for post in posts if post.post_id == post_id)


def test_posts_and_pages_in_file_order_without_attachments_menus_or_empty_posts(
    posts: list[WordPressPost],
) -> None:
    assert [(p.post_id, p.post_type, p.slug, p.status) for p in posts] == [
        (10, "post", "reading-writing", "publish"),
        (12, "post", "block-post", "publish"),
        (13, "page", "about", "publish"),
        (15, "post", "", "draft"),
    ]


def test_metadata(posts: list[WordPressPost]) -> None:
    metadata = by_id(posts, 10).document.metadata

    assert metadata.title == "Reading & Writing"
    assert metadata.author == "Rosa L."
    assert metadata.source_url == "https://blog.example.org/reading-writing/"
    assert metadata.published_on == date(2024, 3, 1)
    assert metadata.description == "An excerpt in two lines."
    assert by_id(posts, 12).document.metadata.author == "Karl M."


def test_a_draft_has_no_date_and_falls_back_to_untitled_and_the_login(
    posts: list[WordPressPost],
) -> None:
    metadata = by_id(posts, 15).document.metadata

    assert metadata.title == "Untitled"
    assert metadata.author == "ghost"
    assert metadata.published_on is None


def test_autop_content_is_split_into_paragraphs_and_keeps_its_blocks(
    posts: list[WordPressPost],
) -> None:
    blocks = by_id(posts, 10).document.blocks

    assert [(block.kind, block.text) for block in blocks] == [
        (BlockKind.PARAGRAPH, "First paragraph, with emphasis\nand a line break."),
        (BlockKind.PARAGRAPH, "Second paragraph."),
        (BlockKind.HEADING, "A heading"),
        (BlockKind.LIST_ITEM, "first item"),
        (BlockKind.LIST_ITEM, "second item"),
        (BlockKind.QUOTATION, "A quoted passage."),
        (BlockKind.PARAGRAPH, "A caption"),
        (BlockKind.PARAGRAPH, "Brackets the author wrote [sic] stay."),
    ]
    assert blocks[0].html == "First paragraph, with <em>emphasis</em><br>and a line break."
    assert blocks[2].level == 2
    assert "alert" not in " ".join(block.html for block in blocks)


def test_block_editor_markup_is_dropped(posts: list[WordPressPost]) -> None:
    blocks = by_id(posts, 12).document.blocks

    assert [(block.kind, block.text) for block in blocks] == [
        (BlockKind.PARAGRAPH, "Written in the block editor."),
        (BlockKind.HEADING, "Block heading"),
        (BlockKind.PARAGRAPH, "After the heading."),
    ]
    assert blocks[0].html == "Written in the <strong>block editor</strong>."


def test_only_approved_comments_with_their_authors_and_utc_times(
    posts: list[WordPressPost],
) -> None:
    comments = by_id(posts, 10).document.comments

    assert [(c.number, c.author) for c in comments] == [
        (1, "Ann"),
        (2, "Ben"),
        (3, "Cleo"),
        (6, "Dan"),
    ]
    assert comments[0].posted_at == datetime(2024, 3, 2, 8, 0, tzinfo=UTC)
    assert comments[0].body == "Top level."


def test_replies_keep_their_thread_three_deep(posts: list[WordPressPost]) -> None:
    comments = {c.number: c for c in by_id(posts, 10).document.comments}

    assert comments[1].reply_to is None
    assert comments[2].reply_to == 1
    assert comments[3].reply_to == 2


def test_a_reply_to_an_unapproved_comment_becomes_top_level(posts: list[WordPressPost]) -> None:
    comments = {c.number: c for c in by_id(posts, 10).document.comments}

    assert comments[6].reply_to is None


def test_a_link_in_a_comment_becomes_markdown(posts: list[WordPressPost]) -> None:
    comments = {c.number: c for c in by_id(posts, 10).document.comments}

    assert comments[3].body == "A reply to the reply, see [this page](https://example.com/page)."


def test_parents_come_before_children_even_when_replies_are_dated_earlier() -> None:
    thread = "".join(
        [
            comment(30, "Child.", parent=20, date_gmt="2024-01-01 10:00:00"),
            comment(40, "Grandchild.", parent=30, date_gmt="2024-01-01 09:00:00"),
            comment(20, "Parent.", date_gmt="2024-01-02 10:00:00"),
            comment(10, "Other thread.", date_gmt="2024-01-01 08:00:00"),
        ]
    )
    source = HEADER.format(version="1.2") + item(1, "Post", "Text.", comments=thread) + FOOTER

    comments = parse_wordpress(source.encode())[0].document.comments

    assert [c.number for c in comments] == [10, 20, 30, 40]
    assert [c.reply_to for c in comments] == [None, None, 20, 30]


def test_local_comment_time_is_used_when_the_gmt_time_is_missing() -> None:
    thread = comment(1, "Hello.", date_gmt="0000-00-00 00:00:00", date_local="2024-05-06 07:08:09")
    source = HEADER.format(version="1.2") + item(1, "Post", "Text.", comments=thread) + FOOTER

    [only] = parse_wordpress(source.encode())[0].document.comments

    assert only.posted_at == datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert only.author == "Reader"


@pytest.mark.parametrize(
    ("html", "text"),
    [
        pytest.param("One<br />two", "One\ntwo", id="br"),
        pytest.param("<p>One</p><p>Two</p>", "One\n\nTwo", id="paragraphs"),
        pytest.param("One\n\n\n\nTwo", "One\n\nTwo", id="many-newlines"),
        pytest.param("Fish &amp; chips &lt;3", "Fish & chips <3", id="entities"),
        pytest.param("<b>bold</b> <em>em</em>", "bold em", id="other-tags"),
        pytest.param('<a href="mailto:a@b.c">mail</a>', "mail", id="non-http-link"),
        pytest.param(
            '<a href="http://x.org/a_(b)">[x]</a>', "[\\[x\\]](http://x.org/a_%28b%29)", id="odd"
        ),
    ],
)
def test_comment_text(html: str, text: str) -> None:
    assert comment_text(html) == text


def test_an_older_export_namespace_works() -> None:
    source = (
        HEADER.format(version="1.1")
        + AUTHORS
        + item(5, "Old", "Old text.", comments=comment(1, "Old comment."))
        + FOOTER
    )

    [post] = parse_wordpress(source.encode())

    assert post.post_id == 5
    assert post.document.metadata.author == "Rosa L."
    assert [block.text for block in post.document.blocks] == ["Old text."]
    assert [c.body for c in post.document.comments] == ["Old comment."]


def test_entity_declarations_are_refused() -> None:
    source = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x "y">]>\n'
        + HEADER.format(version="1.2").split("\n", 1)[1]
        + item(1, "&x;", "Text.")
        + FOOTER
    )

    with pytest.raises(ImportFailed, match="declares XML entities"):
        parse_wordpress(source.encode())


def test_malformed_xml_is_refused_with_its_position() -> None:
    source = HEADER.format(version="1.2") + "<item><title>Broken</item>" + FOOTER

    with pytest.raises(ImportFailed, match=r"line \d+, column \d+.*Export the site again"):
        parse_wordpress(source.encode())


@pytest.mark.parametrize(
    "source",
    [
        pytest.param('<?xml version="1.0"?><feed><entry/></feed>', id="atom"),
        pytest.param('<?xml version="1.0"?><rss version="2.0"></rss>', id="no-channel"),
    ],
)
def test_other_xml_is_not_a_wordpress_export(source: str) -> None:
    with pytest.raises(ImportFailed, match=r"not a WordPress export \(WXR\)"):
        parse_wordpress(source.encode())


def test_an_export_without_posts_is_refused() -> None:
    source = (
        HEADER.format(version="1.2")
        + AUTHORS
        + item(1, "A photo", "", post_type="attachment")
        + item(2, "Empty", "")
        + FOOTER
    )

    with pytest.raises(ImportFailed, match="no posts or pages with text"):
        parse_wordpress(source.encode())


def test_embeds_and_galleries_go_and_preformatted_text_keeps_its_lines() -> None:
    content = (
        'Before [gallery ids="1,2"] the video.\n\n[embed]https://video.example/1[/embed]\n\n'
        '[code lang="python"]x = 1[/code]\n\n<pre>line one\n\nline two</pre>'
    )
    source = HEADER.format(version="1.2") + item(1, "Post", content) + FOOTER

    blocks = parse_wordpress(source.encode())[0].document.blocks

    assert [(block.kind, block.text) for block in blocks] == [
        (BlockKind.PARAGRAPH, "Before the video."),
        (BlockKind.PARAGRAPH, "x = 1"),
        (BlockKind.PREFORMATTED, "line one\n\nline two"),
    ]
