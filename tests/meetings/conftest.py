"""The meetings tests' shared cast: a group reading the seed texts, its facilitator and
members, and a coming meeting with three items."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from groups.models import Group
from meetings import services as meetings
from meetings.models import Meeting
from texts.models import Document

BLOG = "mass-organization-and-political-organization"
SECRET_NOTE = "Only for facilitators: go easy on Ben"


@pytest.fixture
def blog(seeds: dict[str, Document]) -> Document:
    return seeds[BLOG]


@pytest.fixture
def people(make_member: Callable, circle: Group) -> dict[str, User]:
    return {
        "fay": make_member("fay", groups=(circle,), role="facilitator"),
        "ana": make_member("ana", groups=(circle,)),
        "ben": make_member("ben", groups=(circle,)),
        "cleo": make_member("cleo", groups=(circle,)),
        "eve": make_member("eve"),
    }


@pytest.fixture
def meeting(blog: Document, circle: Group, people: dict) -> Meeting:
    found = meetings.create_meeting(
        group=circle,
        by=people["fay"],
        title="Tuesday",
        document=blog,
        range_start=1,
        range_end=30,
        starts_at=timezone.now() + timedelta(days=2),
        place="Room 2",
    )
    meetings.add_item(
        meeting=found,
        start_ordinal=4,
        end_ordinal=4,
        prompt="First *prompt*",
        facilitator_notes=SECRET_NOTE,
    )
    meetings.add_item(meeting=found, start_ordinal=5, end_ordinal=6, prompt="Second")
    meetings.add_item(meeting=found, prompt="Third", minutes=5)
    return found
