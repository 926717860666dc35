"""Journey 1, in a real browser through allauth's pages: a newcomer signs up, confirms their email
from the message it sends, signs out and in again, and sets the name others see."""

import re
from collections.abc import Callable

import pytest
from django.core.mail import EmailMessage
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSPHRASE = "a long enough passphrase"


def confirmation_link(message: EmailMessage) -> str:
    found = re.search(r"https?://\S+/accounts/confirm-email/\S+/", str(message.body))
    assert found, message.body
    return found.group(0)


def test_sign_up_confirm_the_email_sign_out_and_in_and_name_yourself(
    page: Page,
    live_server: LiveServer,
    axe: Callable,
    mailoutbox: list[EmailMessage],
    settings: Settings,
) -> None:
    # As in production: no signing in before the address is confirmed.
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    header = page.locator(".site-header")

    page.goto(f"{live_server.url}/")
    axe()
    header.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    axe()
    page.get_by_label("Email").fill("rosa@example.org")
    page.get_by_label("Username").fill("rosa")
    page.get_by_label("Password", exact=True).fill(PASSPHRASE)
    page.get_by_label("Password (again)").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign Up").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/confirm-email/")
    expect(page.locator("main")).to_contain_text("We have sent an email to you for verification")
    axe()
    expect(header).to_contain_text("Sign in")  # not signed in yet

    [message] = mailoutbox
    assert message.to == ["rosa@example.org"]
    page.goto(confirmation_link(message))
    expect(page.locator("main")).to_contain_text("rosa@example.org")
    axe()
    page.get_by_role("button", name="Confirm").click()

    # Confirming signs the newcomer in.
    expect(header.get_by_role("link", name="rosa")).to_be_visible()
    axe()
    header.get_by_role("button", name="Sign out").click()
    expect(header.get_by_role("link", name="Sign in")).to_be_visible()
    expect(header.get_by_role("link", name="rosa")).to_have_count(0)

    header.get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    axe()
    page.get_by_label("Login").fill("rosa@example.org")
    page.get_by_label("Password").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign In").click()
    expect(header.get_by_role("link", name="rosa")).to_be_visible()

    # The profile: the name others see, and a bio.
    header.get_by_role("link", name="rosa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    axe()
    page.get_by_label("Display name").fill("Rosa L.")
    page.get_by_label("Bio").fill("Reads slowly, annotates a lot.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Profile saved.")
    expect(header.get_by_role("link", name="Rosa L.")).to_be_visible()
    expect(page.get_by_label("Bio")).to_have_value("Reads slowly, annotates a lot.")
    axe()

    header.get_by_role("button", name="Sign out").click()
    expect(header.get_by_role("link", name="Sign in")).to_be_visible()
    expect(header).not_to_contain_text("Rosa L.")
