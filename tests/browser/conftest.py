"""Playwright drives Debian's Chromium (Playwright's own browser download does not work here)."""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

import pytest
from playwright.sync_api import Frame, Page, expect
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
        if check := ACCESSIBILITY_CHECKS.get(page):
            check(page)
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


# The check attached to each page, so shared steps (signing in) check the pages they pass.
ACCESSIBILITY_CHECKS: "WeakKeyDictionary[Page, AccessibilityCheck]" = WeakKeyDictionary()
AXE_FILE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
SEVERE = ("critical", "serious")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => ["critical", "serious"].includes(v.impact))
    .map((v) => `${v.impact} ${v.id} (${v.help}): ` +
      v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | "));
}"""


class AccessibilityCheck:
    """axe-core (vendored from npm, version in the file name) run on the page as it is now, in
    the light and the dark colour scheme: no critical and no serious violation.

    It is evaluated through the DevTools protocol, which the page's Content Security Policy
    does not govern, so the page keeps its real policy while it is checked. Every page a test
    visits must be checked: the fixture fails the test for a page it navigated to and never
    checked.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.visited: set[str] = set()
        self.checked: set[str] = set()
        page.on("framenavigated", self._visit)
        ACCESSIBILITY_CHECKS[page] = self

    def _visit(self, frame: Frame) -> None:
        if frame == self.page.main_frame and frame.url.startswith("http"):
            self.visited.add(urlsplit(frame.url).path)

    def __call__(self, page: Page | None = None) -> None:
        page = page or self.page
        found: dict[str, list[str]] = {}
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            if not page.evaluate("() => typeof window.axe === 'object'"):
                page.evaluate(AXE_FILE.read_text())
            if violations := page.evaluate(RUN_AXE):
                found[scheme] = violations
        page.emulate_media(color_scheme="light")
        path = urlsplit(page.url).path
        assert found == {}, f"accessibility violations on {path}: {found}"
        self.checked.add(path)


@pytest.fixture
def axe(page: Page) -> Iterator[AccessibilityCheck]:
    """Call `axe()` on every page a journey visits (and again after a change worth checking)."""
    check = AccessibilityCheck(page)
    yield check
    unchecked = check.visited - check.checked
    assert not unchecked, f"pages visited but never checked with axe: {sorted(unchecked)}"
