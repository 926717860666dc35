"""Writes for meetings and agendas, each in one transaction, with errors for a person."""

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from annotations.models import Annotation
from annotations.rendering import MAX_BODY_LENGTH, render_markdown
from groups.models import Group, GroupDocument
from meetings.models import AgendaItem, Meeting
from texts.models import Document

NOT_ON_READING_LIST = "The group is not reading that text: add it to the reading list first."
BAD_RANGE = "The range must go from paragraph 1 to {last}, the start before the end."
TOO_LONG = f"Keep it under {MAX_BODY_LENGTH:,} characters."
NOT_IN_GROUP = "That thread belongs to another group's discussion."
NO_READING = "The meeting has no reading yet: choose its text before a passage of it."
PASSAGE_OUTSIDE = "The passage must lie within paragraphs 1 to {last} of the text."


class MeetingError(ValueError):
    """A change that cannot be made; the message says why, for a person."""


class AgendaChanged(MeetingError):
    """Another planner changed the agenda since the page was shown: theirs stands."""


ORDER_CHANGED = (
    "Someone else changed the agenda while you were reordering it, so your order was not "
    "saved. The agenda now shows their changes: drag the items again if yours should win."
)


def create_meeting(
    *,
    group: Group,
    by: User,
    title: str,
    starts_at: datetime,
    duration_minutes: int = 90,
    place: str = "",
    link: str = "",
    document: Document | None = None,
    range_start: int | None = None,
    range_end: int | None = None,
) -> Meeting:
    meeting = Meeting(group=group, created_by=by)
    return update_meeting(
        meeting=meeting,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        link=link,
        document=document,
        range_start=range_start,
        range_end=range_end,
    )


def update_meeting(
    *,
    meeting: Meeting,
    title: str,
    starts_at: datetime,
    duration_minutes: int = 90,
    place: str = "",
    link: str = "",
    document: Document | None = None,
    range_start: int | None = None,
    range_end: int | None = None,
) -> Meeting:
    """Set a meeting's details, checking its reading assignment against the text."""
    meeting.title, meeting.starts_at, meeting.duration_minutes = title, starts_at, duration_minutes
    meeting.place, meeting.link, meeting.document = place, link, document
    meeting.range_start, meeting.range_end = range_start, range_end
    if document is not None:
        if not GroupDocument.objects.filter(group=meeting.group, document=document).exists():
            raise MeetingError(NOT_ON_READING_LIST)
        last = document.revision.paragraphs.count()
        start, end = meeting.range_start or 1, meeting.range_end or last
        if not 1 <= start <= end <= last:
            raise MeetingError(BAD_RANGE.format(last=last))
        # The range's numbers count in the text as it reads now.
        meeting.revision_id = document.current_revision_id
    else:
        meeting.range_start = meeting.range_end = None
        meeting.revision = None
    meeting.full_clean()
    meeting.save()
    return meeting


def cancel_meeting(*, meeting: Meeting) -> Meeting:
    meeting.cancelled_at = timezone.now()
    meeting.save(update_fields=["cancelled_at"])
    return meeting


def add_item(
    *,
    meeting: Meeting,
    start_ordinal: int | None = None,
    end_ordinal: int | None = None,
    annotation: Annotation | None = None,
    prompt: str = "",
    minutes: int = 10,
    facilitator_notes: str = "",
) -> AgendaItem:
    """Add an item at the end: a passage of the reading (paragraph numbers in its current text),
    or an annotation's passage and thread; a prompt. Raises MeetingError."""
    item = AgendaItem(meeting=meeting, minutes=minutes)
    if annotation is not None:
        if annotation.group_id not in {meeting.group_id, None}:
            raise MeetingError(NOT_IN_GROUP)
        # The thread's passage, in the text it was written on.
        item.revision_id = annotation.revision_id if annotation.has_passage else None
        item.start_ordinal = start_ordinal or annotation.start_ordinal
        item.end_ordinal = end_ordinal or annotation.end_ordinal
    else:
        _set_passage(item, meeting.document, start_ordinal, end_ordinal)
    with transaction.atomic():
        # Two "+ Add" clicks at once: one after the other, each at the end of the agenda.
        _lock_agenda(meeting.pk)
        last = meeting.items.aggregate(last=Max("position"))["last"] or 0
        item.position = last + 1
        _set_text(item, prompt, facilitator_notes)
        item.full_clean()
        item.save()
        if annotation is not None:
            item.threads.add(annotation.root_id or annotation.pk)
    return item


def update_item(
    *,
    item: AgendaItem,
    prompt: str,
    minutes: int,
    facilitator_notes: str,
    start_ordinal: int | None = None,
    end_ordinal: int | None = None,
) -> AgendaItem:
    """Change an item's prompt, minutes, notes and passage (paragraph numbers in the current
    text of its passage's document, or of the reading; none for no passage, which is also how a
    passage a corrected text lost is let go). Raises MeetingError."""
    document = item.revision.document if item.revision is not None else item.meeting.document
    _set_passage(item, document, start_ordinal, end_ordinal)
    item.minutes = minutes
    _set_text(item, prompt, facilitator_notes)
    item.full_clean()
    item.save()
    return item


def remove_item(*, item: AgendaItem) -> None:
    with transaction.atomic():
        meeting = item.meeting
        item.delete()
        _renumber(meeting, list(meeting.items.values_list("pk", flat=True)))


def move_item(*, item: AgendaItem, by: int) -> None:
    """Move an item up (by=-1) or down (by=1) the agenda."""
    with transaction.atomic():
        _lock_agenda(item.meeting_id)
        order = list(item.meeting.items.order_by("position", "pk").values_list("pk", flat=True))
        index = order.index(item.pk)
        target = min(max(index + by, 0), len(order) - 1)
        order.insert(target, order.pop(index))
        _renumber(item.meeting, order)


def reorder(*, meeting: Meeting, order: list[int], seen: list[int]) -> None:
    """Put the agenda in `order` (every item once), as drag-and-drop reports it; `seen` is the
    order the page showed before the drag. Raises AgendaChanged (ORDER_CHANGED) when the agenda
    is no longer `seen`: another planner changed it meanwhile, and theirs is not silently
    overwritten."""
    with transaction.atomic():
        _lock_agenda(meeting.pk)
        current = list(meeting.items.order_by("position", "pk").values_list("pk", flat=True))
        if current != seen:
            raise AgendaChanged(ORDER_CHANGED)
        if sorted(order) != sorted(current):
            raise MeetingError("Send every item of the agenda once, in the order you want.")
        _renumber(meeting, order)


def _lock_agenda(meeting_id: int) -> None:
    """Lock the meeting's row until the transaction ends: changes to one agenda's order go one
    after the other (on SQLite, the immediate transaction already does)."""
    Meeting.objects.select_for_update().filter(pk=meeting_id).exists()


def _renumber(meeting: Meeting, order: list[int]) -> None:
    items = {item.pk: item for item in meeting.items.all()}
    for position, pk in enumerate(order, start=1):
        items[pk].position = position
    AgendaItem.objects.bulk_update(items.values(), ["position"])


def record_notes(*, meeting: Meeting, notes: str) -> Meeting:
    if len(notes) > MAX_BODY_LENGTH:
        raise MeetingError(TOO_LONG)
    meeting.notes, meeting.notes_html = notes, render_markdown(notes) if notes.strip() else ""
    meeting.save(update_fields=["notes", "notes_html"])
    return meeting


def mark_discussed(*, meeting: Meeting, annotations: list[Annotation]) -> None:
    """Make `annotations` the threads discussed at the meeting (unticked ones no longer are):
    the reader shows the latest such meeting on each, from this relation."""
    meeting.discussed.set(annotations)


def _set_passage(
    item: AgendaItem, document: Document | None, start: int | None, end: int | None
) -> None:
    """Give `item` the passage from paragraph `start` to `end` of `document` as it now reads."""
    if start is None or end is None:
        item.revision, item.start_ordinal, item.end_ordinal = None, None, None
        return
    if document is None:
        raise MeetingError(NO_READING)
    last = document.revision.paragraphs.count()
    if not 1 <= start <= end <= last:
        raise MeetingError(PASSAGE_OUTSIDE.format(last=last))
    item.revision_id, item.start_ordinal, item.end_ordinal = (
        document.current_revision_id,
        start,
        end,
    )


def _set_text(item: AgendaItem, prompt: str, facilitator_notes: str) -> None:
    if len(prompt) > MAX_BODY_LENGTH or len(facilitator_notes) > MAX_BODY_LENGTH:
        raise MeetingError(TOO_LONG)
    item.prompt, item.facilitator_notes = prompt, facilitator_notes
    item.prompt_html = render_markdown(prompt) if prompt.strip() else ""
