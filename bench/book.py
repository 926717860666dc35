"""`make bench`'s book round (bench/run.py runs it): a 1,100-paragraph book of generated prose
with 300 annotations, re-imported with 20 % of its paragraphs replaced. Needs Django set up."""

import random
import time

from django.contrib.auth import get_user_model
from django.utils import timezone

from annotations.anchoring import quote_passage
from annotations.models import Annotation
from readinggroup.importing import import_text
from texts.models import Document

# A book's prose, generated: sentences from these words, different in every paragraph.
WORDS = {
    "noun": """reader group meeting chapter passage argument footnote question council strike
        union worker party organization movement history letter pamphlet method theory practice
        struggle demand leaflet assembly committee neighbourhood factory winter harvest road
        river city village newspaper speech minute agenda fate mass class word page margin
        teacher student mother father sister brother neighbour stranger crowd government
        office station market harbour bridge garden kitchen table window door school library
        hospital prison court church square street field forest mountain island coast border
        morning evening night summer autumn spring season year decade century moment hour
        promise lie truth story rumour memory dream plan mistake victory defeat silence noise
        bread wage rent debt price tax law rule vote election leader member delegate editor
        printer engineer miner sailor farmer soldier clerk nurse judge witness prisoner
        machine engine wheel hammer rope lamp candle coat boot glass stone iron coal salt""",
    "verb": """reads argues writes questions doubts remembers answers follows changes builds
        breaks organizes divides joins leaves names explains weighs rejects defends revises
        carries finds loses keeps opens closes watches hears sees counts measures repairs
        describes forgets forgives betrays protects attacks praises blames welcomes refuses
        accepts signs prints sells buys borrows lends teaches learns tells hides shows""",
    "adjective": """slow early careful open quiet patient long short bitter common local
        general new old plain difficult hidden public private heavy brief whole narrow wide
        cold warm bright dark loud gentle angry tired hungry proud honest strange familiar
        distant nearby broken empty crowded silent sudden final first last young ancient
        rough smooth sharp simple complex grey green red golden wooden""",
    "adverb": """slowly quickly carefully openly quietly patiently suddenly finally rarely
        often always never again together alone already still almost nearly hardly""",
    "link": "and but so while because although until since when after before unless though",
    "place": """in on under after before against beside through without across behind near
        toward around beyond during among""",
}
VOCABULARY = {kind: words.split() for kind, words in WORDS.items()}
BOOK_PARAGRAPHS, BOOK_ANNOTATIONS, BOOK_REPLACED = 1100, 300, 0.20


def book_sentence(rng: random.Random) -> str:
    """A sentence: a clause (who, did what, where; 6 to 16 words), sometimes a few joined by
    "and", "but", "because"…"""

    def word(kind: str) -> str:
        return rng.choice(VOCABULARY[kind])

    def phrase() -> list[str]:
        words = [rng.choice(["the", "the", "a", "this", "that", "every", "no", "her", "his"])]
        if rng.random() < 0.6:
            words.append(word("adjective"))
        words.append(word("noun"))
        if rng.random() < 0.25:
            words += ["of", "the", word("noun")]
        return words

    def clause() -> str:
        words = phrase()
        if rng.random() < 0.3:
            words.append(word("adverb"))
        words += [word("verb"), *phrase()]
        if rng.random() < 0.6:
            words += [word("place"), *phrase()]
        return " ".join(words)

    text = clause()
    while rng.random() < 0.45 and len(text) < 200:
        text += f"{rng.choice([',', ';', ''])} {word('link')} {clause()}"
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", ".", "?", "!"])


def book_paragraph(rng: random.Random) -> str:
    """A paragraph of 2 to 9 sentences (about 100 to 1,500 characters, 500 on average)."""
    return " ".join(book_sentence(rng) for _ in range(rng.randint(2, 9)))


def book_annotations(document: Document, rng: random.Random) -> list[Annotation]:
    """BOOK_ANNOTATIONS notes (unsaved) on passages of 3 to 12 words from a random word on, one
    in ten running on into the next paragraph."""
    author = get_user_model().objects.create_user("book-reader")
    revision = document.revision
    paragraphs = list(revision.paragraphs.order_by("ordinal").only("pk", "ordinal", "text"))
    now, notes = timezone.now(), []
    for _ in range(BOOK_ANNOTATIONS):
        first = rng.randrange(len(paragraphs) - 1)
        across = rng.random() < 0.1
        passage = paragraphs[first : first + 1 + across]
        starts = [0] + [n + 1 for n, c in enumerate(passage[0].text) if c == " "]
        start = rng.choice(starts[: len(starts) // 2 + 1])
        last = passage[-1].text
        if across:
            end = rng.choice([n for n, c in enumerate(last) if c == " "][:12])
        else:
            ends = [n for n, c in enumerate(last) if c == " " and n > start] + [len(last)]
            end = ends[min(len(ends) - 1, rng.randint(2, 11))]
        before = paragraphs[first - 1].text if first else ""
        after = (
            paragraphs[first + len(passage)].text if first + len(passage) < len(paragraphs) else ""
        )
        quote = quote_passage([p.text for p in passage], start, end, before=before, after=after)
        notes.append(
            Annotation(
                author=author,
                document=document,
                revision=revision,
                visibility="private",
                start_paragraph=passage[0],
                end_paragraph=passage[-1],
                start_ordinal=passage[0].ordinal,
                end_ordinal=passage[-1].ordinal,
                start_offset=start,
                end_offset=end,
                exact=quote.exact,
                prefix=quote.prefix,
                suffix=quote.suffix,
                body="A note on the book",
                body_html="<p>A note on the book</p>",
                created_at=now,
                updated_at=now,
            )
        )
    return notes


def bench_book() -> dict:
    """Re-anchoring 300 annotations on a 1,100-paragraph book after 20 % of its paragraphs are
    replaced by new text: three contiguous chapters' worth and single ones scattered."""
    rng = random.Random(1100)
    paragraphs = [book_paragraph(rng) for _ in range(BOOK_PARAGRAPHS)]
    book = "A Bench Book\n\n" + "\n\n".join(paragraphs) + "\n"
    imported = import_text(data=book.encode(), source_format="text", slug="book")
    if imported.revision.paragraphs.count() != BOOK_PARAGRAPHS:
        raise SystemExit("The generated book did not import as 1,100 paragraphs.")
    notes = book_annotations(imported.document, rng)
    Annotation.objects.bulk_create(notes)
    # 20 %: chunks of 30, 40 and 50 paragraphs in three different stretches, then single
    # paragraphs anywhere else (ordinals from 1).
    replaced: set[int] = set()
    for third, size in enumerate((30, 40, 50)):
        low = 1 + third * BOOK_PARAGRAPHS // 3
        start = rng.randrange(low, low + BOOK_PARAGRAPHS // 3 - size)
        replaced.update(range(start, start + size))
    goal = round(BOOK_PARAGRAPHS * BOOK_REPLACED)
    others = [n for n in range(1, BOOK_PARAGRAPHS + 1) if n not in replaced]
    replaced.update(rng.sample(others, goal - len(replaced)))
    edited = [
        book_paragraph(rng) if ordinal in replaced else paragraph
        for ordinal, paragraph in enumerate(paragraphs, start=1)
    ]
    corrected = "A Bench Book\n\n" + "\n\n".join(edited) + "\n"
    started = time.perf_counter()
    second = import_text(data=corrected.encode(), source_format="text", slug="book")
    seconds = time.perf_counter() - started
    placed = second.revision.reanchoring
    # Notes whose words were all replaced have nowhere to go: each one placed is a false find.
    gone = [n.pk for n in notes if set(range(n.start_ordinal, n.end_ordinal + 1)) <= replaced]
    return {
        "paragraphs": BOOK_PARAGRAPHS,
        "replaced": len(replaced),
        "annotations": len(notes),
        "on_replaced_paragraphs": len(gone),
        "placed_though_replaced": Annotation.objects.filter(pk__in=gone)
        .exclude(anchor_status="orphan")
        .count(),
        "seconds": round(seconds, 2),
        **{status: placed[status] for status in ("exact", "moved", "fuzzy", "orphan")},
    }


def print_book(book: dict) -> None:
    """The book round's line, as the other import rounds print theirs."""
    print(
        f"re-import of a {book['paragraphs']:,}-paragraph book, {book['replaced']} paragraphs "
        f"replaced, {book['annotations']} annotations: {book['seconds']} s ({book['exact']} in "
        f"place, {book['moved']} moved, {book['fuzzy']} fuzzy, {book['orphan']} orphaned; "
        f"{book['placed_though_replaced']} of the {book['on_replaced_paragraphs']} whose words "
        "were all replaced were placed anyway)"
    )
