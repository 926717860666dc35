"""Two members reading at once, in two browsers: new annotations and replies arrive live."""

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings

from groups.models import Group
from texts.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOG = "mass-organization-and-political-organization"


def test_a_post_appears_live_and_a_reply_lights_the_badge(
    page: Page,
    browser: Browser,
    browser_context_args: dict,
    make_member: Callable,
    make_group: Callable,
    sign_in: Callable,
    settings: Settings,
) -> None:
    settings.READINGGROUP_POLL_SECONDS = 1
    call_command("load_seeds", stdout=StringIO())
    group: Group = make_group(documents=(Document.objects.get(slug=BLOG),))
    make_member("ana", groups=(group,))
    make_member("ben", groups=(group,))
    url = f"/groups/{group.slug}/texts/{BLOG}/"
    sign_in(page, "ben", url)
    other = browser.new_context(**browser_context_args).new_page()
    sign_in(other, "ana", url)

    # Ana annotates a paragraph; Ben, without reloading, is told there is 1 new.
    other.get_by_role("link", name="Annotate paragraph 27").click()
    other.get_by_role("textbox", name="Your annotation").fill("Ana was here")
    other.get_by_role("button", name="Post", exact=True).click()
    expect(other.locator("#p-27 mark.hl")).to_have_text("I like this.")
    # Ben's window comes to the front (a hidden tab does not poll).
    page.bring_to_front()
    live = page.get_by_role("button", name="1 new")
    expect(live).to_be_visible(timeout=20_000)
    live.click()
    expect(page.locator("#p-27 mark.hl")).to_have_text("I like this.")
    expect(page.locator("#p-27 .count")).to_have_text("1")

    # Ben replies; Ana's header shows an unread notification, still without reloading.
    page.locator("#p-27 mark.hl").click()
    thread = page.locator("#panel-content .annotation", has_text="Ana was here")
    actions = thread.locator(":scope > .annotation-actions")
    actions.locator("summary", has_text="Reply").click()
    actions.get_by_label("Your reply").fill("Ben answers Ana")
    actions.get_by_role("button", name="Post reply").click()
    expect(page.locator("#panel-content")).to_contain_text("Ben answers Ana")
    other.bring_to_front()
    expect(other.locator("#notifications-link .unread")).to_have_text("1", timeout=20_000)
    other.locator("#notifications-link").click()
    expect(other.get_by_role("link", name="ben replied to you")).to_be_visible()
    other.close()
