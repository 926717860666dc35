"""Accounts through django-allauth: sign up, sign in, sign out, reset, profile, deletion."""

from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.tasks.backends.dummy import DummyBackend
from django.test import Client
from django.utils.html import escape
from pytest_django.fixtures import Settings

from annotations import writing
from annotations.models import Annotation
from groups.models import Group
from readinggroup.accounts import RESERVED_USERNAME, is_reserved_username
from texts.models import Document

PASSPHRASE = "a long enough passphrase"


def signup_data(username: str, email: str) -> dict[str, str]:
    """What the sign-up page posts for `username`."""
    return {"email": email, "username": username, "password1": PASSPHRASE, "password2": PASSPHRASE}


def test_sign_up_then_sign_in_with_user_name_or_email(client: Client, db: None) -> None:
    response = client.post("/accounts/signup/", signup_data("rosa", "rosa@example.org"))
    assert response.status_code == HTTPStatus.FOUND
    client.post("/accounts/logout/")
    for login in ("rosa", "rosa@example.org"):
        response = client.post(
            "/accounts/login/", {"login": login, "password": "a long enough passphrase"}
        )
        assert response.status_code == HTTPStatus.FOUND, login
        client.post("/accounts/logout/")


@pytest.mark.parametrize(
    "username",
    [
        pytest.param("imported-mike", id="old-placeholder"),
        pytest.param("imported-commenter", id="old-unsigned-placeholder"),
        pytest.param("Imported-Mike", id="capitals"),
        pytest.param("imported_mike", id="underscore"),
        pytest.param("imported.mike", id="dot"),
        pytest.param("imported", id="bare-prefix"),
        pytest.param("ｉｍｐｏｒｔｅｄ-mike", id="fullwidth"),
    ],
)
def test_sign_up_refuses_a_name_reserved_for_imported_comments(
    client: Client, db: None, username: str
) -> None:
    response = client.post("/accounts/signup/", signup_data(username, "mike@example.org"))
    assert response.status_code == HTTPStatus.OK
    assert escape(RESERVED_USERNAME) in response.content.decode()
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("username", ["importer", "imported2", "mike-imported", "reimported-x"])
def test_names_that_only_resemble_the_reserved_ones_are_free(username: str) -> None:
    assert not is_reserved_username(username)


def test_in_production_an_email_must_be_verified_before_signing_in(
    client: Client, db: None, settings: Settings
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    client.post("/accounts/signup/", signup_data("rosa", "rosa@example.org"))
    assert len(mail.outbox) == 1
    assert "rosa@example.org" in mail.outbox[0].to
    response = client.post(
        "/accounts/login/", {"login": "rosa", "password": "a long enough passphrase"}
    )
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_signing_out_takes_a_post(client: Client, make_member: Callable) -> None:
    client.force_login(make_member())
    client.get("/accounts/logout/")
    assert "_auth_user_id" in client.session
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_password_reset_does_not_reveal_who_has_an_account(
    client: Client, make_member: Callable
) -> None:
    make_member("rosa", email="rosa@example.org")
    known = client.post("/accounts/password/reset/", {"email": "rosa@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == HTTPStatus.FOUND
    assert known["Location"] == unknown["Location"]
    assert mail.outbox[0].to == ["rosa@example.org"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert all("/accounts/password/reset/key/" not in m.body for m in mail.outbox[1:])


def test_the_admin_login_goes_through_allauth(client: Client, db: None) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")


def test_a_member_sets_a_display_name_that_others_see(
    client: Client, seeds: dict[str, Document], circle: Group, make_member: Callable
) -> None:
    member = make_member("rl", groups=(circle,))
    client.force_login(member)
    client.post("/accounts/profile/", {"display_name": "Rosa L.", "bio": "Reads slowly."})
    blog = seeds["mass-organization-and-political-organization"]
    note = writing.create_annotation(
        author=member, revision=blog.revision, group=circle, selection=None, body="Hi."
    )
    client.logout()
    page = client.get(note.get_absolute_url()).content.decode()
    assert '<span class="annotation-author">Rosa L.</span>' in page


def test_deleting_an_account_needs_the_password_and_keeps_group_annotations(
    client: Client, seeds: dict[str, Document], circle: Group, make_member: Callable
) -> None:
    member = make_member("leaving", groups=(circle,))
    blog = seeds["mass-organization-and-political-organization"]
    kept = writing.create_annotation(
        author=member, revision=blog.revision, group=circle, selection=None, body="Kept."
    )
    client.force_login(member)
    response = client.post("/accounts/delete/", {"password": "wrong"})
    assert "That is not your password." in response.content.decode()
    client.post("/accounts/delete/", {"password": "pw-for-tests"})
    assert not get_user_model().objects.filter(username="leaving").exists()
    page = client.get(Annotation.objects.get(pk=kept.pk).get_absolute_url()).content.decode()
    assert '<span class="annotation-author">former member</span>' in page


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_account_pages_use_the_sites_layout(client: Client, db: None, path: str) -> None:
    page = client.get(path).content.decode()
    assert '<a class="site-name" href="/">readinggroup</a>' in page
    assert 'class="page form-page account-page"' in page


def test_account_emails_go_through_the_tasks_queue(
    client: Client, make_member: Callable, settings: Settings
) -> None:
    make_member("rosa", email="rosa@example.org")
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    response = client.post("/accounts/password/reset/", {"email": "rosa@example.org"})
    # The request returns without sending: the email waits in the queue for a worker.
    assert response.status_code == HTTPStatus.FOUND
    assert mail.outbox == []
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    assert isinstance(backend, DummyBackend)
    [queued] = backend.results
    assert queued.task.name == "deliver_email"
    assert queued.kwargs["to"] == ["rosa@example.org"]
    assert "/accounts/password/reset/key/" in queued.kwargs["body"]
