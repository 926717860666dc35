"""Headers, error pages and rate limits a security reviewer checks first."""

import re
from collections.abc import Callable
from http import HTTPStatus

from django.test import Client, override_settings
from pytest_django.fixtures import Settings

from annotations.models import Annotation
from annotations.throttling import TOO_FAST
from groups.models import Group
from texts.models import Document

BLOG = "mass-organization-and-political-organization"


def test_pages_carry_a_strict_content_security_policy_with_a_nonce(
    client: Client, circle: Group
) -> None:
    response = client.get(f"/groups/{circle.slug}/texts/{BLOG}/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    # No inline script or style in the page: the policy would block it.
    page = response.content.decode()
    assert "<script>" not in page
    assert "style=" not in page


def test_nonces_change_with_every_response(client: Client, circle: Group) -> None:
    url = f"/groups/{circle.slug}/texts/{BLOG}/"
    first, second = (client.get(url)["Content-Security-Policy"] for _ in range(2))
    assert first != second


@override_settings(DEBUG=False)
def test_a_missing_page_is_friendly_and_shows_no_internals(client: Client, db: None) -> None:
    response = client.get("/groups/no-such-group/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    page = response.content.decode()
    assert "<h1>Nothing here</h1>" in page
    assert "Private groups and their texts show only to their members" in page
    assert "Traceback" not in page
    assert "URLconf" not in page


def test_a_refused_action_explains_itself(
    client: Client, circle: Group, make_member: Callable
) -> None:
    client.force_login(make_member())
    response = client.get(f"/groups/{circle.slug}/manage/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "<h1>You cannot do that here</h1>" in response.content.decode()


def test_posting_is_rate_limited_per_member_with_a_clear_message(
    client: Client,
    seeds: dict[str, Document],
    circle: Group,
    make_member: Callable,
    settings: Settings,
) -> None:
    settings.READINGGROUP_POSTS_PER_MINUTE = 3
    client.force_login(make_member(groups=(circle,)))
    url = f"/groups/{circle.slug}/texts/{BLOG}/comment/"
    statuses = [client.post(url, {"body": f"Comment {n}"}).status_code for n in range(4)]
    assert statuses == [302, 302, 302, 400]
    response = client.post(url, {"body": "One more"})
    assert (
        TOO_FAST.format(limit=3).split(":")[0].replace("'", "&#x27;") in response.content.decode()
    )
    # What was typed comes back in the form (Django's textarea starts with a newline).
    assert re.search(r">\n?One more</textarea>", response.content.decode())
    assert Annotation.objects.filter(body__startswith="Comment").count() == 3
    # Someone else may still post.
    client.force_login(make_member(groups=(circle,)))
    assert client.post(url, {"body": "Another member"}).status_code == HTTPStatus.FOUND


def test_htmx_posts_need_the_csrf_token_too(circle: Group, make_member: Callable) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_member(groups=(circle,)))
    response = client.post(
        f"/groups/{circle.slug}/texts/{BLOG}/comment/",
        {"body": "Forged"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Annotation.objects.filter(body="Forged").exists()
