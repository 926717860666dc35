"""Annotation bodies: Markdown rendered to safe HTML, whatever a member types."""

import re
from html.parser import HTMLParser

import nh3
import pytest

from annotations.rendering import (
    LINK_LABEL_STEPS,
    MAX_BODY_LENGTH,
    render_markdown,
    render_with_budget,
)

XSS = [
    pytest.param("<script>alert(1)</script>", id="script-tag"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param('<a href="javascript:alert(1)">x</a>', id="raw-html-link"),
    pytest.param("[x](javascript:alert(1))", id="javascript-link"),
    pytest.param("[x](JaVaScRiPt:alert(1))", id="mixed-case-scheme"),
    pytest.param("[x](&#106;avascript:alert(1))", id="entity-encoded-scheme"),
    pytest.param("[x](java\tscript:alert(1))", id="tab-in-scheme"),
    pytest.param("[x](data:text/html;base64,PHNjcmlwdD4=)", id="data-link"),
    pytest.param("![x](javascript:alert(1))", id="javascript-image"),
    pytest.param("![x](data:image/svg+xml;base64,PHN2Zz4=)", id="data-image"),
    pytest.param("<javascript:alert(1)>", id="autolink-javascript"),
    pytest.param("<div onclick='alert(1)'>hi</div>", id="event-handler"),
    pytest.param("<svg><script>alert(1)</script></svg>", id="svg"),
    pytest.param("<style>body{display:none}</style>", id="style"),
    pytest.param("<iframe src='https://evil.example'></iframe>", id="iframe"),
    pytest.param("<!-- comment --><b>bold</b>", id="raw-html-block"),
    pytest.param('[x](https://example.org "title" onmouseover=alert(1))', id="attribute-injection"),
    pytest.param("<math><mi xlink:href='javascript:alert(1)'>x</mi></math>", id="mathml"),
]


SAFE_TAGS = {"p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "s"}


class Elements(HTMLParser):
    """Every element of a piece of HTML, with its attributes, as a browser would parse it."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", XSS)
def test_scripts_and_unsafe_urls_never_reach_the_page(payload: str) -> None:
    for tag, attrs in Elements(render_markdown(payload)).found:
        assert tag in SAFE_TAGS
        assert not [name for name in attrs if name.startswith("on") or name == "style"]
        href = (attrs.get("href") or "").strip().lower()
        assert not href or href.startswith(("http://", "https://", "mailto:"))


def test_raw_html_is_shown_as_text() -> None:
    assert render_markdown("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>"


def test_links_are_kept_with_hardened_rel() -> None:
    html = render_markdown("See [the paper](https://example.org/tarp) and www.example.com")
    assert '<a href="https://example.org/tarp" rel="nofollow noopener noreferrer ugc">' in html
    assert '<a href="http://www.example.com" rel="nofollow noopener noreferrer ugc">' in html


def test_images_become_links_to_them() -> None:
    html = render_markdown("![a chart](https://example.org/chart.png)")
    assert html == (
        '<p><a href="https://example.org/chart.png" rel="nofollow noopener noreferrer ugc">'
        "a chart</a></p>"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("*em* **strong** ~~gone~~ `code`", "<em>em</em>", id="inline"),
        pytest.param("> quoted", "<blockquote>", id="quote"),
        pytest.param("- one\n- two", "<ul>\n<li>one</li>", id="list"),
        pytest.param("3. three\n4. four", '<ol start="3">', id="ordered-start"),
        pytest.param("| a | b |\n|---|---|\n| 1 | 2 |", "<td>1</td>", id="table"),
        pytest.param("```\ncode\n```", "<pre><code>code\n</code></pre>", id="fence"),
    ],
)
def test_everyday_markdown_is_rendered(source: str, expected: str) -> None:
    assert expected in render_markdown(source)


@pytest.mark.parametrize("source", [p.values[0] for p in XSS] + ["*a* [b](https://c.org)"])
def test_rendering_is_stable(source: str) -> None:
    html = render_markdown(source)
    assert render_markdown(source) == html
    # Sanitizing the output again changes nothing: it is already clean.
    assert nh3.clean(html, link_rel="nofollow noopener noreferrer ugc") == html


PATHOLOGICAL = [
    pytest.param("[" * 5000 + "]" * 5000, id="nested-brackets"),
    pytest.param("[" * 10_000, id="open-brackets"),
    pytest.param("![" * 5000, id="image-openers"),
    pytest.param("![" * 2500 + "]" * 5000, id="nested-images"),
    pytest.param("[a][b" * 2000, id="reference-openers"),
    pytest.param("[[[[](" * 1666, id="nested-link-openers"),
    pytest.param("[a](<x" * 1666, id="angle-destinations"),
    pytest.param("[" * 5000 + "a](b)" * 1000, id="link-in-brackets"),
]


@pytest.mark.parametrize("source", PATHOLOGICAL)
def test_piles_of_brackets_spend_at_most_the_budget_and_show_as_typed(source: str) -> None:
    html, spent = render_with_budget(source)
    assert spent <= LINK_LABEL_STEPS
    # No bracket is lost: whatever made no link is on the page as it was typed.
    text = re.sub(r"<[^>]+>", "", html)
    assert text.count("[") + html.count("<a ") >= source.count("[") - source.count("](")


def test_a_body_full_of_ordinary_links_keeps_every_link_within_half_the_budget() -> None:
    source = "".join(
        f"See [the paper by *Smith*, {year}](https://example.org/{year}) again.\n"
        for year in range(1700, 1850)
    )
    assert len(source) < MAX_BODY_LENGTH
    html, spent = render_with_budget(source)
    assert html.count('<a href="https://example.org/') == 150
    assert spent <= LINK_LABEL_STEPS // 2


def test_once_the_budget_is_spent_later_brackets_are_shown_as_typed() -> None:
    source = "[" * 5000 + "\n\nThen [a real link](https://example.org)."
    html, spent = render_with_budget(source)
    assert spent == LINK_LABEL_STEPS
    assert "Then [a real link](" in html
    assert ">a real link</a>" not in html
    # A body with the same link alone keeps it.
    assert '<a href="https://example.org"' in render_markdown(
        "Then [a real link](https://example.org)."
    )


@pytest.mark.parametrize(
    ("source", "href"),
    [
        pytest.param("see http://example.org/a today", "http://example.org/a", id="http"),
        pytest.param("see https://example.org/a today", "https://example.org/a", id="https"),
        pytest.param("see www.example.org today", "http://www.example.org", id="www"),
        pytest.param("write to ana@example.org today", "mailto:ana@example.org", id="email"),
    ],
)
def test_linkify_makes_links_of_addresses_that_say_so(source: str, href: str) -> None:
    assert f'<a href="{href}" rel="nofollow noopener noreferrer ugc">' in render_markdown(source)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("see notes.md and setup.py", id="file-names"),
        pytest.param("the example.org site and readme.txt", id="bare-domain"),
        pytest.param("version 1.2.3 of django.contrib", id="dotted-names"),
    ],
)
def test_file_names_and_bare_domains_stay_text(source: str) -> None:
    assert render_markdown(source) == f"<p>{source}</p>"
