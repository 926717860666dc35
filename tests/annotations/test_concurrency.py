"""No post lost under concurrency (issue 13, 1): many members replying in the same second, through
the live server (several threads, each with its own connection), on SQLite and PostgreSQL."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest
from django.contrib.auth.models import User
from django.test import Client

from annotations import writing
from annotations.models import Annotation
from annotations.selections import Selection
from texts.models import Document

# A CSRF secret both the cookie and the header carry, as a browser's form would.
CSRF = "concurrentrepliesconcurrentrepli"


class NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def post_as(live_url: str, session: str, path: str, data: dict[str, str]) -> int:
    """POST a form as the member whose session cookie is `session`; the response's status."""
    # Only the live server's own http:// address is opened.
    request = Request(  # noqa: S310
        live_url + path,
        data=urlencode(data).encode(),
        headers={
            "Cookie": f"sessionid={session}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    opener = build_opener(NoRedirects, HTTPCookieProcessor(CookieJar()))
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except HTTPError as error:
        return error.code


def session_of(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.mark.django_db(transaction=True)
def test_twenty_replies_at_once_from_ten_members_are_all_stored(
    live_server: object, seeds: dict[str, Document], make_group: Callable, make_member: Callable
) -> None:
    document = next(iter(seeds.values()))
    group = make_group(documents=(document,))
    members = [make_member(f"member{n}", groups=(group,)) for n in range(10)]
    paragraph = document.revision.paragraphs.get(ordinal=2)
    root = writing.create_annotation(
        author=members[0],
        revision=document.revision,
        group=group,
        selection=Selection(paragraph.anchor, 0, paragraph.anchor, 10),
        body="What do you all think?",
    )
    sessions = [session_of(member) for member in members] * 2
    path = f"/annotations/{root.pk}/reply/"
    url = str(live_server)
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(
            pool.map(
                lambda pair: post_as(url, pair[1], path, {"body": f"Reply number {pair[0]}."}),
                enumerate(sessions),
            )
        )
    assert [s for s in statuses if s >= 500] == []
    assert set(statuses) == {302}
    assert Annotation.objects.filter(root=root).count() == 20
