"""Playwright drives Debian's Chromium (Playwright's own browser download does not work here)."""

import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

# The ORM and Playwright's event loop share the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Two people's windows side by side (the live-update test): the one behind must keep its
    # timers running, as a reader's open tab does when they glance at another window.
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]


def chromium_path() -> str:
    """Debian's Chromium; a missing browser fails the tests rather than skipping them."""
    path = os.environ.get("READINGGROUP_CHROMIUM") or shutil.which("chromium") or ""
    if not path:
        pytest.fail(
            "Browser tests need Chromium: install it with 'apt-get install -y chromium' "
            "or set READINGGROUP_CHROMIUM to its path.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture
def sign_in(live_server: LiveServer) -> Callable[[Page, str, str], None]:
    """Sign in through allauth's form, as a person would, landing on `next_path`."""

    def sign(page: Page, username: str, next_path: str = "/") -> None:
        page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
        page.get_by_label("Login").fill(username)
        page.get_by_label("Password").fill("pw-for-tests")
        page.get_by_role("button", name="Sign In").click()
        expect(page).to_have_url(f"{live_server.url}{next_path}")

    return sign


@pytest.fixture(autouse=True)
def no_policy_violations(page: Page) -> Iterator[None]:
    """The app's own scripts, styles and htmx run under the Content Security Policy: a page
    that the policy blocks anything on fails its test."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    yield
    assert refused == []
