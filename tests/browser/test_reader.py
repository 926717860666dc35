"""The reader in a real browser: phone layout, contents links, print."""

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from texts.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FDCA = "anarchist-communists-and-the-mass-organization"


@pytest.fixture
def reader_url(live_server: LiveServer, make_group: Callable) -> str:
    """The FdCA text in a public group's reader, for a visitor."""
    call_command("load_seeds", stdout=StringIO())
    group = make_group(documents=(Document.objects.get(slug=FDCA),))
    return f"{live_server.url}/groups/{group.slug}/texts/{FDCA}/"


def test_on_a_phone_the_text_fits_the_screen_with_its_paragraph_numbers(
    page: Page, reader_url: str
) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(reader_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Anarchist Communists & The Mass Organization"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for anchor in ("p-2", "p-36", "p-37"):  # a paragraph, and a list item and its neighbour
        number = page.locator(f"#{anchor} > .pnum")
        number.scroll_into_view_if_needed()
        expect(number).to_be_visible()
        box = number.bounding_box()
        text = page.locator(f"#{anchor} > .text").bounding_box()
        assert box is not None
        assert text is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= text["x"]


def test_a_contents_link_takes_the_reader_to_its_heading(page: Page, reader_url: str) -> None:
    page.goto(reader_url)
    page.get_by_role("navigation", name="Contents").get_by_role(
        "link", name="Material Attacks Against Exploitation"
    ).click()
    expect(page).to_have_url(reader_url + "#p-52")
    heading = page.get_by_role("heading", name="Material Attacks Against Exploitation")
    expect(heading).to_be_in_viewport()


def test_printing_leaves_out_navigation_but_keeps_paragraph_numbers(
    page: Page, reader_url: str
) -> None:
    page.goto(reader_url)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Contents")).to_be_hidden()
    expect(page.locator("#p-2 > .pnum")).to_be_visible()
    expect(page.locator("#p-2 > .text")).to_contain_text("Mass organizations differ")
