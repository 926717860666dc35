"""What the reader page and its side panel show, each in a constant number of queries.

A document is read in a group's context: the page shows that group's discussion, the reader's
own private notes and the comments that came with the document. The page itself carries only
what drawing highlights and margin counts needs (positions, no bodies); thread bodies load into
the side panel on demand.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypedDict

from django.conf import settings
from django.db.models import Count, Max, Q
from django.forms import Form
from django.urls import reverse

from annotations import forms, margins, permissions
from annotations.models import Annotation, AnnotationQuerySet
from annotations.threads import ThreadNode, build_threads, by_reactions
from groups import permissions as group_permissions
from groups.models import Group, GroupDocument
from texts.models import Document, Paragraph, Revision
from texts.reading import render_blocks, table_of_contents

Reader = permissions.Reader
MOTIVATION_CODES = {"comment": "c", "question": "q", "highlight": "h"}
# A thread's highlight as the page draws it: id, start anchor and offset, end anchor and
# offset, and its kind's code (offsets as their columns hold them: set on every passage).
Highlight = list[int | str | None]


class Changes(TypedDict, total=False):
    """What the page redraws after a write or a live poll (highlights.js, applyChanges)."""

    counts: dict[str, int]  # the margin count of each paragraph, by anchor
    highlights: list[Highlight]
    removed: list[int]  # the threads whose highlights go
    latest: int  # the newest annotation's id


@dataclass(frozen=True)
class Context:
    """Where a page is being read: the document, the group, who reads, the group's reading-list
    `entry` for the document (whose "post before you peek" may keep notes from the reader), and
    the other groups reading it that the reader may switch to."""

    document: Document
    group: Group | None
    viewer: permissions.Viewer
    entry: GroupDocument | None = None
    reading_groups: list[Group] = field(default_factory=list)

    @property
    def user(self) -> Reader:
        return self.viewer.user

    def in_view(self, *, with_orphans: bool = False) -> AnnotationQuerySet:
        """Readable, and in this group's context, before the reveal rule: on the current
        revision, and `with_orphans` on earlier ones too. A re-import moves everything it
        places onto the new revision, so what stays on an earlier one is an orphaned thread:
        its root, its replies, and the replies written to it since."""
        revision = self.document.current_revision
        if revision is None:  # a document saved without its text has nothing on it
            return Annotation.objects.none()
        if with_orphans:
            placed = Annotation.objects.for_document(self.document)
        else:
            placed = Annotation.objects.for_revision(revision)
        return placed.in_reading(self.group, self.user)

    def annotations(self, *, with_orphans: bool = False) -> AnnotationQuerySet:
        """The annotations this page may show: every read path goes through here."""
        return self.in_view(with_orphans=with_orphans).not_held_back_from(self.user, self.entry)

    def counted(self, *, with_orphans: bool = False) -> AnnotationQuerySet:
        """What counts, highlights and lists show: hidden posts only to moderators."""
        shown = self.annotations(with_orphans=with_orphans)
        return shown if self.viewer.moderates else shown.not_hidden()

    def orphans(self) -> AnnotationQuerySet:
        """The roots of the threads a re-import could not place on this revision (tombstones
        and hidden ones included, as the panel shows them): kept on the revision they were
        made on, with their original quote."""
        orphans = self.annotations(with_orphans=True).orphans().threads()
        return orphans.exclude(revision=self.document.current_revision_id)

    def held_back(self) -> AnnotationQuerySet:
        """What the reveal rule keeps from the reader, to count it ("4 notes hidden")."""
        return self.in_view().held_back_from(self.user, self.entry)

    def threads(self, annotations: AnnotationQuerySet) -> list[ThreadNode]:
        shown = annotations.with_display().with_discussed(self.group)
        return build_threads(list(shown), self.viewer, self.group.pk if self.group else None)

    @property
    def can_annotate(self) -> bool:
        return self.group is not None and self.group.pk in self.viewer.posting_groups

    def urls(self) -> dict[str, str]:
        """The document's URLs in this context, reversed once for the thousands of blocks."""
        if self.group is None:
            return {}
        args = [self.group.slug, self.document.slug]
        return {
            "document_url": reverse("annotations:document", args=args),
            "annotate_url": reverse("annotations:annotate", args=args),
            "comment_url": reverse("annotations:comment", args=args),
            "list_url": reverse("annotations:list", args=args),
            "paragraph_url": reverse("annotations:paragraph", args=[*args, "p-0"])[: -len("p-0/")],
            "mentions_url": reverse("annotations:members", args=[self.group.slug]),
        }


def context_for(document: Document, group: Group | None, user: Reader) -> Context:
    """Reading `document` in `group`'s context; the reading-list entries of the group and of
    the other groups reading it that `user` may see come in one query."""
    viewer = permissions.viewer(user, group)
    if group is None:
        return Context(document=document, group=group, viewer=viewer)
    visible = group_permissions.groups_visible_to(user)
    entries = (
        GroupDocument.objects.filter(Q(group=group) | Q(group__in=visible), document=document)
        .select_related("group")
        .order_by("group__name", "group_id")
    )
    entry, others = None, []
    for found in entries:
        if found.group_id == group.pk:
            entry, found.group = found, group  # the one already fetched, with the reader's role
        else:
            others.append(found.group)
    return Context(document, group, viewer, entry=entry, reading_groups=others)


def reader_context(context: Context, assigned: range | None = None) -> dict[str, Any]:
    """The page: blocks, contents, highlight positions, margin counts, document-level threads;
    `assigned` marks a meeting's reading assignment."""
    document, revision = context.document, context.document.current_revision
    paragraphs = list(revision.paragraphs.all()) if revision else []
    counts, latest, orphan_total = _counts_and_orphans(context)
    highlights = _highlights(context.counted().threads(), paragraphs)
    held_counts = positions(context.held_back(), paragraphs, highlights=False)[1]
    comments = context.threads(context.annotations().document_level())
    urls = context.urls()
    can_annotate = context.can_annotate
    margin = partial(
        margins.margin, counts=counts, held=held_counts, can_annotate=can_annotate, urls=urls
    )
    return {
        "document": document,
        "group": context.group,
        "revision": revision,
        "paragraphs": {p.anchor: p for p in paragraphs},
        "blocks_html": render_blocks(paragraphs, margin if urls else None, assigned),
        "assigned": assigned,
        "contents": table_of_contents(paragraphs),
        "highlights": highlights,
        "comment_threads": comments,
        "comment_count": _count(comments),
        "can_annotate": can_annotate,
        "reading_groups": context.reading_groups,
        "held_total": sum(held_counts.values()),
        # The orphaned threads the reader may see now, whichever re-import left them.
        "orphan_total": orphan_total,
        "density": margins.density(paragraphs, counts),
        "can_moderate": context.viewer.moderates,
        "can_plan": context.viewer.moderates,
        "latest_id": max(latest, _newest(comments)),
        "reading_entry": context.entry,
        "poll_seconds": settings.READINGGROUP_POLL_SECONDS,
        **thread_forms(context),
        **urls,
    }


def thread_forms(context: Context) -> dict[str, Form]:
    """One unbound form of each kind for the page: the forms under every annotation draw their
    controls from these (``{% control %}``), as binding a form per annotation would cost more
    than the page itself."""
    mentions = context.urls().get("mentions_url", "")
    return {
        "comment_form": forms.CommentForm(group=context.group, mentions_url=mentions),
        "reply_form": forms.ReplyForm(mentions_url=mentions),
        "edit_form": forms.EditForm(),
        "flag_form": forms.FlagForm(),
        "moderate_form": forms.ModerateForm(),
    }


@dataclass(frozen=True)
class Destination:
    """Where a write went, told to the writer when the page they wrote on does not show it as
    theirs alone or does not show it at all."""

    message: str
    link_text: str
    url: str


def destination(context: Context, annotation: Annotation) -> Destination | None:
    """Where `annotation` went, when that is not plainly the discussion being read: another
    group's discussion (which this page does not show), or the writer's private notes (shown
    among the group's threads, but read by nobody else). None when it is in this discussion."""
    url = annotation.get_absolute_url()
    if annotation.visibility == Annotation.Visibility.PRIVATE:
        if context.group is None:
            return None
        return Destination("Saved as a private note, only you see it.", "Open your note", url)
    group = annotation.group
    if group is None or (context.group is not None and group.pk == context.group.pk):
        return None
    waiting = " It waits for a facilitator's approval." if annotation.pending else ""
    return Destination(f"Posted to {group.name}.{waiting}", f"Open it in {group.name}", url)


def _count(nodes: list[ThreadNode]) -> int:
    return sum((not n.annotation.is_deleted) + _count(n.replies) for n in nodes)


def _newest(nodes: list[ThreadNode]) -> int:
    """The highest id in these threads, replies included: where the live poll starts from."""
    return max((max(n.annotation.pk, _newest(n.replies)) for n in nodes), default=0)


def positions(
    annotations: AnnotationQuerySet, paragraphs: list[Paragraph], *, highlights: bool = True
) -> tuple[list[Highlight], Counter[int], int]:
    """Highlight ranges of thread roots, and annotation counts per paragraph.

    Two small queries rather than one of every annotation: counts are grouped by passage in the
    database (an index-only scan), and only thread roots are fetched for highlights. The third
    value is the newest annotation's id, where live updates start from.
    """
    counts, latest = _counts(annotations)
    if not highlights:
        return [], counts, latest
    return _highlights(annotations.threads(), paragraphs), counts, latest


def _counts(annotations: AnnotationQuerySet) -> tuple[Counter[int], int]:
    """How many of `annotations` (deleted ones aside) cover each paragraph, and the newest id,
    from one query grouped by passage."""
    spans = (
        annotations.on_passages()
        .alive()
        .values_list("start_ordinal", "end_ordinal")
        .annotate(total=Count("pk"), newest=Max("pk"))
        .order_by()
    )
    counts: Counter[int] = Counter()
    latest = 0
    for start, end, total, newest in spans:
        latest = max(latest, newest)
        for ordinal in range(start, end + 1):
            counts[ordinal] += total
    return counts, latest


def _counts_and_orphans(context: Context) -> tuple[Counter[int], int, int]:
    """What `_counts` gives for the page, and how many orphaned threads the reader may see,
    from the same one query: the orphans' roots ride along (UNION ALL, so each part keeps its
    own index), told apart by their (earlier) revision, so the reader's notice of them costs
    the page no query of its own."""
    columns = ("revision_id", "start_ordinal", "end_ordinal")
    placed = context.counted().on_passages().alive().values_list(*columns)
    orphaned = context.orphans().values_list(*columns)
    spans = (
        placed.annotate(total=Count("pk"), newest=Max("pk"))
        .order_by()
        .union(orphaned.annotate(total=Count("pk"), newest=Max("pk")).order_by(), all=True)
        .order_by()
    )
    counts: Counter[int] = Counter()
    latest = orphans = 0
    for revision_id, start, end, total, newest in spans:
        if revision_id != context.document.current_revision_id:
            orphans += total
            continue
        latest = max(latest, newest)
        for ordinal in range(start, end + 1):
            counts[ordinal] += total
    return counts, latest, orphans


def _highlights(roots: AnnotationQuerySet, paragraphs: list[Paragraph]) -> list[Highlight]:
    """The positions of the thread `roots` that lie on `paragraphs`, as the page draws them."""
    anchors = {p.ordinal: p.anchor for p in paragraphs}
    found = roots.on_passages().values_list(
        "pk", "start_ordinal", "start_offset", "end_ordinal", "end_offset", "motivation"
    )
    return [
        [pk, anchors[start], start_offset, anchors[end], end_offset, MOTIVATION_CODES[motivation]]
        for pk, start, start_offset, end, end_offset, motivation in found.order_by()
        if start in anchors and end in anchors
    ]


def changes_around(context: Context, annotation: Annotation, root: Annotation | None) -> Changes:
    """After a write: the margin counts of the passage's paragraphs, and its thread's highlight
    (or, when the thread is gone, its root's id among those to remove)."""
    root_id = annotation.root_id or annotation.pk
    if annotation.revision_id != context.document.current_revision_id:
        # An orphaned thread: nothing of it is drawn on the current text.
        return Changes(counts={}, highlights=[], removed=[])
    return _changes(context, [annotation]) | {"removed": [] if root is not None else [root_id]}


def changes_since(context: Context, after: int) -> Changes:
    """What the live poll announces after the annotation with id `after`: the highlights of the
    threads the newer annotations are in, the margin counts of the paragraphs they are on, and
    the newest id; in four queries however many there are."""
    new = list(
        context.counted()
        .newer_than(after)
        .only("pk", "root_id", "revision_id", "start_ordinal", "end_ordinal")
    )
    on_passages = [a for a in new if a.has_passage]
    found = _changes(context, on_passages) if on_passages else Changes(counts={}, highlights=[])
    return found | {"removed": [], "latest": max([after, *(a.pk for a in new)])}


def _changes(context: Context, annotations: list[Annotation]) -> Changes:
    """The margin counts of the paragraphs `annotations` are on, and the highlights of their
    threads: three queries, whatever their number (all on one revision, on passages)."""
    ordinals = {n for a in annotations for n in a.ordinals}
    low, high = min(ordinals), max(ordinals)
    # One stretch from the first paragraph to the last rather than a condition per passage:
    # the paragraphs between cost a few rows, and the query stays the same size.
    stretch = Paragraph.objects.filter(
        revision_id=annotations[0].revision_id, ordinal__gte=low, ordinal__lte=high
    ).only("ordinal", "anchor")
    paragraphs = [p for p in stretch if p.ordinal in ordinals]
    counts, _ = _counts(context.counted().overlapping(low, high))
    roots = context.counted().filter(pk__in={a.root_id or a.pk for a in annotations})
    return {
        "counts": {p.anchor: counts.get(p.ordinal, 0) for p in paragraphs},
        "highlights": _highlights(roots, paragraphs),
    }


def paragraph_threads(
    context: Context, paragraph: Paragraph, *, sort: str = ""
) -> list[ThreadNode]:
    """Every thread whose passage includes `paragraph`, in text order (or with the most
    reactions first), in four queries."""
    on_paragraph = context.annotations().overlapping(paragraph.ordinal, paragraph.ordinal)
    threads = context.threads(on_paragraph.in_text_order())
    return by_reactions(threads) if sort == "reactions" else threads


def thread(context: Context, root_id: int) -> list[ThreadNode]:
    """One whole thread, root and replies, in two queries: in the current text, or orphaned
    on an earlier revision (see `earlier_revision`)."""
    return context.threads(context.annotations(with_orphans=True).in_thread(root_id))


def earlier_revision(context: Context, root: Annotation) -> Revision | None:
    """The earlier revision an orphaned thread's `root` sits on, which the current text has no
    place for; None for a thread in the current text (one query for an orphan, none else)."""
    if root.revision_id == context.document.current_revision_id:
        return None
    return root.revision


def best_group(user: Reader, document: Document) -> Group | None:
    """The group to read `document` in: one of the reader's own, else a public one."""
    groups = group_permissions.reading_groups(user, document)
    own = groups.filter(pk__in=group_permissions.member_group_ids(user)).first()
    return own or groups.first()
