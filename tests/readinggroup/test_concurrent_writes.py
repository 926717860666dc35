"""Writes that race (issue 13, 3): two imports of one document at once, two "+ Add" clicks on an
agenda, two facilitators reordering it. Each runs in threads with their own database
connections, at once, on SQLite and PostgreSQL: nothing answers with an error it should not, and
nobody's change is lost without their being told."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from meetings import services as meetings
from meetings.models import Meeting
from readinggroup.importing import import_text
from texts.models import Document, Revision

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together; their results (or the exception raised)."""
    barrier = Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        try:
            barrier.wait()
            return call()
        except Exception as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def text(*paragraphs: str) -> bytes:
    return "\n\n".join(paragraphs).encode()


def load(data: bytes) -> Callable[[], Any]:
    return lambda: import_text(data=data, source_format="text", slug="race", title="Race")


def test_two_imports_of_a_new_document_at_once_make_one_document() -> None:
    results = at_once(load(text("One.", "Two.")), load(text("One.", "Two.")))
    assert [r for r in results if isinstance(r, Exception)] == []
    assert Document.objects.filter(slug="race").count() == 1
    assert Revision.objects.filter(document__slug="race").count() == 1
    assert sorted(r.unchanged for r in results) == [False, True]


def test_two_corrections_at_once_are_both_kept_one_after_the_other() -> None:
    load(text("One.", "Two."))()
    results = at_once(load(text("One.", "Two, corrected.")), load(text("One!", "Two.")))
    assert [r for r in results if isinstance(r, Exception)] == []
    numbers = sorted(
        Revision.objects.filter(document__slug="race").values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3]


def test_the_same_correction_twice_at_once_is_stored_once() -> None:
    load(text("One.", "Two."))()
    results = at_once(load(text("One.", "Two, corrected.")), load(text("One.", "Two, corrected.")))
    assert [r for r in results if isinstance(r, Exception)] == []
    assert Revision.objects.filter(document__slug="race").count() == 2
    assert sorted(r.unchanged for r in results) == [False, True]


@pytest.fixture
def meeting(make_group: Callable, make_member: Callable) -> Meeting:
    document = load(text("One.", "Two.", "Three."))().document
    group = make_group(documents=(document,))
    fay = make_member("fay", groups=(group,), role="facilitator")
    found = meetings.create_meeting(
        group=group, by=fay, title="Thursday", starts_at=timezone.now(), document=document
    )
    for n in (1, 2, 3):
        meetings.add_item(meeting=found, start_ordinal=n, end_ordinal=n, prompt=f"Item {n}")
    return found


def test_two_add_clicks_at_once_put_two_items_at_the_end_one_after_the_other(
    meeting: Meeting,
) -> None:
    def add(n: int) -> Callable[[], Any]:
        return lambda: meetings.add_item(meeting=meeting, prompt=f"Added {n}")

    results = at_once(add(1), add(2))
    assert [r for r in results if isinstance(r, Exception)] == []
    positions = list(meeting.items.order_by("position").values_list("position", flat=True))
    assert positions == [1, 2, 3, 4, 5]


def test_two_planners_reordering_at_once_keep_one_order_and_the_other_is_told(
    meeting: Meeting,
) -> None:
    seen = list(meeting.items.order_by("position").values_list("pk", flat=True))
    theirs, mine = seen[::-1], [seen[1], seen[0], seen[2]]

    def reorder(order: list[int]) -> Callable[[], None]:
        return lambda: meetings.reorder(meeting=meeting, order=order, seen=seen)

    results = at_once(reorder(theirs), reorder(mine))
    refused = [r for r in results if isinstance(r, meetings.AgendaChanged)]
    assert len(refused) == 1
    assert [r for r in results if r is not None and r not in refused] == []
    saved = list(meeting.items.order_by("position").values_list("pk", flat=True))
    assert saved == (mine if results[0] is refused[0] else theirs)
