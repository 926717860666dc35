"""What the reader page and its side panel show, each in a constant number of queries.

The page itself carries only what drawing highlights and margin counts needs (one query of
positions, no bodies); thread bodies load into the side panel on demand.
"""

from collections import Counter
from dataclasses import dataclass
from functools import partial
from html import escape

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.urls import reverse

from annotations import permissions
from annotations.models import Annotation, AnnotationQuerySet, Tag
from annotations.threads import ThreadNode, build_threads
from texts.models import Document, Paragraph, Revision
from texts.reading import render_blocks, table_of_contents

User = AbstractBaseUser | AnonymousUser
LIST_PAGE_SIZE = 50
MOTIVATION_CODES = {"comment": "c", "question": "q", "highlight": "h"}


@dataclass(frozen=True)
class Listing:
    """The side panel's list of a document's threads, filtered."""

    page: Page
    member: str
    tag: str
    kind: str
    members: list[AbstractBaseUser]
    tags: list[str]


def reader_context(document: Document, user: User) -> dict:
    """The page: blocks, contents, highlight positions, margin counts, document-level threads."""
    revision = document.current_revision
    paragraphs = list(revision.paragraphs.all()) if revision else []
    annotations = (
        permissions.visible_annotations(user, Annotation.objects.for_revision(revision))
        if revision
        else Annotation.objects.none()
    )
    highlights, counts = positions(annotations, paragraphs)
    comments = list(annotations.document_level().with_display())
    can_annotate = permissions.can_annotate(user, document)
    annotate_url = reverse("annotations:annotate", args=[document.slug])
    paragraph_url = reverse("annotations:paragraph", args=[document.slug, "p-0"])[: -len("p-0/")]
    margin = partial(
        _margin, counts=counts, can_annotate=can_annotate,
        annotate_url=annotate_url, paragraph_url=paragraph_url,
    )  # fmt: skip
    return {
        "document": document,
        "revision": revision,
        "blocks_html": render_blocks(paragraphs, margin),
        "contents": table_of_contents(paragraphs),
        "highlights": highlights,
        "comment_threads": build_threads(comments, user),
        "comment_count": sum(1 for c in comments if not c.is_deleted),
        "can_annotate": can_annotate,
        "annotate_url": annotate_url,
        "paragraph_url": paragraph_url,
    }


def _margin(
    paragraph: Paragraph,
    *,
    counts: Counter,
    can_annotate: bool,
    annotate_url: str,
    paragraph_url: str,
) -> str:
    """A block's right margin: its annotation count (opening its threads) and an annotate link."""
    anchor = escape(paragraph.anchor)
    html = ['<span class="margin">']
    if count := counts.get(paragraph.ordinal, 0):
        label = f"{count} annotation{'s' if count != 1 else ''}"
        html.append(
            f'<a class="count" href="{paragraph_url}{anchor}/" aria-label="{label}">{count}</a>'
        )
    if can_annotate:
        html.append(
            f'<a class="annotate-link" href="{annotate_url}?p={anchor}" '
            f'aria-label="Annotate paragraph {paragraph.ordinal}">+</a>'
        )
    html.append("</span>")
    return "".join(html)


def positions(
    annotations: AnnotationQuerySet, paragraphs: list[Paragraph]
) -> tuple[list[list], Counter]:
    """Highlight ranges of thread roots, and annotation counts per paragraph.

    Two small queries rather than one of every annotation: counts are grouped by passage in the
    database (an index-only scan), and only thread roots are fetched for highlights.
    """
    anchors = {p.ordinal: p.anchor for p in paragraphs}
    on_passages = annotations.filter(start_ordinal__isnull=False)
    spans = (
        on_passages.filter(deleted_at__isnull=True)
        .values_list("start_ordinal", "end_ordinal")
        .annotate(total=Count("pk"))
        .order_by()
    )
    counts: Counter = Counter()
    for start, end, total in spans:
        if start == end:
            counts[start] += total
        else:
            for ordinal in range(start, end + 1):
                counts[ordinal] += total
    roots = on_passages.filter(root__isnull=True).values_list(
        "pk", "start_ordinal", "start_offset", "end_ordinal", "end_offset", "motivation"
    )
    highlights = [
        [pk, anchors[start], start_offset, anchors[end], end_offset, MOTIVATION_CODES[motivation]]
        for pk, start, start_offset, end, end_offset, motivation in roots.order_by()
        if start in anchors and end in anchors
    ]
    return highlights, counts


def changes_around(annotation: Annotation, root: Annotation | None, user: User) -> dict:
    """After a write: the margin counts of the passage's paragraphs, and its thread's highlight."""
    revision_annotations = permissions.visible_annotations(
        user, Annotation.objects.for_revision(annotation.revision_id)
    )
    start, end = annotation.start_ordinal, annotation.end_ordinal
    paragraphs = list(
        Paragraph.objects.filter(
            revision_id=annotation.revision_id, ordinal__gte=start, ordinal__lte=end
        ).only("ordinal", "anchor")
    )
    around = revision_annotations.filter(start_ordinal__lte=end, end_ordinal__gte=start)
    highlights, counts = positions(around, paragraphs)
    root_id = annotation.root_id or annotation.pk
    return {
        "counts": {p.anchor: counts.get(p.ordinal, 0) for p in paragraphs},
        "highlights": [h for h in highlights if h[0] == root_id],
        "removed": [] if root is not None else [root_id],
    }


def paragraph_threads(paragraph: Paragraph, user: User) -> list[ThreadNode]:
    """Every thread whose passage includes `paragraph`, in text order, in two queries."""
    annotations = permissions.visible_annotations(user, Annotation.objects.for_paragraph(paragraph))
    return build_threads(list(annotations.with_display().in_text_order()), user)


def thread(root_id: int, user: User) -> list[ThreadNode]:
    """One whole thread, root and replies, in two queries."""
    annotations = permissions.visible_annotations(user, Annotation.objects.in_thread(root_id))
    return build_threads(list(annotations.with_display()), user)


def listing(
    revision: Revision, user: User, *, member: str, tag: str, kind: str, page: str
) -> Listing:
    """A page of the document's threads in text order, filtered by member, tag and kind."""
    visible = permissions.visible_annotations(user, Annotation.objects.for_revision(revision))
    roots = visible.threads().filter(deleted_at__isnull=True)
    if member:
        roots = roots.filter(author__username=member)
    if tag:
        roots = roots.filter(tags__name=tag)
    if kind in Annotation.Motivation.values:
        roots = roots.filter(motivation=kind)
    page_of_roots = Paginator(roots.with_display().in_text_order(), LIST_PAGE_SIZE).get_page(page)
    # Reply counts for this page's threads only: counting them for every thread before
    # paginating cost 75 ms at 20,000 annotations.
    replies = dict(
        visible.filter(root__in=[r.pk for r in page_of_roots], deleted_at__isnull=True)
        .values_list("root_id")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for root in page_of_roots:
        root.reply_total = replies.get(root.pk, 0)
    authors = visible.exclude(author=None).values("author_id").distinct()
    return Listing(
        page=page_of_roots,
        member=member,
        tag=tag,
        kind=kind,
        members=list(get_user_model().objects.filter(pk__in=authors).order_by("username")),
        tags=list(
            Tag.objects.filter(annotations__in=visible).distinct().values_list("name", flat=True)
        ),
    )
