"""Annotation bodies: Markdown rendered to safe HTML, whatever a member types."""

from html.parser import HTMLParser

import nh3
import pytest

from annotations.rendering import render_markdown

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
