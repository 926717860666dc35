"""What a facilitator might put on the agenda, drawn from the group's discussion of the
assigned reading since the previous meeting. A constant number of queries, whatever the size."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from annotations.models import Annotation, AnnotationQuerySet
from meetings.models import Meeting
from texts.models import Paragraph

RECENCY_POINTS = 5
RECENCY_HALF_LIFE_DAYS = 7


@dataclass
class PassageActivity:
    """A thread's passage and how lively its discussion was."""

    root_id: int
    annotations: int
    people: int
    last: datetime
    root: Annotation | None = None

    @property
    def score(self) -> float:
        days = (timezone.now() - self.last).total_seconds() / 86400
        recency = RECENCY_POINTS * 0.5 ** (days / RECENCY_HALF_LIFE_DAYS)
        return round(self.annotations + 2 * self.people + recency, 1)

    @property
    def explanation(self) -> str:
        days = (timezone.now() - self.last).days
        when = "today" if days == 0 else f"{days} day{'s' * (days != 1)} ago"
        return (
            f"Score {self.score}: {self.annotations} annotations and replies (1 point each), "
            f"{self.people} people (2 points each), last one {when} (up to {RECENCY_POINTS} "
            f"points, halving every {RECENCY_HALF_LIFE_DAYS} days)."
        )


@dataclass(frozen=True)
class QuietPassage:
    ordinal: int
    anchor: str
    excerpt: str


@dataclass(frozen=True)
class Suggestions:
    since: datetime | None
    busiest: list[PassageActivity]
    most_people: list[PassageActivity]
    unanswered: list[Annotation]
    quiet: list[QuietPassage]


def suggest(meeting: Meeting, *, limit: int = 6) -> Suggestions | None:
    """Suggestions for the meeting's reading assignment (None when it has none)."""
    revision_id = meeting.document.current_revision_id if meeting.document else None
    if revision_id is None:
        return None
    since = (
        Meeting.objects.filter(
            group=meeting.group, starts_at__lt=meeting.starts_at, cancelled_at__isnull=True
        )
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    in_range = _group_annotations(meeting, revision_id)
    recent = in_range.filter(created_at__gte=since) if since else in_range
    threads = [
        PassageActivity(thread, n, people, last)
        for thread, n, people, last in recent.annotate(thread=Coalesce("root_id", "pk"))
        .values("thread")
        .annotate(n=Count("pk"), people=Count("author_id", distinct=True), last=Max("created_at"))
        .values_list("thread", "n", "people", "last")
        .order_by()
    ]
    busiest = sorted(threads, key=lambda t: -t.score)
    most_people = sorted(threads, key=lambda t: (-t.people, -t.annotations))
    # Only the leaders' roots are fetched (a deleted root drops out, so take a few spare).
    candidates = {t.root_id for t in busiest[: 2 * limit] + most_people[: 2 * limit]}
    roots = Annotation.objects.alive().filter(pk__in=candidates)
    found = {a.pk: a for a in roots.select_related("author__profile")}
    for thread in threads:
        thread.root = found.get(thread.root_id)
    unanswered = list(
        in_range.filter(root__isnull=True, motivation="question", answer__isnull=True)
        .select_related("author__profile")
        .order_by("start_ordinal", "created_at")[:limit]
    )
    return Suggestions(
        since=since,
        busiest=[t for t in busiest if t.root][:limit],
        most_people=[t for t in most_people if t.root][:limit],
        unanswered=unanswered,
        quiet=_quiet_passages(meeting, revision_id, in_range, limit),
    )


def _group_annotations(meeting: Meeting, revision_id: int) -> AnnotationQuerySet:
    """The group's published annotations on passages of the assigned range (in the reading's
    revision `revision_id`)."""
    annotations = (
        Annotation.objects.for_group(meeting.group)
        .filter(revision_id=revision_id)
        .on_passages()
        .alive()
        .not_hidden()
        .published()
    )
    start, end = meeting.reading_range
    if start:
        annotations = annotations.filter(end_ordinal__gte=start)
    if end:
        annotations = annotations.filter(start_ordinal__lte=end)
    return annotations


def _quiet_passages(
    meeting: Meeting, revision_id: int, in_range: AnnotationQuerySet, limit: int
) -> list[QuietPassage]:
    """Paragraphs of the range that nobody in the group has annotated yet."""
    covered: set[int] = set()
    for first, last in in_range.values_list("start_ordinal", "end_ordinal").distinct():
        if first is not None and last is not None:  # always, on passages
            covered.update(range(first, last + 1))
    paragraphs = Paragraph.objects.filter(revision_id=revision_id).exclude(kind="heading")
    start, end = meeting.reading_range
    if start:
        paragraphs = paragraphs.filter(ordinal__gte=start)
    if end:
        paragraphs = paragraphs.filter(ordinal__lte=end)
    rows = paragraphs.exclude(Q(ordinal__in=covered)).annotate(excerpt=Substr("text", 1, 160))
    return [QuietPassage(*row) for row in rows.values_list("ordinal", "anchor", "excerpt")[:limit]]
