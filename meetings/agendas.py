"""What an agenda shows: its items with their passages quoted and their threads, in a constant
number of queries. Facilitator notes stay on the items; templates show them to planners only."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, Q

from annotations import permissions as annotation_permissions
from annotations.models import Annotation
from annotations.threads import build_threads
from meetings.models import AgendaItem, Meeting
from texts.models import Paragraph

QUOTE_LENGTH = 600


def agenda(meeting: Meeting, user: AbstractBaseUser | AnonymousUser) -> list[AgendaItem]:
    """The items in order, each with `.quote` (its passage's text, in the revision it was chosen
    in), `.lost` (a corrected text no longer has it: quote it to nobody but planners, and as
    such) and `.linked` (its threads that `user` may read)."""
    readable = annotation_permissions.visible_annotations(
        user, Annotation.objects.filter(hidden_at__isnull=True)
    ).select_related("author__profile")
    items = list(
        meeting.items.with_passages().prefetch_related(
            Prefetch("threads", queryset=readable, to_attr="linked")
        )
    )
    texts = _passages(items)
    for item in items:
        item.quote = _quote(texts, item)
        item.lost = item.passage_lost
    return items


def _passages(items: list[AgendaItem]) -> dict[tuple[int, int], str]:
    """The texts of the items' paragraphs by (revision, paragraph number), in one query."""
    ranges = Q()
    for item in items:
        if item.has_passage and item.revision_id is not None:
            ranges |= Q(
                revision_id=item.revision_id,
                ordinal__gte=item.start_ordinal,
                ordinal__lte=item.end_ordinal,
            )
    if not ranges:
        return {}
    rows = Paragraph.objects.filter(ranges).values_list("revision_id", "ordinal", "text")
    return {(revision, ordinal): text for revision, ordinal, text in rows}


def _quote(texts: dict[tuple[int, int], str], item: AgendaItem) -> str:
    if not item.has_passage:
        return ""
    numbers = range(item.start_ordinal, item.end_ordinal + 1)
    passage = " ".join(texts.get((item.revision_id, n), "") for n in numbers).strip()
    return passage if len(passage) <= QUOTE_LENGTH else passage[: QUOTE_LENGTH - 1] + "…"


def add_packet_threads(items: list[AgendaItem], user: AbstractBaseUser | AnonymousUser) -> None:
    """Give each item `.packet_threads`: the whole of its linked threads, for the printed packet
    (two queries for all of them)."""
    roots = {a.pk for item in items for a in item.linked}
    for item in items:
        item.packet_threads = []
    if not roots:
        return
    annotations = annotation_permissions.visible_annotations(
        user,
        Annotation.objects.filter(Q(pk__in=roots) | Q(root_id__in=roots)).filter(
            hidden_at__isnull=True
        ),
    ).with_display()
    viewer = annotation_permissions.Viewer(user, frozenset())
    by_root = {node.annotation.pk: node for node in build_threads(list(annotations), viewer)}
    for item in items:
        item.packet_threads = [by_root[a.pk] for a in item.linked if a.pk in by_root]
