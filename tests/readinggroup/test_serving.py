"""`make run`'s output: the served address and the demo accounts come last, emails link to the
address actually served, and nothing prints twice or buries them."""

import logging
from collections.abc import Callable
from io import StringIO

import pytest
from django.conf import settings as live_settings
from django.core.management import call_command
from pytest_django.fixtures import Settings

from annotations import selections, writing
from annotations.models import Notification
from groups.models import Group
from readinggroup.management.commands.runserver import Command as Runserver
from texts.models import Document


def bound(port: int, out: StringIO) -> None:
    """What runserver does once its socket is bound to 127.0.0.1:`port`."""
    command = Runserver(stdout=out)
    command.addr, command._raw_ipv6, command.protocol = "127.0.0.1", False, "http"
    command.on_bind(port)


@pytest.mark.django_db(transaction=True)
def test_emails_link_to_the_port_actually_served(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    make_member: Callable,
    make_group: Callable,
    make_document: Callable,
    mailoutbox: list,
) -> None:
    monkeypatch.delenv("READINGGROUP_SITE_URL", raising=False)
    settings.READINGGROUP_SITE_URL = "http://127.0.0.1:8000"  # restored after the test
    bound(8115, StringIO())
    assert live_settings.READINGGROUP_SITE_URL == "http://127.0.0.1:8115"

    document: Document = make_document(paragraphs=3)
    group: Group = make_group(documents=(document,))
    ana = make_member("ana", groups=(group,), email="ana@example.org")
    ben = make_member("ben", groups=(group,))
    selection = selections.Selection("p-2", 0, "p-2", 5)
    note = writing.create_annotation(
        author=ana,
        revision=document.revision,
        group=group,
        selection=selection,
        body="First",
    )
    writing.reply_to_annotation(author=ben, parent=note, body="An answer")
    (email,) = mailoutbox
    assert "http://127.0.0.1:8115/annotations/" in email.body
    assert ":8000" not in email.body


def test_an_explicit_site_url_is_kept(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, db: None
) -> None:
    monkeypatch.setenv("READINGGROUP_SITE_URL", "https://reading.example.org")
    settings.READINGGROUP_SITE_URL = "https://reading.example.org"
    bound(8115, StringIO())
    assert live_settings.READINGGROUP_SITE_URL == "https://reading.example.org"


def test_serving_line_and_demo_accounts_come_last(
    seeds: dict, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEBUG = True
    monkeypatch.setenv("READINGGROUP_SITE_URL", "http://127.0.0.1:8000")
    call_command("create_demo", stdout=StringIO())
    out = StringIO()
    bound(8000, out)
    lines = out.getvalue().strip().splitlines()
    serving = next(i for i, line in enumerate(lines) if "Serving readinggroup on" in line)
    assert "http://127.0.0.1:8000/" in lines[serving]
    assert "Quit the server" not in "\n".join(lines[serving:])  # Django's banner is above
    assert any("admin / readinggroup-admin" in line for line in lines[serving:])
    assert any("readinggroup-demo" in line for line in lines[serving:])


@pytest.mark.django_db(transaction=True)  # notifications are sent once the demo commits
def test_demo_prints_no_emails_but_members_have_their_notifications(
    seeds: dict, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DEBUG = True
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    call_command("create_demo")
    out = capsys.readouterr().out
    assert "Subject:" not in out
    assert "Task id=" not in out
    assert Notification.objects.filter(recipient__username="ben").exists()


def test_task_lines_are_not_printed_and_nothing_prints_twice() -> None:
    assert logging.getLogger("django.tasks").getEffectiveLevel() >= logging.WARNING
    # Django's own console handler would print each of its lines a second time via the root's.
    assert logging.getLogger("django").handlers == []
    assert logging.getLogger().handlers
