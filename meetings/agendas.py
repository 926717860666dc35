"""What an agenda shows: its items with their passages quoted and their threads, in a constant
number of queries. Facilitator notes stay on the items; templates show them to planners only."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, Q

from annotations import permissions as annotation_permissions
from annotations.models import Annotation
from annotations.threads import ThreadNode, build_threads
from meetings.forms import AgendaItemForm
from meetings.models import AgendaItem, Meeting
from texts.models import Paragraph

QUOTE_LENGTH = 600


@dataclass
class AgendaEntry:
    """An agenda item as the pages show it: `quote` is its passage's text (in the revision it
    was chosen in), `lost` says a corrected text no longer has it (quote it to nobody but
    planners, and as such), `linked` holds its threads that the viewer may read."""

    item: AgendaItem
    quote: str
    lost: bool
    linked: list[Annotation]
    # The whole of the linked threads, for the printed packet (`add_packet_threads`).
    packet_threads: list[ThreadNode] = field(default_factory=list)
    # A planner's edit form for the item, on the agenda page.
    form: AgendaItemForm | None = None


def agenda(meeting: Meeting, user: User | AnonymousUser) -> list[AgendaEntry]:
    """The items in order, each with its quote and the threads `user` may read."""
    readable = Annotation.objects.readable_by(user).not_hidden().select_related("author__profile")
    # The prefetch fills each item's `threads` with the readable ones only.
    items = list(
        meeting.items.with_passages().prefetch_related(Prefetch("threads", queryset=readable))
    )
    texts = _passages(items)
    return [
        AgendaEntry(
            item=item,
            quote=_quote(texts, item),
            lost=item.passage_lost,
            linked=list(item.threads.all()),
        )
        for item in items
    ]


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
    start, end, revision = item.start_ordinal, item.end_ordinal, item.revision_id
    if start is None or end is None or revision is None:
        return ""
    passage = " ".join(texts.get((revision, n), "") for n in range(start, end + 1)).strip()
    return passage if len(passage) <= QUOTE_LENGTH else passage[: QUOTE_LENGTH - 1] + "…"


def add_packet_threads(entries: list[AgendaEntry], user: User | AnonymousUser) -> None:
    """Give each entry `packet_threads`: the whole of its linked threads, for the printed packet
    (two queries for all of them)."""
    roots = {a.pk for entry in entries for a in entry.linked}
    if not roots:
        return
    annotations = (
        Annotation.objects.readable_by(user)
        .not_hidden()
        .filter(Q(pk__in=roots) | Q(root_id__in=roots))
        .with_display()
    )
    viewer = annotation_permissions.Viewer(user, frozenset())
    by_root = {node.annotation.pk: node for node in build_threads(list(annotations), viewer)}
    for entry in entries:
        entry.packet_threads = [by_root[a.pk] for a in entry.linked if a.pk in by_root]
