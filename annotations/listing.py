"""The side panel's list of a document's threads: filtered by member, tag, kind and whether a
question is answered, in text order, a page at a time (or the document's orphans).

The list holds the threads the paragraph panel shows, headless ones included: a thread whose
root was deleted (a tombstone kept for its replies) or hidden by a moderator is listed with
"Deleted" or "Hidden" in place of the root's words, and with its replies.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q

from annotations import permissions
from annotations.models import Annotation, AnnotationQuerySet, Tag
from annotations.reader import Context

LIST_PAGE_SIZE = 50


@dataclass(frozen=True)
class ListedThread:
    """A thread in the list: its root, how many replies it has, whether the reader may read
    the root's words (`show_body`: not when a moderator hid them), the replies shown in place
    of a headless root's words, and whether the reader may re-attach it (an orphan's)."""

    annotation: Annotation
    reply_total: int
    show_body: bool = True
    can_reattach: bool = False
    replies: list[Annotation] = field(default_factory=list)

    @property
    def headless(self) -> bool:
        """Its root was deleted, or its words are hidden from the reader."""
        return self.annotation.is_deleted or not self.show_body


@dataclass(frozen=True)
class Listing:
    """The side panel's list of a document's threads, filtered: `threads` are those of `page`."""

    page: Page[Annotation]
    threads: list[ListedThread]
    member: str
    tag: str
    kind: str
    unanswered: bool
    orphans: bool


def listing(
    context: Context,
    *,
    member: str,
    tag: str,
    kind: str,
    page: str,
    unanswered: bool = False,
    orphans: bool = False,
) -> Listing:
    """A page of the document's threads in text order (or of its orphans: what a corrected text
    no longer had a place for), filtered: `member` started the thread or replied in it; `tag`,
    `kind` and `unanswered` are the root's. The filters' choices come from `filter_choices`."""
    # Replies: those the panel counts, on the current text or, for orphans, on earlier ones.
    replies = context.counted(with_orphans=orphans).alive()
    roots = context.orphans() if orphans else context.annotations().threads()
    if member:
        took_part = replies.filter(root_id=OuterRef("pk"), author__username=member)
        roots = roots.filter(Q(author__username=member) | Q(Exists(took_part)))
    if tag:
        # Only roots whose words the reader may read: a hidden one's tags are hidden with them.
        roots = roots.filter(permissions.body_readable(context.viewer), tags__name=tag)
    if kind in Annotation.Motivation.values:
        roots = roots.filter(motivation=kind)
    if unanswered:
        roots = roots.filter(motivation=Annotation.Motivation.QUESTION, answer__isnull=True)
    page_of_roots = Paginator(roots.with_display().in_text_order(), LIST_PAGE_SIZE).get_page(page)
    # Reply counts for this page's threads only: counting them for every thread before
    # paginating cost 75 ms at 20,000 annotations.
    ids = [r.pk for r in page_of_roots]
    totals = dict(
        replies.filter(root__in=ids).values_list("root_id").annotate(total=Count("pk")).order_by()
    )
    threads = [
        ListedThread(
            annotation=root,
            reply_total=totals.get(root.pk, 0),
            show_body=permissions.can_read_body(context.viewer, root),
            can_reattach=orphans and permissions.can_reattach(context.viewer, root),
        )
        for root in page_of_roots
    ]
    return Listing(
        page=page_of_roots,
        threads=_with_replies(threads, replies),
        member=member,
        tag=tag,
        kind=kind,
        unanswered=unanswered,
        orphans=orphans,
    )


def _with_replies(threads: list[ListedThread], replies: AnnotationQuerySet) -> list[ListedThread]:
    """The headless threads among `threads` with their replies in creation order, shown in
    place of their root's words: one query, and none when no thread on the page is headless."""
    headless = [t.annotation.pk for t in threads if t.headless and t.reply_total]
    if not headless:
        return threads
    found: dict[int, list[Annotation]] = {pk: [] for pk in headless}
    shown = replies.filter(root__in=headless).select_related("author__profile", "source_author")
    for reply in shown.order_by("created_at", "pk"):
        if reply.root_id is not None:
            found[reply.root_id].append(reply)
    return [
        ListedThread(
            annotation=t.annotation,
            reply_total=t.reply_total,
            show_body=t.show_body,
            can_reattach=t.can_reattach,
            replies=found.get(t.annotation.pk, []),
        )
        for t in threads
    ]


def filter_choices(context: Context) -> tuple[list[User], list[str]]:
    """The members who wrote and the tags used in the discussion (orphaned threads included),
    to filter the list by."""
    visible = context.counted(with_orphans=True)
    authors = visible.exclude(author=None).values("author_id").distinct()
    members = User.objects.filter(pk__in=authors).select_related("profile")
    tags = Tag.objects.filter(annotations__in=visible).distinct().values_list("name", flat=True)
    return list(members.order_by("username")), list(tags)
