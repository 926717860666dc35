"""Agendas out of the app: an iCalendar event and Markdown."""

from datetime import timedelta

import icalendar
from django.test import Client

from meetings.models import Meeting
from tests.meetings.conftest import SECRET_NOTE


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
