"""Agendas out of the app: Markdown, and an iCalendar event for the meeting."""

from datetime import UTC, datetime

import icalendar
from django.conf import settings
from django.utils import timezone

from meetings.agendas import AgendaEntry
from meetings.models import Meeting


def agenda_markdown(meeting: Meeting, entries: list[AgendaEntry], *, with_notes: bool) -> str:
    """The agenda as Markdown; facilitator notes only when `with_notes` (planners)."""
    when = timezone.localtime(meeting.starts_at)
    lines = [
        f"# {meeting.title}",
        "",
        f"{when:%A %-d %B %Y, %H:%M} ({meeting.duration_minutes} minutes)",
    ]
    if meeting.place or meeting.link:
        lines.append(" · ".join(x for x in (meeting.place, meeting.link) if x))
    if meeting.document:
        lines += ["", f"Reading: *{meeting.document.title}*{_range(meeting)}"]
    lines += ["", "## Agenda", ""]
    for entry in entries:
        item = entry.item
        placed = item.has_passage and not entry.lost  # a lost passage is quoted to nobody
        passage = f" (¶ {item.start_ordinal}–{item.end_ordinal})" if placed else ""
        lines.append(f"{item.position}. **{item.minutes} min**{passage}")
        if placed and entry.quote:
            lines.append(f"   > {entry.quote}")
        if item.prompt:
            lines += [f"   {line}" for line in item.prompt.splitlines()]
        if with_notes and item.facilitator_notes:
            lines.append(f"   *Facilitator notes:* {item.facilitator_notes}")
        lines.append("")
    total = sum(entry.item.minutes for entry in entries)
    lines.append(f"Total: {total} of {meeting.duration_minutes} minutes.")
    return "\n".join(lines) + "\n"


def _range(meeting: Meeting) -> str:
    if meeting.range_lost:
        return ", the paragraphs to be chosen again"
    if meeting.range_start or meeting.range_end:
        return f", paragraphs {meeting.range_start or 1}–{meeting.range_end or 'end'}"
    return ""


def meeting_ics(meeting: Meeting) -> str:
    """An iCalendar (RFC 5545) file with the meeting as one event, written by the icalendar
    library: it escapes TEXT values (backslash, `;`, `,`, line breaks) and folds lines at 75
    octets, so no title or place can start a property of its own. Line breaks of any kind (CR
    LF, a bare CR, LF) become one escaped newline each."""
    url = settings.READINGGROUP_SITE_URL.rstrip("/") + meeting.get_absolute_url()
    description = f"Agenda: {url}"
    if meeting.document:
        description = f"Reading: {meeting.document.title}{_range(meeting)}\n{description}"
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@readinggroup")
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", _lines(meeting.title))
    event.add("description", _lines(description))
    event.add("url", url, parameters={"VALUE": "URI"})
    if meeting.place or meeting.link:
        event.add("location", _lines(meeting.place or meeting.link))
    if meeting.is_cancelled:
        event.add("status", "CANCELLED")
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//readinggroup//meetings//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add_component(event)
    return calendar.to_ical().decode()


def _utc(moment: datetime) -> datetime:
    """`moment` in UTC to the second (written as `…Z`, which every client reads)."""
    return moment.astimezone(UTC).replace(microsecond=0)


def _lines(value: str) -> str:
    """`value` with CR LF and bare CR as LF: one line break, however it was typed."""
    return value.replace("\r\n", "\n").replace("\r", "\n")
