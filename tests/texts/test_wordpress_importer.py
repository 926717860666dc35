import re
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.rendering import render_markdown
from texts.importers.parsed import BlockKind, ImportFailed
from texts.importers.wordpress import WordPressPost, parse_wordpress
from texts.importers.wpcomments import comment_markdown
from texts.rendering import text_content

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
        (15, "post", "untitled-15", "draft"),
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
        pytest.param("One<br />two", "One\\\ntwo", id="br"),
        pytest.param("One\ntwo", "One\\\ntwo", id="single-newline-a-line-break"),
        pytest.param("<p>One</p><p>Two</p>", "One\n\nTwo", id="paragraphs"),
        pytest.param("One\n\n\n\nTwo", "One\n\nTwo", id="many-newlines"),
        pytest.param("Fish &amp; chips &lt;3", "Fish & chips \\<3", id="entities"),
        pytest.param("<b>bold</b> <em>em</em>", "**bold** *em*", id="emphasis"),
        pytest.param("<abbr>abbr</abbr> <u>u</u>", "abbr u", id="other-tags"),
        pytest.param('<a href="mailto:a@b.c">mail</a>', "mail", id="non-http-link"),
        pytest.param(
            '<a href="http://x.org/a_(b)">[x]</a>', "[\\[x\\]](http://x.org/a_%28b%29)", id="odd"
        ),
    ],
)
def test_comment_markdown(html: str, text: str) -> None:
    assert comment_markdown(html) == text


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


def export(*items: str) -> bytes:
    return (HEADER.format(version="1.2") + "".join(items) + FOOTER).encode()


def test_a_post_with_no_text_but_comments_is_kept_with_its_discussion() -> None:
    source = export(
        item(1, "No Content", "", slug="no-content", comments=comment(1, "Where is the post?")),
        item(2, "Empty and quiet", "  ", slug="empty"),
        item(3, "Text", "Some text.", slug="text"),
    )

    posts = parse_wordpress(source)

    assert [post.slug for post in posts] == ["no-content", "text"]
    empty = posts[0].document
    assert empty.blocks == []
    assert [c.body for c in empty.comments] == ["Where is the post?"]


def test_two_drafts_without_a_slug_get_two_addresses() -> None:
    source = export(
        item(21, "Draft idea", "One.", status="draft"),
        item(22, "Draft idea", "Two.", status="draft"),
        item(23, "", "Three.", status="draft"),
    )

    assert [post.slug for post in parse_wordpress(source)] == [
        "draft-idea-21",
        "draft-idea-22",
        "untitled-23",
    ]


def test_a_password_protected_post_says_so() -> None:
    protected = item(31, "Members only", "Secret.", slug="members").replace(
        "<wp:post_type>", "<wp:post_password><![CDATA[hunter2]]></wp:post_password><wp:post_type>"
    )

    posts = parse_wordpress(export(protected, item(32, "Open", "Open.", slug="open")))

    assert [post.password_protected for post in posts] == [True, False]


def test_nested_lists_keep_their_depth() -> None:
    body = (
        "<ul>\n<li>outer one\n<ul>\n<li>inner\n<ol><li>innermost</li></ol></li>\n</ul>\n</li>\n"
        "<li>outer two</li>\n</ul>\n<ul><li>next list</li></ul>"
    )

    [post] = parse_wordpress(export(item(41, "Lists", body, slug="lists")))

    assert [(b.text, b.level) for b in post.document.blocks] == [
        ("outer one", 1),
        ("inner", 2),
        ("innermost", 3),
        ("outer two", 1),
        ("next list", 1),
    ]


@pytest.mark.parametrize(
    ("html", "markdown", "shown"),
    [
        pytest.param(
            "    indented line\n    and another",
            "indented line\\\nand another",
            "<p>indented line<br>\nand another</p>",
            id="indented-is-not-code",
        ),
        pytest.param("# not a heading", "\\# not a heading", "<p># not a heading</p>", id="hash"),
        pytest.param(
            "1986. A year to remember",
            "1986\\. A year to remember",
            "<p>1986. A year to remember</p>",
            id="year-is-not-a-list",
        ),
        pytest.param(
            "<ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul>After.",
            "- one\n- two\n  - inner\n\nAfter.",
            "<ul>\n<li>one</li>\n<li>two\n<ul>\n<li>inner</li>\n</ul>\n</li>\n</ul>\n<p>After.</p>",
            id="lists-keep-bullets",
        ),
        pytest.param(
            '<ol start="3"><li>three</li><li>four</li></ol>',
            "3. three\n4. four",
            '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>',
            id="numbered-list",
        ),
        pytest.param(
            "first line\nsecond line",
            "first line\\\nsecond line",
            "<p>first line<br>\nsecond line</p>",
            id="line-break-kept",
        ),
        pytest.param(
            "<blockquote>quoted\nline</blockquote>\nreply",
            "> quoted\\\n> line\n\nreply",
            "<blockquote>\n<p>quoted<br>\nline</p>\n</blockquote>\n<p>reply</p>",
            id="quotation",
        ),
        pytest.param(
            "*stars* _under_ [brackets] <3 a | b ~~no~~",
            "\\*stars\\* \\_under\\_ \\[brackets\\] \\<3 a \\| b \\~\\~no\\~\\~",
            "<p>*stars* _under_ [brackets] &lt;3 a | b ~~no~~</p>",
            id="inline-markup-as-typed",
        ),
    ],
)
def test_a_comment_reads_as_the_blog_showed_it(html: str, markdown: str, shown: str) -> None:
    body = comment_markdown(html)

    assert body == markdown
    assert render_markdown(body) == shown


WP_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
WP_WRAPPERS = [
    "{}",
    "<p>{}</p>",
    "<em>{}</em>",
    "<blockquote>{}</blockquote>",
    "<ul><li>{}</li></ul>",
    "<ol><li>{}<ul><li>x</li></ul></li></ol>",
    "<h2>{}</h2>",
    "    {}",
    "# {}",
    "1986. {}",
]


@st.composite
def wordpress_body(draw: st.DrawFn) -> str:
    """A post or comment body: words in WordPress's storage form (blank lines, line breaks,
    indentation, nested lists and quotations, Markdown-looking text)."""
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        words = " ".join(draw(st.lists(WP_WORD, min_size=1, max_size=4)))
        pieces.append(draw(st.sampled_from(WP_WRAPPERS)).format(words))
        pieces.append(draw(st.sampled_from(["\n", "\n\n", " "])))
    return "".join(pieces)


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text)


def source_words(html: str) -> list[str]:
    """The words of a body as written: every tag separates words (the bodies have no entities)."""
    return words_of(re.sub(r"<[^>]*>", " ", html))


@given(wordpress_body(), wordpress_body())
@settings(max_examples=100, deadline=None)
def test_no_text_of_a_post_or_its_comment_is_lost(body: str, reply: str) -> None:
    # A title no generated heading can repeat (a leading heading that repeats it is the title).
    entry = item(1, "Post 1", body, slug="post-1", comments=comment(1, reply))
    [post] = parse_wordpress(export(entry))

    stored = " ".join(block.text for block in post.document.blocks)
    assert words_of(stored) == source_words(body)
    [only] = post.document.comments
    assert words_of(text_content(render_markdown(only.body))) == source_words(reply)
