"""Selecting text outside the Basic Multilingual Plane in a real browser (issue #12): the page
counts UTF-16 code units, the server code points; what is stored and drawn is what was selected."""

import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from annotations.models import Annotation
from groups.models import Group
from tests.browser.selecting import annotate_selection, drawn, range_select, units
from texts.importers.parsed import Block, BlockKind, Metadata, ParsedDocument
from texts.models import Document
from texts.rendering import escape_text
from texts.services import store_revision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPHS = [
    "Alpha paragraph one. 😀😀 smile then target words here.",
    "Second: 漢字かな交じり and עברית שלום and cafe\u0301 and café.",
    "Third with a skin tone 👍🏽 and a non\u00a0breaking space, 👩🏿‍💻 at work.",
    "Fourth has a flag 🇺🇳 and family 👨‍👩‍👧 before the final words.",
    "Fifth: 🏳️‍🌈 Ünïcödé ברוך הבא 你好世界 e\u0301e\u0300 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 end.",
]
READER = "/groups/group-1/texts/code-points/"


@pytest.fixture
def anchors(make_group: Callable[..., Group]) -> list[str]:
    """The paragraphs above as a document on group 1's list; their anchors, in order."""
    document = Document.objects.create(title="Code points", slug="code-points", author="A")
    parsed = ParsedDocument(
        metadata=Metadata(title=document.title),
        blocks=[Block(BlockKind.PARAGRAPH, text, escape_text(text)) for text in PARAGRAPHS],
    )
    store_revision(document=document, parsed=parsed, source_text="", source_format="text")
    make_group(documents=(document,))
    revision = Document.objects.get(pk=document.pk).revision
    return [p.anchor for p in revision.paragraphs.order_by("ordinal")]


@pytest.fixture
def reader(page: Page, anchors: list[str], make_member: Callable, sign_in: Callable) -> Page:
    make_member("ana", groups=(Group.objects.get(),))
    sign_in(page, "ana", READER)
    expect(page.get_by_role("heading", level=1)).to_have_text("Code points")
    return page


def select_words(page: Page, anchors: list[str], ordinal: int, words: str, nth: int = 0) -> str:
    """Select the `nth` occurrence of `words` in paragraph `ordinal` with a DOM Range."""
    text = PARAGRAPHS[ordinal - 1]
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    anchor = anchors[ordinal - 1]
    at = units(text[:start])
    return range_select(page, (anchor, at), (anchor, at + units(words)))


@pytest.mark.parametrize(
    ("ordinal", "words", "nth"),
    [
        pytest.param(1, "target words", 0, id="after-two-emoji"),
        pytest.param(1, "😀", 1, id="one-emoji-of-two"),
        pytest.param(4, "final words", 0, id="after-flag-and-zwj-family"),
        pytest.param(2, "עברית", 0, id="hebrew"),
        pytest.param(2, "cafe\u0301", 0, id="decomposed-accent"),
    ],
)
def test_the_selected_words_are_stored_and_drawn_after_reloading(
    reader: Page, anchors: list[str], ordinal: int, words: str, nth: int
) -> None:
    assert select_words(reader, anchors, ordinal, words, nth) == words
    stored = annotate_selection(reader, "These words")
    assert stored.exact == words
    reader.reload()
    expect(reader.locator("mark.hl").first).to_be_visible()
    assert drawn(reader, stored) == words


def test_a_drag_ending_at_the_start_of_the_next_paragraph_ends_before_it(
    reader: Page, anchors: list[str]
) -> None:
    text = PARAGRAPHS[1]
    start = units(text[: text.index("café")])
    assert range_select(reader, (anchors[1], start), (anchors[2], 0)).startswith("café.")
    stored = annotate_selection(reader, "Overshoot")
    assert (stored.exact, stored.start_ordinal, stored.end_ordinal) == ("café.", 2, 2)
    assert stored.end_offset == len(text)
    expect(reader.locator(f"#{anchors[2]} .count")).to_have_count(0)
    expect(reader.locator(f"#{anchors[1]} .count")).to_have_text("1")


def test_a_drag_ending_in_the_next_paragraphs_number_ends_before_it(
    reader: Page, anchors: list[str]
) -> None:
    text = PARAGRAPHS[0]
    start = units(text[: text.index("target")])
    range_select(reader, (anchors[0], start), (anchors[0], start + 1))
    reader.evaluate(
        """(anchor) => {
          const range = window.getSelection().getRangeAt(0);
          range.setEnd(document.querySelector(`#${anchor} > .pnum`), 0);
        }""",
        anchors[1],
    )
    stored = annotate_selection(reader, "Into the number")
    assert (stored.exact, stored.end_ordinal) == ("target words here.", 1)


# The random text's material, by kind: each kind shows in every generated text.
KINDS = {
    "ascii": ["the", "reading", "group", "argues", "over", "every", "footnote", "(p. 7)", "don't"],
    "composed accents": ["café", "naïve", "Ünïcödé", "résumé", "Ångström", "ñandú"],
    "decomposed accents": ["cafe\u0301", "nai\u0308ve", "e\u0301e\u0300", "A\u030angstro\u0308m"],
    "cjk": ["漢字", "かな交じり", "你好世界", "한국어", "𠮷野家"],
    "rtl": ["עברית", "שָׁלוֹם", "ברוך הבא", "مرحبا", "العربية"],
    "emoji": ["😀", "🎉", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "☺\ufe0f"],
    "skin tones": ["👍🏽", "👋🏿", "🧑🏻\u200d🎓"],
    "flags": ["🇺🇳", "🇯🇵", "🇧🇷", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"],
    "zwj sequences": ["👨\u200d👩\u200d👧", "👩🏿\u200d💻", "🏳\ufe0f\u200d🌈", "❤\ufe0f\u200d🔥"],
    "soft hyphens": ["extra\u00adordinary", "assem\u00adbly", "\u00adread\u00ad"],
}
# Between words: spaces, no-break spaces and tabs.
SEPARATORS = [" ", " ", " ", "\u00a0", "\t", " \t "]
CASES, BATCH = 300, 100
SEED_VARIABLE = "READINGGROUP_CODE_POINTS_SEED"


def random_paragraphs(chance: random.Random, count: int) -> list[str]:
    """`count` paragraphs of 6-24 words of every kind, each kind in the first one."""
    paragraphs = []
    for n in range(count):
        kinds = list(KINDS) if n == 0 else []
        kinds += chance.choices(list(KINDS), k=chance.randint(6, 24) - len(kinds))
        chance.shuffle(kinds)
        words = [chance.choice(KINDS[kind]) for kind in kinds]
        text = words[0]
        for word in words[1:]:
            text += chance.choice(SEPARATORS) + word
        paragraphs.append(text)
    return paragraphs


@dataclass(frozen=True)
class Case:
    """A selection from (paragraph index, code point) to (paragraph index, code point)."""

    first: int
    start: int
    last: int
    end: int

    def quote(self, paragraphs: list[str]) -> str:
        """What the server stores: the selected text, paragraphs joined by a newline."""
        if self.first == self.last:
            return paragraphs[self.first][self.start : self.end]
        middle = paragraphs[self.first + 1 : self.last]
        pieces = [paragraphs[self.first][self.start :], *middle, paragraphs[self.last][: self.end]]
        return "\n".join(pieces)

    def spans(self, paragraphs: list[str], anchors: list[str]) -> dict[str, list[list[int]]]:
        """The code-point spans of each paragraph the highlight should cover."""
        return {
            anchors[i]: [
                [
                    self.start if i == self.first else 0,
                    self.end if i == self.last else len(paragraphs[i]),
                ]
            ]
            for i in range(self.first, self.last + 1)
        }


def random_case(chance: random.Random, paragraphs: list[str]) -> tuple[Case, Case]:
    """A random selection within one paragraph or across two or three (code points), and the
    passage it must be stored as: a drag ending at offset 0 of a later paragraph ends at the
    end of the one before."""
    first = chance.randrange(len(paragraphs))
    last = min(len(paragraphs) - 1, first + chance.choice([0, 0, 0, 0, 1, 1, 2]))
    start = chance.randrange(len(paragraphs[first]))
    if first == last:
        end = chance.randint(start + 1, len(paragraphs[last]))
    else:
        end = 0 if chance.random() < 0.1 else chance.randint(1, len(paragraphs[last]))
    selected = Case(first, start, last, end)
    if last > first and end == 0:
        return selected, Case(first, start, last - 1, len(paragraphs[last - 1]))
    return selected, selected


# In the page: make each case's DOM Range and let the reader's own selection.js say which
# passage it is; then post the annotation form (fetched once) for each passage, as the page
# without JavaScript posts it (the answer, a redirect to the thread, is not followed). One post
# at a time: SQLite takes one writer.
ANNOTATE_IN_PAGE = """async ([cases]) => {
  const src = document.querySelector('script[type="module"][src*="/selection"]').src;
  const { currentPassage } = await import(src);
  const point = ([anchor, offset]) => {
    const text = document.querySelector(`#${anchor} > .text`);
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode(), left = offset;
    while (node && left > node.data.length) { left -= node.data.length; node = walker.nextNode(); }
    return [node, left];
  };
  const results = cases.map(({ start, end }) => {
    const range = document.createRange();
    range.setStart(...point(start));
    range.setEnd(...point(end));
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    // The selected text of each block, without the margins' numbers between blocks.
    const texts = [...document.querySelectorAll(".document-body .block > .text")]
      .filter((text) => range.intersectsNode(text))
      .map((text) => {
        const part = range.cloneRange();
        if (!text.contains(range.startContainer)) part.setStart(text, 0);
        if (!text.contains(range.endContainer)) part.setEnd(text, text.childNodes.length);
        return part.toString();
      });
    const passage = currentPassage();
    if (passage) delete passage.rect;
    return { texts, passage, status: 0 };
  });
  window.getSelection().removeAllRanges();
  const headers = { "HX-Request": "true" };
  const base = document.querySelector(".document").dataset.annotateUrl;
  const page = await fetch(`${base}?p=${cases[0].start[0]}`, { headers });
  const form = new DOMParser().parseFromString(await page.text(), "text/html")
    .querySelector("#annotate-form");
  for (const [n, { passage }] of results.entries()) {
    if (!passage) continue;
    const data = new FormData(form);
    data.set("start", passage.start.anchor);
    data.set("start_offset", passage.start.offset);
    data.set("end", passage.end.anchor);
    data.set("end_offset", passage.end.offset);
    data.set("body", cases[n].body);
    const action = form.getAttribute("action");
    const posted = await fetch(action, { method: "POST", body: data, redirect: "manual" });
    results[n].status = posted.type === "opaqueredirect" ? 302 : posted.status;
  }
  return results;
}"""

# After a reload: for each annotation id, the code-point spans its marks cover, per block.
DRAWN_SPANS = """() => {
  const drawn = {};
  for (const text of document.querySelectorAll(".document-body .block > .text")) {
    const anchor = text.parentElement.id;
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    let position = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = [...node.data].length;
      const mark = node.parentElement.closest("mark.hl");
      for (const id of mark ? mark.dataset.ids.split(" ") : []) {
        const spans = ((drawn[id] ??= {})[anchor] ??= []);
        const last = spans.at(-1);
        if (last && last[1] === position) last[1] += length;
        else spans.push([position, position + length]);
      }
      position += length;
    }
  }
  return drawn;
}"""


@pytest.fixture
def seed(request: pytest.FixtureRequest) -> int:
    """The random text's and selections' seed, new each run: $READINGGROUP_CODE_POINTS_SEED
    replays one."""
    chosen = int(os.environ.get(SEED_VARIABLE) or random.SystemRandom().randrange(2**32))
    # A failed test's report shows its sections: this one says how to replay it.
    request.node.add_report_section("call", "seed", f"Replay with {SEED_VARIABLE}={chosen}")
    return chosen


def test_random_selections_are_stored_and_drawn_as_selected(
    page: Page,
    seed: int,
    make_group: Callable[..., Group],
    make_member: Callable,
    sign_in: Callable,
    settings: Settings,
) -> None:
    """Hundreds of DOM Range selections at random code-point boundaries of random paragraphs
    (every kind in KINDS, no-break spaces and tabs between words), within and across
    paragraphs: the stored quote is the selected text, and after a reload the marks cover
    exactly the selected characters."""
    settings.READINGGROUP_POSTS_PER_MINUTE = CASES + 1
    chance = random.Random(seed)  # noqa: S311 -- test data, replayable by its seed
    paragraphs = random_paragraphs(chance, 14)
    document = Document.objects.create(title="Random text", slug="random-text", author="A")
    blocks = [Block(BlockKind.PARAGRAPH, text, escape_text(text)) for text in paragraphs]
    parsed = ParsedDocument(metadata=Metadata(title=document.title), blocks=blocks)
    store_revision(document=document, parsed=parsed, source_text="", source_format="text")
    group = make_group(documents=(document,))
    make_member("ana", groups=(group,))
    anchors = [p.anchor for p in Document.objects.get().revision.paragraphs.order_by("ordinal")]
    sign_in(page, "ana", f"/groups/{group.slug}/texts/random-text/")
    expected: dict[str, Case] = {}
    for batch in range(CASES // BATCH):
        cases = [random_case(chance, paragraphs) for _ in range(BATCH)]
        bodies = [f"Case {batch * BATCH + n}" for n in range(BATCH)]
        sent = [
            {
                "start": [anchors[at.first], units(paragraphs[at.first][: at.start])],
                "end": [anchors[at.last], units(paragraphs[at.last][: at.end])],
                "body": body,
            }
            for (at, _), body in zip(cases, bodies, strict=True)
        ]
        results = page.evaluate(ANNOTATE_IN_PAGE, [sent])
        for (selected, stored), body, result in zip(cases, bodies, results, strict=True):
            where = f"{body}: {selected} stored as {stored} (seed {seed})"
            assert "\n".join(result["texts"]) == selected.quote(paragraphs), where
            assert result["passage"] == {
                "start": {"anchor": anchors[stored.first], "offset": stored.start},
                "end": {"anchor": anchors[stored.last], "offset": stored.end},
            }, where
            assert result["status"] == HTTPStatus.FOUND, where
            expected[body] = stored
        placed = list(Annotation.objects.filter(body__startswith="Case "))
        assert len(placed) == len(expected)
        for annotation in placed:
            stored = expected[annotation.body]
            where = f"{annotation.body}: {stored} (seed {seed})"
            assert annotation.exact == stored.quote(paragraphs), where
            assert (annotation.start_ordinal, annotation.start_offset) == (
                stored.first + 1,
                stored.start,
            ), where
            assert (annotation.end_ordinal, annotation.end_offset) == (
                stored.last + 1,
                stored.end,
            ), where
        page.reload()
        expect(page.locator("mark.hl").first).to_be_attached()  # drawn (it may be only a tab)
        drawn = page.evaluate(DRAWN_SPANS)
        for annotation in placed:
            where = f"{annotation.body}: {expected[annotation.body]} (seed {seed})"
            spans = expected[annotation.body].spans(paragraphs, anchors)
            assert drawn.get(str(annotation.pk)) == spans, where
        assert len(drawn) == len(placed)
