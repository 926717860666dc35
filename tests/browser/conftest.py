"""Playwright drives Debian's Chromium (Playwright's own browser download does not work here)."""

import os
import shutil

import pytest

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
