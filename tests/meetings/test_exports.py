"""Agendas out of the app: an iCalendar event and Markdown."""

from datetime import timedelta

import icalendar
import pytest
from django.test import Client

from meetings.exports import meeting_ics
from meetings.models import Meeting
from tests.meetings.conftest import SECRET_NOTE

# What a property line of an event may begin with: a name, then its parameters or value.
PROPERTY_NAMES = {
    "BEGIN",
    "END",
    "VERSION",
    "PRODID",
    "CALSCALE",
    "UID",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "DESCRIPTION",
    "URL",
    "LOCATION",
    "STATUS",
}


def test_the_calendar_file_is_valid_icalendar(
    client: Client, meeting: Meeting, people: dict
) -> None:
    client.force_login(people["ana"])
    response = client.get(f"{meeting.get_absolute_url()}meeting.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Tuesday"
    assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=90)
    assert str(event["LOCATION"]) == "Room 2"
    assert "Mass organization and political organization" in str(event["DESCRIPTION"])
    assert all(len(line.encode()) <= 75 for line in response.content.decode().split("\r\n"))


def test_the_markdown_export(client: Client, meeting: Meeting, people: dict) -> None:
    client.force_login(people["fay"])
    text = client.get(f"{meeting.get_absolute_url()}agenda.md?notes=1").content.decode()
    assert text.startswith("# Tuesday\n")
    assert "1. **10 min** (¶ 4–4)" in text
    assert "   First *prompt*" in text
    assert f"*Facilitator notes:* {SECRET_NOTE}" in text
    assert "Total: 25 of 90 minutes." in text


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("Tuesday\rSTATUS:CANCELLED", id="bare-CR"),
        pytest.param("Tuesday\nSTATUS:CANCELLED", id="LF"),
        pytest.param("Tuesday\r\nATTENDEE:mailto:eve@example.org", id="CR-LF"),
        pytest.param("Room 2; second floor, left", id="semicolon-comma"),
        pytest.param("C:\\meetings\\n\\Tuesday\\", id="backslashes"),
        pytest.param("Ünïcödé 📚 " * 12 + "\r;,\\", id="long-and-folded"),
    ],
)
def test_title_place_and_description_round_trip_and_start_no_property(
    meeting: Meeting, typed: str
) -> None:
    meeting.title = typed
    meeting.place = typed
    assert meeting.document is not None
    meeting.document.title = typed
    text = meeting_ics(meeting)
    [event] = icalendar.Calendar.from_ical(text).walk("VEVENT")
    expected = typed.replace("\r\n", "\n").replace("\r", "\n")  # one line break, as typed
    assert str(event["SUMMARY"]) == expected
    assert str(event["LOCATION"]) == expected
    assert str(event["DESCRIPTION"]).startswith(f"Reading: {expected}, paragraphs 1–30\n")
    assert "STATUS" not in event
    assert "ATTENDEE" not in event
    lines = text.split("\r\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        assert "\r" not in line
        assert "\n" not in line
        assert len(line.encode()) <= 75
        # A folded line goes on with a space; any other line names a property we wrote.
        assert line.startswith(" ") or line.split(":")[0].split(";")[0] in PROPERTY_NAMES
