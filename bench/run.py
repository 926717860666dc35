"""`make bench`: server time, queries and size of the reader's pages at scale.

Builds, in a throwaway database, a 5,000-paragraph document with 20,000 annotations in threads
up to 6 deep, and the same document with none; measures the document page, the side panel of a
paragraph and a thread permalink; then imports: a 5 MB text, re-imported after a 5 % edit with
10,000 annotations on it, and a 1,100-paragraph book with 300 annotations re-imported with 20 %
of its paragraphs replaced; last, a burst of 200 replies from 50 members at once through
gunicorn (bench/burst.py). Prints a table and writes bench/results.json.

    make bench                      # SQLite in a temporary file
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/readinggroup_bench make bench
"""

import json
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
WORK = tempfile.mkdtemp(prefix="readinggroup-bench-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{WORK}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readinggroup.settings")
os.environ["DJANGO_DEBUG"] = "true"
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from annotations.anchoring import quote_passage  # noqa: E402
from annotations.models import Annotation  # noqa: E402
from bench.book import bench_book, print_book  # noqa: E402
from bench.burst import bench_burst, print_burst  # noqa: E402
from groups.models import Group, GroupDocument, Membership  # noqa: E402
from meetings.services import create_meeting  # noqa: E402
from readinggroup.importing import import_text  # noqa: E402
from texts.importers.parsed import Block, BlockKind, Metadata, ParsedDocument  # noqa: E402
from texts.models import Document  # noqa: E402
from texts.rendering import escape_text  # noqa: E402
from texts.services import store_revision  # noqa: E402

PARAGRAPHS = int(os.environ.get("BENCH_PARAGRAPHS", "5000"))
ANNOTATIONS = int(os.environ.get("BENCH_ANNOTATIONS", "20000"))
MAX_DEPTH = 6
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
SENTENCE = (
    "The daily struggles of the workers against the capitalists do not develop to the point "
    "where the class is sufficiently organized and conscious to undertake the revolutionary "
    "reconstruction of society. "
)


def make_document(slug: str) -> Document:
    document = Document.objects.create(title=f"Bench {slug}", slug=slug)
    blocks = [
        Block(BlockKind.HEADING, f"Section {n}", escape_text(f"Section {n}"), level=1)
        if n % 25 == 1
        else Block(BlockKind.PARAGRAPH, f"{n}. {SENTENCE * 2}", escape_text(f"{n}. {SENTENCE * 2}"))
        for n in range(1, PARAGRAPHS + 1)
    ]
    parsed = ParsedDocument(metadata=Metadata(title=document.title), blocks=blocks)
    store_revision(document=document, parsed=parsed, source_text="(bench)", source_format="text")
    return Document.objects.with_current_revision().get(pk=document.pk)


def annotate(document: Document, group: Group, count: int) -> list[int]:
    """Threads of depths 1 to 6 spread over the text, bulk-inserted level by level."""
    users = [
        get_user_model().objects.create_user(f"bench{n}", first_name=f"Reader {n}")
        for n in range(20)
    ]
    Membership.objects.bulk_create([Membership(group=group, user=u) for u in users])
    revision = document.current_revision
    paragraphs = list(revision.paragraphs.only("pk", "ordinal", "text"))
    now = timezone.now()
    roots, thread_sizes, made = [], [], 0
    while made < count:
        size = min(1 + len(roots) % MAX_DEPTH, count - made)
        thread_sizes.append(size)
        made += size
        p = paragraphs[(len(roots) * 7) % len(paragraphs)]
        start = (len(roots) * 13) % 80
        roots.append(
            Annotation(
                author=users[len(roots) % 20],
                document=document,
                revision=revision,
                group=group,
                start_paragraph=p,
                end_paragraph=p,
                start_ordinal=p.ordinal,
                end_ordinal=p.ordinal,
                start_offset=start,
                end_offset=start + 40,
                exact=p.text[start : start + 40],
                motivation="question" if len(roots) % 5 == 0 else "comment",
                body=f"A point about this passage, number {len(roots)}.",
                body_html=f"<p>A point about this passage, number {len(roots)}.</p>",
                created_at=now,
                updated_at=now,
            )
        )
    roots = Annotation.objects.bulk_create(roots, batch_size=2000)
    parents = roots
    for depth in range(1, MAX_DEPTH):
        level = [
            Annotation(
                author=users[(i + depth) % 20],
                document=document,
                revision=revision,
                group=group,
                start_paragraph_id=r.start_paragraph_id,
                end_paragraph_id=r.end_paragraph_id,
                start_ordinal=r.start_ordinal,
                end_ordinal=r.end_ordinal,
                start_offset=r.start_offset,
                end_offset=r.end_offset,
                parent=parent,
                root=r,
                body=f"Reply at depth {depth}.",
                body_html=f"<p>Reply at depth {depth}.</p>",
                created_at=now,
                updated_at=now,
            )
            for i, (r, parent, size) in enumerate(zip(roots, parents, thread_sizes, strict=True))
            if size > depth
        ]
        created = iter(Annotation.objects.bulk_create(level, batch_size=2000))
        parents = [
            next(created) if size > depth else p
            for p, size in zip(parents, thread_sizes, strict=True)
        ]
    return [r.pk for r in roots]


def measure(client: Client, url: str, status: int = 200, **headers: str) -> dict:
    timings, queries, size = [], 0, 0
    client.get(url, headers=headers)  # warm caches and connections
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            timings.append(time.perf_counter() - started)
        if response.status_code != status:
            raise SystemExit(f"{url} answered {response.status_code}: the bench cannot go on.")
        queries, size = len(captured), len(response.content)
    return {
        "median_ms": round(statistics.median(timings) * 1000, 1),
        "queries": queries,
        "bytes": size,
    }


def bench_imports() -> dict:
    """Importing a generated 5 MB text, and re-anchoring 10,000 annotations after a 5 % edit."""
    # Varied paragraphs (seeded): a text that repeats itself would place quotes by coincidence.
    words = SENTENCE.lower().replace(".", "").split() * 3
    rng = random.Random(7)
    paragraphs = [
        f"Paragraph {n}. " + " ".join(rng.sample(words, len(words))) + "." for n in range(1, 50_000)
    ]
    text, size = "", 0
    for n, paragraph in enumerate(paragraphs):
        size += len(paragraph) + 2
        if size > 5 * 2**20:
            paragraphs = paragraphs[:n]
            break
    text = "Big Text\n\n" + "\n\n".join(paragraphs) + "\n"
    tracemalloc.start()
    started = time.perf_counter()
    imported = import_text(data=text.encode(), source_format="text", slug="big")
    import_seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    revision = imported.revision
    author = get_user_model().objects.create_user("reanchor")
    by_ordinal = {p.ordinal: p for p in revision.paragraphs.only("pk", "ordinal", "text")}
    now = timezone.now()
    notes = []
    for n in range(10_000):
        p = by_ordinal[1 + (n * 7) % len(by_ordinal)]
        start = (n * 13) % 200
        quote = quote_passage([p.text], start, start + 30)
        notes.append(
            Annotation(
                author=author,
                document=imported.document,
                revision=revision,
                visibility="private",
                start_paragraph=p,
                end_paragraph=p,
                start_ordinal=p.ordinal,
                end_ordinal=p.ordinal,
                start_offset=start,
                end_offset=start + 30,
                exact=quote.exact,
                prefix=quote.prefix,
                suffix=quote.suffix,
                body="Note",
                body_html="<p>Note</p>",
                created_at=now,
                updated_at=now,
            )
        )
    Annotation.objects.bulk_create(notes, batch_size=2000)
    # A 5 % edit: one paragraph in twenty gets a word changed, and one in a hundred is new.
    edited = []
    for n, paragraph in enumerate(paragraphs):
        if n % 100 == 0:
            edited.append(f"An inserted paragraph before {n}.")
        edited.append(paragraph.replace("workers", "labourers", 1) if n % 20 == 0 else paragraph)
    corrected = "Big Text\n\n" + "\n\n".join(edited) + "\n"
    started = time.perf_counter()
    second = import_text(data=corrected.encode(), source_format="text", slug="big")
    reimport_seconds = time.perf_counter() - started
    placed = second.revision.reanchoring
    return {
        "import_5mb": {
            "bytes": len(text.encode()),
            "paragraphs": len(paragraphs),
            "seconds": round(import_seconds, 2),
            "peak_memory_mb": round(peak / 2**20, 1),
        },
        "reimport_with_10000_annotations": {
            "seconds": round(reimport_seconds, 2),
            **{status: placed[status] for status in ("exact", "moved", "fuzzy", "orphan")},
        },
    }


def bench_markdown() -> dict:
    """CPU ms (best of 5) to render the worst 10,000-character Markdown bodies found (issue 13)."""
    from annotations.rendering import MAX_BODY_LENGTH, render_markdown  # noqa: PLC0415

    n = MAX_BODY_LENGTH
    units = {
        "[ x5000 then ] x5000": "[" * (n // 2) + "]" * (n // 2),
        "[ x10000": "[",
        "![ x5000": "![",
        "![ x2500 then ] x5000": "![" * (n // 4) + "]" * (n // 2),
        "[a][b (references)": "[a][b",
        "[a]( (link openers)": "[a](",
        "[a](x (open destinations)": "[a](x",
        "[[[[]( (nested openers)": "[[[[](",
        "* x10000": "*",
        "*a (emphasis runs)": "*a",
        "*_ (mixed emphasis)": "*_",
        "a_ (intraword underscores)": "a_",
        "` x10000": "`",
        "backtick runs": "".join("`" * k + "a" for k in range(1, 140)),
        "> x10000 (quotes)": ">",
        "nested lists": "".join("  " * i + "- a\n" for i in range(140)),
        "<http://a (autolinks)": "<http://a",
        "http://a.b (linkify)": "http://a.b ",
        "a@b.cd (e-mails)": "a@b.cd ",
        "&#x26; (entities)": "&#x26;",
        "table, one column": "|a|\n|-|\n" + "|a|\n" * (n // 4),
        "table, 50 columns": "|a" * 50 + "|\n" + "|-" * 50 + "|\n" + ("|a" * 50 + "|\n") * 99,
        "# a (headings)": "# a\n",
        "prose": SENTENCE,
    }
    results = {}
    print(f"\n{'Markdown body, 10,000 characters':38} {'CPU ms':>10}")
    for name, unit in units.items():
        body = (unit * (n // len(unit) + 1))[:n]
        best = float("inf")
        for _ in range(5):
            started = time.process_time()
            render_markdown(body)
            best = min(best, time.process_time() - started)
        results[name] = round(best * 1000, 1)
        print(f"{name:38} {results[name]:>10}{'  over 100 ms' if best > 0.1 else ''}")
    return results


def main() -> None:
    print(f"Database: {connection.vendor}; {PARAGRAPHS} paragraphs x2, {ANNOTATIONS} annotations…")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    empty = make_document("empty")
    full = make_document("annotated")
    group = Group.objects.create(name="Bench circle", slug="bench", visibility="private")
    GroupDocument.objects.bulk_create(
        [GroupDocument(group=group, document=empty), GroupDocument(group=group, document=full)]
    )
    roots = annotate(full, group, ANNOTATIONS)
    built = time.perf_counter() - started
    print(f"  built in {built:.1f}s ({Annotation.objects.count()} annotations)")
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench1"))
    planner = Client()
    planner.force_login(get_user_model().objects.get(username="bench0"))
    Membership.objects.filter(user__username="bench0").update(role="facilitator")
    meeting = create_meeting(
        group=group,
        by=get_user_model().objects.get(username="bench0"),
        title="Bench meeting",
        document=full,
        starts_at=timezone.now(),
        range_start=1,
        range_end=PARAGRAPHS,
    )
    middle = f"p-{PARAGRAPHS // 2}"
    deep_root = roots[MAX_DEPTH - 1]
    deepest = Annotation.objects.filter(root_id=deep_root).order_by("-pk").first()
    reading = f"/groups/{group.slug}/texts/{full.slug}/"
    newest = Annotation.objects.order_by("-pk").values_list("pk", flat=True).first()
    htmx = {"HX_Request": "true"}
    rows = {
        "document page, no annotations": measure(client, f"/groups/{group.slug}/texts/empty/"),
        "document page, 20,000 annotations": measure(client, reading),
        "paragraph panel (htmx)": measure(client, f"{reading}paragraphs/{middle}/", **htmx),
        "thread permalink (6 deep)": measure(client, f"/annotations/{deepest.pk}/"),
        "annotations list, page 1": measure(client, f"{reading}annotations/", **htmx),
        "live poll, nothing new (304)": measure(client, f"{reading}poll/?after={newest}", 304),
        "live poll, 50 new": measure(client, f"{reading}poll/?after={newest - 50}"),
        "agenda page with suggestions": measure(planner, meeting.get_absolute_url()),
    }
    base = rows["document page, no annotations"]["median_ms"]
    ratio = round(rows["document page, 20,000 annotations"]["median_ms"] / base, 2)
    print(f"\n{'page':38} {'median ms':>10} {'queries':>8} {'bytes':>10}")
    for name, row in rows.items():
        print(f"{name:38} {row['median_ms']:>10} {row['queries']:>8} {row['bytes']:>10,}")
    print(f"\nannotated / empty document page: {ratio}x (budget 1.5x)")
    results = {
        "database": connection.vendor,
        "paragraphs": PARAGRAPHS,
        "annotations": ANNOTATIONS,
        "runs": RUNS,
        "pages": rows,
        "annotated_to_empty_ratio": ratio,
    }
    imports = bench_imports()
    big, again = imports["import_5mb"], imports["reimport_with_10000_annotations"]
    print(
        f"\nimport of a {big['bytes'] / 2**20:.1f} MB text ({big['paragraphs']} paragraphs): "
        f"{big['seconds']} s, peak Python memory {big['peak_memory_mb']} MB"
    )
    print(
        f"re-import after a 5 % edit, 10,000 annotations: {again['seconds']} s "
        f"({again['exact']} in place, {again['moved']} moved, {again['fuzzy']} fuzzy, "
        f"{again['orphan']} orphaned)"
    )
    imports["reimport_book_20_percent_replaced"] = book = bench_book()
    print_book(book)
    results["imports"] = imports
    results["burst"] = burst = bench_burst(empty)
    print_burst(burst)
    results["markdown_worst_cases_ms"] = bench_markdown()
    (BASE_DIR / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print("Written to bench/results.json")


if __name__ == "__main__":
    main()
