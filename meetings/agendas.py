"""What an agenda shows: its items with their passages quoted and their threads, in a constant
number of queries. Facilitator notes stay on the items; templates show them to planners only."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, Q

from annotations import permissions as annotation_permissions
from annotations.models import Annotation
from annotations.threads import build_threads
from meetings.models import AgendaItem, Meeting

QUOTE_LENGTH = 600


def agenda(meeting: Meeting, user: AbstractBaseUser | AnonymousUser) -> list[AgendaItem]:
    """The items in order, each with `.quote` (its passage's text) and `.linked` (its threads
    that `user` may read)."""
    readable = annotation_permissions.visible_annotations(
        user, Annotation.objects.filter(hidden_at__isnull=True)
    ).select_related("author__profile")
    items = list(
        meeting.items.prefetch_related(Prefetch("threads", queryset=readable, to_attr="linked"))
    )
    texts = _passages(meeting, items)
    for item in items:
        item.quote = _quote(texts, item)
    return items


def _passages(meeting: Meeting, items: list[AgendaItem]) -> dict[int, str]:
    ranges = Q()
    for item in items:
        if item.start_ordinal:
            ranges |= Q(ordinal__gte=item.start_ordinal, ordinal__lte=item.end_ordinal)
    if meeting.document is None or not ranges:
        return {}
    paragraphs = meeting.document.current_revision.paragraphs.filter(ranges)
    return dict(paragraphs.values_list("ordinal", "text"))


def _quote(texts: dict[int, str], item: AgendaItem) -> str:
    if not item.start_ordinal:
        return ""
    passage = " ".join(texts.get(n, "") for n in range(item.start_ordinal, item.end_ordinal + 1))
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
