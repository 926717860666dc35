"""The side panel's list of a document's threads: filtered by member, tag, kind and whether a
question is answered, in text order, a page at a time (or the document's orphans)."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import Count

from annotations import permissions
from annotations.models import Annotation, Tag
from annotations.reader import Context

LIST_PAGE_SIZE = 50


@dataclass(frozen=True)
class ListedThread:
    """A thread in the list: its root, how many replies it has, and whether the reader may
    re-attach it (an orphan's, in the list of orphans)."""

    annotation: Annotation
    reply_total: int
    can_reattach: bool = False


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
    """A page of the document's threads in text order, filtered by member, tag and kind (or its
    orphans: what a corrected text no longer had a place for); the filters' choices come from
    `filter_choices`."""
    visible = context.counted()
    roots = (context.orphans() if orphans else visible.threads()).alive()
    if member:
        roots = roots.filter(author__username=member)
    if tag:
        roots = roots.filter(tags__name=tag)
    if kind in Annotation.Motivation.values:
        roots = roots.filter(motivation=kind)
    if unanswered:
        roots = roots.filter(motivation=Annotation.Motivation.QUESTION, answer__isnull=True)
    page_of_roots = Paginator(roots.with_display().in_text_order(), LIST_PAGE_SIZE).get_page(page)
    # Reply counts for this page's threads only: counting them for every thread before
    # paginating cost 75 ms at 20,000 annotations.
    replies = dict(
        visible.alive()
        .filter(root__in=[r.pk for r in page_of_roots])
        .values_list("root_id")
        .annotate(total=Count("pk"))
        .order_by()
    )
    threads = [
        ListedThread(
            annotation=root,
            reply_total=replies.get(root.pk, 0),
            can_reattach=orphans and permissions.can_reattach(context.viewer, root),
        )
        for root in page_of_roots
    ]
    return Listing(
        page=page_of_roots,
        threads=threads,
        member=member,
        tag=tag,
        kind=kind,
        unanswered=unanswered,
        orphans=orphans,
    )


def filter_choices(context: Context) -> tuple[list[User], list[str]]:
    """The members who wrote and the tags used in the discussion, to filter the list by."""
    visible = context.counted()
    authors = visible.exclude(author=None).values("author_id").distinct()
    members = User.objects.filter(pk__in=authors).select_related("profile")
    tags = Tag.objects.filter(annotations__in=visible).distinct().values_list("name", flat=True)
    return list(members.order_by("username")), list(tags)
