"""Journey 8, in a real browser through the pages only: a facilitator plans a meeting with a
reading, builds its agenda from the reader (a paragraph, a selection, a thread), reorders it,
removes an item after confirming, and prints the packet."""

from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from annotations import selections, writing
from groups.models import Group
from meetings import services as meetings
from tests.browser.selecting import drag_select
from texts.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOG = "mass-organization-and-political-organization"
TITLE = "Mass organization and political organization"


def agenda_heads(page: Page) -> list[str]:
    return [head.strip() for head in page.locator(".agenda-item .item-head").all_inner_texts()]


def test_plan_a_meeting_build_its_agenda_from_the_reader_and_print_the_packet(
    page: Page,
    live_server: LiveServer,
    axe: Callable,
    make_member: Callable,
    make_group: Callable,
) -> None:
    call_command("load_seeds", stdout=StringIO())
    blog = Document.objects.get(slug=BLOG)
    group: Group = make_group(documents=(blog,))
    make_member("fay", groups=(group,), role="facilitator")
    ana = make_member("ana", groups=(group,))
    # Ana's thread on paragraph 9 is what the discussion is about so far.
    writing.create_annotation(
        author=ana,
        revision=blog.revision,
        group=group,
        body="Is this democratic?",
        selection=selections.Selection("p-9", 0, "p-9", 4),
    )

    # Fay signs in and opens her group's meetings.
    page.goto(f"{live_server.url}/accounts/login/?next=/groups/{group.slug}/meetings/")
    axe()
    page.get_by_label("Login").fill("fay")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    axe()

    # She plans a meeting reading paragraphs 1 to 40.
    page.get_by_role("link", name="Plan a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan a meeting")
    axe()
    page.get_by_label("Title").fill("Circle night")
    page.get_by_label("Starts").fill("2031-03-04T19:00")
    page.get_by_label("Duration (minutes)").fill("25")
    page.get_by_label("Place").fill("Room 2")
    page.get_by_label("Reading").select_option(label=TITLE)
    page.get_by_label("From paragraph").fill("1")
    page.get_by_label("To paragraph").fill("40")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Circle night")
    expect(page.locator(".byline")).to_contain_text("Tuesday 4 March 2031, 19:00 · 25 minutes")
    expect(page.locator(".reading-assignment")).to_have_text(f"Read: {TITLE}, paragraphs 1–40")
    expect(page.locator(".agenda")).to_contain_text("Nothing on the agenda yet.")
    axe()
    meeting_url = page.url

    # From the reader: a whole paragraph, through its discussion panel.
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".notice").first).to_contain_text("The meeting's reading: paragraphs 1–40")
    axe()
    reader_url = page.url.split("?")[0]
    page.locator("#p-9").get_by_role("link", name="1 annotation").click()
    panel = page.locator("#panel-content")
    expect(panel).to_contain_text("Is this democratic?")
    panel.get_by_role("link", name="Add to an agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add to an agenda")
    expect(page.locator("main")).to_contain_text("Paragraphs 9–9.")
    axe()
    page.get_by_label("Prompt").fill("What does *democratic* mean here?")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator(".messages")).to_contain_text("Added to the agenda of Circle night.")
    expect(page.locator(".agenda-item")).to_have_count(1)
    axe()

    # A selection of a few words.
    page.goto(reader_url)
    drag_select(page, ("p-27", 0), ("p-27", 12))
    page.get_by_role("button", name="Add to agenda").click()
    expect(page.locator("main")).to_contain_text("Paragraphs 27–27.")
    page.get_by_label("Minutes").fill("15")
    page.get_by_label("Facilitator notes").fill("Ask Ana first")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator(".agenda-item")).to_have_count(2)

    # And Ana's thread, with its discussion.
    page.goto(reader_url)
    page.locator("#p-9").get_by_role("link", name="1 annotation").click()
    panel.get_by_role("link", name="Add to agenda", exact=True).click()
    expect(page.locator("main")).to_contain_text("Paragraphs 9–9, with the thread.")
    page.get_by_label("Minutes").fill("5")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator(".agenda-item")).to_have_count(3)
    expect(page.locator(".agenda-item").nth(2)).to_contain_text("Is this democratic?")
    # Over the meeting's time: the total says so (in both colour schemes, checked below).
    expect(page.locator(".minutes-total")).to_have_text("30 of 25 minutes")
    expect(page.locator(".minutes-total")).to_have_class("minutes-total over")
    assert agenda_heads(page) == ["10 min · ¶ 9", "15 min · ¶ 27", "5 min · ¶ 9"]
    axe()

    # Reorder: the thread up a place with its button, then the first item dragged to the end.
    page.get_by_role("button", name="Move item 3 up").click()
    expect(page.locator(".agenda-item").nth(1)).to_contain_text("Is this democratic?")
    assert agenda_heads(page) == ["10 min · ¶ 9", "5 min · ¶ 9", "15 min · ¶ 27"]
    page.set_viewport_size({"width": 1280, "height": 1600})  # the whole agenda in view
    page.locator(".agenda").scroll_into_view_if_needed()
    handle = page.locator(".agenda-item .item-head").first.bounding_box()
    below = page.locator(".agenda-item").last.bounding_box()
    assert handle is not None
    assert below is not None
    page.mouse.move(handle["x"] + 10, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(below["x"] + 10, below["y"] + below["height"] - 5, steps=12)
    # Once the new order is saved the page reloads itself, numbered in that order: wait for
    # that reload rather than start another one that would race it.
    with page.expect_navigation():
        page.mouse.up()
    expect(page.locator(".agenda-item").last).to_contain_text("What does democratic mean here?")
    assert agenda_heads(page) == ["5 min · ¶ 9", "15 min · ¶ 27", "10 min · ¶ 9"]

    # Remove the selection's item; the page asks first, and keeping it changes nothing.
    page.get_by_role("link", name="Remove item 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove item 2 from the agenda?")
    expect(page.locator("main")).to_contain_text("Ask Ana first")
    axe()
    page.get_by_role("link", name="Keep it").click()
    expect(page.locator(".agenda-item")).to_have_count(3)
    page.get_by_role("link", name="Remove item 2").click()
    page.get_by_role("button", name="Remove the item").click()
    expect(page.locator(".messages")).to_contain_text("Item 2 removed from the agenda.")
    assert agenda_heads(page) == ["5 min · ¶ 9", "10 min · ¶ 9"]
    expect(page.locator(".agenda")).not_to_contain_text("Ask Ana first")
    axe()
    assert page.url.split("#")[0].split("?")[0] == meeting_url

    # The packet, printed: no site navigation, the passages with their paragraph numbers.
    page.get_by_role("link", name="Printable packet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Circle night")
    axe()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    items = page.locator(".packet-item")
    expect(items).to_have_count(2)
    expect(items.nth(0).get_by_role("heading", level=2)).to_have_text("1. ¶ 9 (5 min)")
    expect(items.nth(1).get_by_role("heading", level=2)).to_have_text("2. ¶ 9 (10 min)")
    expect(items.nth(0)).to_contain_text("Is this democratic?")
    expect(items.nth(1)).to_contain_text("What does democratic mean here?")
    assert page.pdf()[:4] == b"%PDF"


def test_cancel_a_meeting_after_confirming_on_its_own_page(
    page: Page,
    live_server: LiveServer,
    axe: Callable,
    make_member: Callable,
    make_group: Callable,
) -> None:
    group: Group = make_group()
    fay = make_member("fay", groups=(group,), role="facilitator")
    meeting = meetings.create_meeting(
        group=group, by=fay, title="Picnic reading", starts_at=timezone.now() + timedelta(days=5)
    )

    page.goto(f"{live_server.url}/accounts/login/?next={meeting.get_absolute_url()}")
    axe()
    page.get_by_label("Login").fill("fay")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Picnic reading")
    # Saving the notes is in its own section; cancelling is not beside it.
    after = page.get_by_role("region", name="After the meeting")
    expect(after.get_by_role("button", name="Save the notes")).to_be_visible()
    expect(after.get_by_text("Cancel the meeting")).to_have_count(0)
    axe()

    page.get_by_role("link", name="Cancel the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel “Picnic reading”?")
    axe()
    page.get_by_role("link", name="Keep the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Picnic reading")
    page.get_by_role("link", name="Cancel the meeting").click()
    page.get_by_role("button", name="Cancel the meeting").click()

    expect(page.locator(".messages")).to_contain_text("Meeting cancelled")
    expect(page.get_by_role("heading", level=1)).to_have_text("Picnic reading Cancelled")
    expect(page.get_by_role("link", name="Cancel the meeting")).to_have_count(0)
    axe()
