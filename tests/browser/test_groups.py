"""A private group in a real browser: invitation, joining, annotating, and an outsider."""

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from annotations.models import Annotation
from groups import services
from texts.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOG = "mass-organization-and-political-organization"


def test_invitation_join_annotate_and_an_outsider_gets_not_found(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    make_member: Callable,
    sign_in: Callable,
    browser_context_args: dict,
    axe: Callable,
) -> None:
    call_command("load_seeds", stdout=StringIO())
    admin = make_member("ben")
    group = services.create_group(creator=admin, name="Tuesday Study Circle")
    services.add_document(group=group, document=Document.objects.get(slug=BLOG))
    invitation = services.create_invitation(group=group, by=admin)
    make_member("ana")
    make_member("eve")

    # Ana follows the invitation link: signs in, joins, opens the text from the group page.
    sign_in(page, "ana", invitation.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Tuesday Study Circle")
    axe()
    page.get_by_role("button", name="Join the group").click()
    expect(page.get_by_role("status")).to_contain_text("Welcome to Tuesday Study Circle.")
    axe()
    page.get_by_role("link", name="Mass organization and political organization").click()
    expect(page.get_by_text("Reading with Tuesday Study Circle")).to_be_visible()
    axe()

    # She annotates a paragraph for the group.
    page.get_by_role("link", name="Annotate paragraph 27").click()
    page.get_by_role("textbox", name="Your annotation").fill("Only for the circle")
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator("#p-27 mark.hl")).to_have_text("I like this.")
    annotation = Annotation.objects.get(author__username="ana")
    assert annotation.group == group

    # Eve, signed in but outside the group, finds nothing at its permalink or its page.
    outsider = browser.new_page(**browser_context_args)
    sign_in(outsider, "eve", "/")
    response = outsider.goto(f"{live_server.url}{annotation.get_absolute_url()}")
    assert response is not None
    assert response.status == 404
    expect(outsider.get_by_role("heading", level=1)).to_have_text("Nothing here")
    expect(outsider.locator("body")).not_to_contain_text("Only for the circle")
    axe(outsider)
    response = outsider.goto(f"{live_server.url}{group.get_absolute_url()}")
    assert response is not None
    assert response.status == 404
    outsider.close()
