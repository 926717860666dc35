"""Posting a form to the live server as a signed-in member, from a test's own threads (what a
browser sends: the session cookie, and the CSRF secret in both cookie and header)."""

from dataclasses import dataclass
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPRedirectHandler, Request, build_opener

from django.contrib.auth.models import User
from django.test import Client

# A CSRF secret both the cookie and the header carry, as a browser's form would.
CSRF = "livepostinglivepostinglivepostin"
# Seconds one request may take (a writer waits for another's lock, not longer).
TIMEOUT = 60


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


class _NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def session_of(user: User) -> str:
    """A session cookie for `user`, signed in."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def post_as(url: str, session: str, data: dict[str, str], *, htmx: bool = False) -> Answer:
    """POST a form as the member whose session cookie is `session` (with htmx's header when
    `htmx`), following no redirect: the status and the page."""
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    if htmx:
        headers["HX-Request"] = "true"
    # Only the live server's own http:// address is opened.
    request = Request(url, data=urlencode(data).encode(), headers=headers)  # noqa: S310
    try:
        with build_opener(_NoRedirects).open(request, timeout=TIMEOUT) as response:
            return Answer(response.status, response.read().decode())
    except HTTPError as error:
        return Answer(error.code, error.read().decode())
