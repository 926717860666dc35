"""Agendas out of the app: Markdown, and an iCalendar event for the meeting."""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from meetings.agendas import AgendaEntry
from meetings.models import Meeting

ICS_LINE = 75


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
    """An iCalendar (RFC 5545) file with the meeting as one event."""
    url = settings.READINGGROUP_SITE_URL.rstrip("/") + meeting.get_absolute_url()
    description = f"Agenda: {url}"
    if meeting.document:
        description = f"Reading: {meeting.document.title}{_range(meeting)}\n{description}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//readinggroup//meetings//EN",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@readinggroup",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SUMMARY:{_text(meeting.title)}",
        f"DESCRIPTION:{_text(description)}",
        f"URL:{url}",
    ]
    if meeting.place or meeting.link:
        lines.append(f"LOCATION:{_text(meeting.place or meeting.link)}")
    if meeting.is_cancelled:
        lines.append("STATUS:CANCELLED")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(_fold(line) + "\r\n" for line in lines)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """Escape a TEXT value (backslash, semicolon, comma, newline)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, as RFC 5545 asks, without splitting a character."""
    pieces: list[str] = []
    current = ""
    for char in line:
        limit = ICS_LINE if not pieces else ICS_LINE - 1
        if len((current + char).encode()) > limit:
            pieces.append(current)
            current = char
        else:
            current += char
    pieces.append(current)
    return "\r\n ".join(pieces)
