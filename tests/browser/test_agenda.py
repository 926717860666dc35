"""A facilitator builds an agenda in a real browser; a member reads it without the notes."""

from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from annotations import selections, writing
from groups.models import Group
from meetings import services as meetings
from meetings.models import Meeting
from tests.browser.selecting import drag_select
from texts.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOG = "mass-organization-and-political-organization"
FDCA = "anarchist-communists-and-the-mass-organization"


def test_build_reorder_print_and_share_an_agenda(
    page: Page,
    browser: Browser,
    browser_context_args: dict,
    make_member: Callable,
    make_group: Callable,
    sign_in: Callable,
) -> None:
    call_command("load_seeds", stdout=StringIO())
    blog = Document.objects.get(slug=BLOG)
    group: Group = make_group(documents=(blog,))
    fay = make_member("fay", groups=(group,), role="facilitator")
    ana = make_member("ana", groups=(group,))
    for anchor, body in (("p-5", "About falsehood"), ("p-9", "About democracy")):
        writing.create_annotation(
            author=ana,
            revision=blog.revision,
            group=group,
            selection=selections.Selection(anchor, 0, anchor, 4),
            body=body,
        )
    meeting: Meeting = meetings.create_meeting(
        group=group,
        by=fay,
        title="Circle night",
        document=blog,
        range_start=1,
        range_end=40,
        starts_at=timezone.now() + timedelta(days=3),
    )

    # Two suggestions go on the agenda.
    sign_in(page, "fay", meeting.get_absolute_url())
    talk = page.locator(".suggestions ul").first
    talk.get_by_role("button", name="+ Add").first.click()
    expect(page.locator(".agenda-item")).to_have_count(1)
    page.locator(".suggestions ul").first.get_by_role("button", name="+ Add").nth(1).click()
    expect(page.locator(".agenda-item")).to_have_count(2)

    # And a selection from the reader, with a note for facilitators only.
    page.goto(page.url.split("/meetings/")[0] + f"/groups/{group.slug}/texts/{BLOG}/")
    drag_select(page, ("p-27", 0), ("p-27", 12))
    page.get_by_role("button", name="Add to agenda").click()
    page.get_by_label("Facilitator notes").fill("Ask Ana first")
    page.get_by_label("Prompt").fill("Why does the author *like* this?")
    page.get_by_role("button", name="Add to the agenda").click()
    items = page.locator(".agenda-item")
    expect(items).to_have_count(3)
    expect(items.nth(2)).to_contain_text("¶ 27")
    expect(items.nth(2)).to_contain_text("Ask Ana first")

    # Reorder: the selection moves up to second place.
    page.get_by_role("button", name="Move item 3 up").click()
    expect(page.locator(".agenda-item").nth(1)).to_contain_text("¶ 27")

    # The packet prints without the site's navigation, passages and prompts kept.
    page.get_by_role("link", name="Printable packet").click()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".packet-item")).to_have_count(3)
    expect(page.locator(".packet")).to_contain_text("Why does the author like this?")
    expect(page.locator(".packet")).not_to_contain_text("Ask Ana first")

    # Ana, a member, sees the agenda without the facilitator's notes.
    member = browser.new_context(**browser_context_args).new_page()
    sign_in(member, "ana", meeting.get_absolute_url())
    expect(member.locator(".agenda-item")).to_have_count(3)
    expect(member.locator(".agenda")).to_contain_text("Why does the author like this?")
    expect(member.locator("body")).not_to_contain_text("Ask Ana first")
    expect(member.get_by_role("heading", name="Suggestions from the discussion")).to_have_count(0)
    member.close()


def test_a_selection_from_another_text_goes_only_to_a_meeting_that_reads_it(
    page: Page, make_member: Callable, make_group: Callable, sign_in: Callable
) -> None:
    """The fault: a passage selected in another text than the meeting's reading was quoted
    from the reading's paragraph with the same number."""
    call_command("load_seeds", stdout=StringIO())
    blog, other = Document.objects.get(slug=BLOG), Document.objects.get(slug=FDCA)
    group: Group = make_group(documents=(blog, other))
    fay = make_member("fay", groups=(group,), role="facilitator")
    tuesday, friday = (
        meetings.create_meeting(
            group=group, by=fay, title=title, document=document, starts_at=timezone.now() + days
        )
        for title, document, days in (
            ("Tuesday", blog, timedelta(days=2)),
            ("Friday", other, timedelta(days=5)),
        )
    )

    sign_in(page, "fay", f"/groups/{group.slug}/texts/{FDCA}/")
    drag_select(page, ("p-27", 0), ("p-27", 12))
    page.get_by_role("button", name="Add to agenda").click()
    # The meeting that reads the text is offered first; Fay picks the other one.
    choice = page.get_by_label("Meeting")
    expect(choice).to_have_value(str(friday.pk))
    choice.select_option(str(tuesday.pk))
    page.get_by_label("Prompt").fill("Compare the two")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator(".form-errors")).to_contain_text(
        "Tuesday reads “Mass organization and political organization”, and the passage is "
        "from another text"
    )
    assert tuesday.items.count() == 0

    # On the meeting that reads it, the passage is quoted from the text it was selected in.
    page.get_by_label("Meeting").select_option(str(friday.pk))
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Friday")
    quoted = other.revision.paragraphs.get(ordinal=27).text
    expect(page.locator(".agenda-item .quote")).to_contain_text(quoted[:60])
    expect(page.locator(".agenda-item")).to_contain_text("Compare the two")
