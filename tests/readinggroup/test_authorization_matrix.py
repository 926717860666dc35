"""Who sees and does what: every URL × every kind of person × public group, private group and
private note, with the status each must get, and private text never in a body it must not be.

Roles, in the order of the expectation strings: anonymous visitor, outsider (signed in, in no
group), member, facilitator and admin of the group, site staff (in no group), and the author of
the annotation at stake. The second table does the same for annotations whose words some of
those may not read: hidden, held for approval, kept back by "post before you peek". The reading
rule's shapes and `permissions.annotation_for` are tested in tests/annotations/test_policy.py.
"""

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from annotations import selections, writing
from annotations.models import Annotation, Flag, ModerationEntry, Notification, Reaction
from groups.models import Group, GroupDocument, Membership
from texts.services import import_document

ROLES = ["anonymous", "outsider", "member", "facilitator", "admin", "staff", "author"]
SCOPES = ["public", "private", "note"]
SECRETS = {"public": "SECRET-PUBLIC", "private": "SECRET-GROUP", "note": "SECRET-NOTE"}
# Who may read the annotation at stake: its text must not reach anyone else.
READERS = {
    "public": set(ROLES),
    "private": {"member", "facilitator", "admin", "staff", "author"},
    "note": {"author"},
}

ALL_OK = "200 200 200 200 200 200 200"
MEMBERS_ONLY = "404 404 200 200 200 200 200"
# url -> scope -> expected status per role (302 for a visitor's POST: sent to sign in).
EXPECTED = {
    "group page": {"public": ALL_OK, "private": MEMBERS_ONLY, "note": ALL_OK},
    "group management": {
        "public": "302 403 403 403 200 200 403",
        "private": "302 404 403 403 200 200 403",
        "note": "302 403 403 403 200 200 403",
    },
    "reader": {"public": ALL_OK, "private": MEMBERS_ONLY, "note": ALL_OK},
    "paragraph panel": {"public": ALL_OK, "private": MEMBERS_ONLY, "note": ALL_OK},
    "annotation list": {"public": ALL_OK, "private": MEMBERS_ONLY, "note": ALL_OK},
    "permalink": {
        "public": ALL_OK,
        "private": MEMBERS_ONLY,
        "note": "404 404 404 404 404 404 200",
    },
    "edit history": {
        "public": ALL_OK,
        "private": MEMBERS_ONLY,
        "note": "404 404 404 404 404 404 200",
    },
    "annotate": {
        "public": "302 403 302 302 302 403 302",
        "private": "302 404 302 302 302 403 302",
        "note": "302 403 302 302 302 403 302",
    },
    "reply": {
        "public": "302 403 302 302 302 403 302",
        "private": "302 404 302 302 302 403 302",
        "note": "302 404 404 404 404 404 302",
    },
    "edit": {
        "public": "302 403 403 403 403 403 302",
        "private": "302 404 403 403 403 403 302",
        "note": "302 404 404 404 404 404 302",
    },
    "delete": {
        "public": "302 403 403 403 403 403 302",
        "private": "302 404 403 403 403 403 302",
        "note": "302 404 404 404 404 404 302",
    },
    "react": {
        "public": "302 403 302 302 302 403 302",
        "private": "302 404 302 302 302 403 302",
        "note": "302 404 404 404 404 404 403",
    },
    # The poll counts others' new annotations: 304 when there is none the reader may see (an
    # author's own posts are drawn already).
    "live poll": {
        "public": "200 200 200 200 200 200 304",
        "private": "404 404 200 200 200 200 304",
        "note": "304 304 304 304 304 304 304",
    },
    "moderation page": {
        "public": "302 403 403 200 200 403 403",
        "private": "302 404 403 200 200 403 403",
        "note": "302 403 403 200 200 403 403",
    },
}


@dataclass
class World:
    group: Group
    annotation: Annotation
    users: dict[str, User | None]  # None: the anonymous visitor

    def request(self, client: Client, url: str) -> tuple[str, str, dict[str, Any]]:
        """The method, path and data of `url` aimed at this world's annotation."""
        g, a = self.group.slug, self.annotation
        reading = f"/groups/{g}/texts/notes/"
        htmx = {"headers": {"HX-Request": "true"}}
        annotate = {
            "start": "p-1",
            "start_offset": 0,
            "end": "p-1",
            "end_offset": 5,
            "body": "New.",
            "motivation": "comment",
            "group": g,
        }
        requests: dict[str, tuple[str, str, dict[str, Any]]] = {
            "group page": ("get", f"/groups/{g}/", {}),
            "group management": ("get", f"/groups/{g}/manage/", {}),
            "reader": ("get", reading, {}),
            "paragraph panel": ("get", f"{reading}paragraphs/p-{a.start_ordinal}/", htmx),
            "annotation list": ("get", f"{reading}annotations/", htmx),
            "permalink": ("get", f"/annotations/{a.pk}/", {}),
            "edit history": ("get", f"/annotations/{a.pk}/history/", {}),
            "annotate": ("post", f"{reading}annotate/", {"data": annotate}),
            "reply": ("post", f"/annotations/{a.pk}/reply/", {"data": {"body": "Reply."}}),
            "edit": ("post", f"/annotations/{a.pk}/edit/", {"data": {"body": "Changed."}}),
            "delete": ("post", f"/annotations/{a.pk}/delete/", {}),
            "react": ("post", f"/annotations/{a.pk}/react/", {"data": {"kind": "agree"}}),
            "live poll": ("get", f"{reading}poll/", {}),
            "moderation page": ("get", f"/groups/{g}/moderation/", {}),
        }
        return requests[url]


@pytest.fixture
def make_world(db: None) -> Callable[[str], World]:
    def make(scope: str) -> World:
        imported = import_document(
            data=b"Notes\n\nFirst paragraph here.\n\nSecond paragraph here.\n", source_format="text"
        )
        public = Group.objects.create(name="Open", slug="open", visibility="public")
        private = Group.objects.create(name="Closed", slug="closed", visibility="private")
        for group in (public, private):
            GroupDocument.objects.create(group=group, document=imported.document)
        group = private if scope == "private" else public
        accounts: dict[str, User] = {}
        for role in ROLES[1:]:
            user = get_user_model().objects.create_user(
                role, password="pw", is_staff=role == "staff"
            )
            accounts[role] = user
            if role in {"member", "facilitator", "admin", "author"}:
                membership_role = role if role in {"facilitator", "admin"} else "member"
                Membership.objects.create(group=group, user=user, role=membership_role)
        annotation = writing.create_annotation(
            author=accounts["author"],
            revision=imported.revision,
            group=None if scope == "note" else group,
            selection=selections.Selection("p-2", 0, "p-2", 6),
            body=SECRETS[scope],
        )
        return World(group=group, annotation=annotation, users={"anonymous": None, **accounts})

    return make


CASES = [
    pytest.param(url, scope, role, int(statuses.split()[i]), id=f"{url}-{scope}-{role}")
    for url, by_scope in EXPECTED.items()
    for scope, statuses in by_scope.items()
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("url", "scope", "role", "status"), CASES)
def test_authorization_matrix(
    client: Client, make_world: Callable[[str], World], url: str, scope: str, role: str, status: int
) -> None:
    world = make_world(scope)
    if (user := world.users[role]) is not None:
        client.force_login(user)
    method, path, options = world.request(client, url)
    before = Annotation.objects.count(), Annotation.objects.filter(deleted_at__isnull=False).count()
    response = getattr(client, method)(path, **options)
    assert response.status_code == status
    if status == HTTPStatus.FOUND and role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if role not in READERS[scope]:
        assert SECRETS[scope] not in response.content.decode()
    if method == "post" and status != HTTPStatus.FOUND:
        # A refused write changes nothing.
        after = (
            Annotation.objects.count(),
            Annotation.objects.filter(deleted_at__isnull=False).count(),
        )
        assert after == before
        world.annotation.refresh_from_db()
        assert world.annotation.body == SECRETS[scope]


# Annotations whose words are kept from some who may otherwise read the group: hidden by a
# moderator, held for approval, kept back by "post before you peek" (issue 13, 6 and 7) x every
# URL that reads or acts on one annotation x every kind of person. People, in the order of the
# expectation strings: anonymous visitor, outsider, a member who has not written on the
# passage, a member who has ("poster"), the author, a facilitator of the group, site staff.
PEOPLE = ["anonymous", "outsider", "member", "poster", "author", "facilitator", "staff"]
STATES = ["hidden", "held", "peek-hidden"]
# Who may read the words at stake.
WORDS_FOR = {
    "hidden": {"author", "facilitator"},
    "held": {"author", "facilitator"},
    "peek-hidden": {"poster", "author", "facilitator"},
}
# Outcomes: a status, "login" (a visitor sent to sign in), "done" (302, the act done), "said"
# (302 to the page acted on, with the service's message: nothing changed), "400" (the form
# page again with the service's message: nothing changed).
ACTS_ON_STATES = {
    "permalink": {
        "hidden": "200 200 200 200 200 200 200",
        "held": "404 404 404 404 200 200 404",
        "peek-hidden": "404 404 404 200 200 200 404",
    },
    "history": {
        "hidden": "404 404 404 404 200 200 404",
        "held": "404 404 404 404 200 200 404",
        "peek-hidden": "404 404 404 200 200 200 404",
    },
    "reply": {
        "hidden": "login 403 400 400 400 400 403",
        "held": "login 404 404 404 done done 404",
        "peek-hidden": "login 404 404 done done done 404",
    },
    "edit": {
        "hidden": "login 403 403 403 done 403 403",
        "held": "login 404 404 404 done 403 404",
        "peek-hidden": "login 404 404 403 done 403 404",
    },
    "delete": {
        "hidden": "login 403 403 403 done 403 403",
        "held": "login 404 404 404 done 403 404",
        "peek-hidden": "login 404 404 403 done 403 404",
    },
    "react": {
        "hidden": "login 403 said said said said 403",
        "held": "login 404 404 404 done done 404",
        "peek-hidden": "login 404 404 done done done 404",
    },
    "answer": {
        "hidden": "login 403 403 403 done done 403",
        "held": "login 404 404 404 done done 404",
        "peek-hidden": "login 404 404 403 done done 404",
    },
    "flag": {
        "hidden": "login 403 said said 403 said 403",
        "held": "login 404 404 404 403 done 404",
        "peek-hidden": "login 404 404 done 403 done 404",
    },
    "moderate": {
        "hidden": "login 403 403 403 403 done 403",
        "held": "login 404 404 404 403 done 404",
        "peek-hidden": "login 404 404 403 403 done 404",
    },
    # Only an orphan is re-attached: none of these is one.
    "reattach": {
        "hidden": "login 403 403 403 403 403 403",
        "held": "login 404 404 404 403 403 404",
        "peek-hidden": "login 404 404 403 403 403 404",
    },
}
# What each state's moderation form asks for.
MODERATION = {
    "hidden": {"action": "restore", "reason": "Fine after all"},
    "held": {"action": "approve", "reason": ""},
    "peek-hidden": {"action": "hide", "reason": "Off topic"},
}
WORDS = "UNSEEN-WORDS"


@dataclass
class Stated:
    annotation: Annotation
    people: dict[str, User | None]  # None: the anonymous visitor

    def request(self, url: str, state: str) -> tuple[str, str, dict[str, str]]:
        """The method, path and data of `url` aimed at the annotation."""
        pk = self.annotation.pk
        return {
            "permalink": ("get", f"/annotations/{pk}/", {}),
            "history": ("get", f"/annotations/{pk}/history/", {}),
            "reply": ("post", f"/annotations/{pk}/reply/", {"body": "Reply."}),
            "edit": ("post", f"/annotations/{pk}/edit/", {"body": "Changed."}),
            "delete": ("post", f"/annotations/{pk}/delete/", {}),
            "react": ("post", f"/annotations/{pk}/react/", {"kind": "agree"}),
            "answer": ("post", f"/annotations/{pk}/answer/", {"reply": ""}),
            "flag": ("post", f"/annotations/{pk}/flag/", {"reason": "Spoiler"}),
            "moderate": ("post", f"/annotations/{pk}/moderate/", MODERATION[state]),
            "reattach": ("get", f"/annotations/{pk}/reattach/", {}),
        }[url]


@pytest.fixture
def make_stated(db: None) -> Callable[[str], Stated]:
    def make(state: str) -> Stated:
        imported = import_document(
            data=b"Notes\n\nFirst paragraph here.\n\nSecond paragraph here.\n", source_format="text"
        )
        group = Group.objects.create(name="Open", slug="open", visibility="public")
        GroupDocument.objects.create(
            group=group, document=imported.document, post_before_peek=state == "peek-hidden"
        )
        accounts: dict[str, User] = {}
        for person in PEOPLE[1:]:
            user = get_user_model().objects.create_user(person, is_staff=person == "staff")
            accounts[person] = user
            if person in {"member", "poster", "author", "facilitator"}:
                role = "facilitator" if person == "facilitator" else "member"
                Membership.objects.create(group=group, user=user, role=role)

        def write(author: str, body: str, motivation: str = "comment") -> Annotation:
            return writing.create_annotation(
                author=accounts[author],
                revision=imported.revision,
                group=group,
                selection=selections.Selection("p-2", 0, "p-2", 6),
                body=body,
                motivation=motivation,
            )

        write("poster", "The poster's own view.")
        at_stake = write("author", WORDS, "question")
        stored = Annotation.objects.filter(pk=at_stake.pk)
        if state == "hidden":
            stored.update(hidden_at=timezone.now(), hidden_reason="Off topic")
        elif state == "held":
            stored.update(pending=True)
        return Stated(annotation=at_stake, people={"anonymous": None, **accounts})

    return make


def footprint(annotation: Annotation) -> tuple[object, ...]:
    """Everything an act could change: rows written and the annotation's own state."""
    stored = Annotation.objects.filter(pk=annotation.pk).values_list(
        "body", "hidden_at", "pending", "answer_id", "deleted_at"
    )
    return (
        Annotation.objects.count(),
        Reaction.objects.count(),
        Flag.objects.count(),
        ModerationEntry.objects.count(),
        Notification.objects.count(),
        list(stored),
    )


STATE_CASES = [
    pytest.param(url, state, person, outcomes.split()[i], id=f"{url}-{state}-{person}")
    for url, by_state in ACTS_ON_STATES.items()
    for state, outcomes in by_state.items()
    for i, person in enumerate(PEOPLE)
]


@pytest.mark.parametrize(("url", "state", "person", "expected"), STATE_CASES)
def test_hidden_held_and_peek_hidden_annotations_on_every_path(
    client: Client,
    make_stated: Callable[[str], Stated],
    url: str,
    state: str,
    person: str,
    expected: str,
) -> None:
    stated = make_stated(state)
    if (user := stated.people[person]) is not None:
        client.force_login(user)
    method, path, data = stated.request(url, state)
    before = footprint(stated.annotation)
    response = getattr(client, method)(path, data)
    refused = [m for m in get_messages(response.wsgi_request) if m.level == messages.ERROR]
    if person not in WORDS_FOR[state]:
        assert WORDS not in response.content.decode()
    match expected:
        case "login":
            assert response.status_code == HTTPStatus.FOUND
            assert response["Location"].startswith("/accounts/login/")
        case "done":
            assert response.status_code == HTTPStatus.FOUND
            assert refused == []
        case "said":
            assert response.status_code == HTTPStatus.FOUND
            assert len(refused) == 1
        case _:
            assert response.status_code == int(expected)
    if expected != "done" and method == "post":
        # A refused act changes nothing and tells nobody anything.
        assert footprint(stated.annotation) == before
