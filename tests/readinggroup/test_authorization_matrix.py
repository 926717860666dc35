"""Who sees and does what: every URL × every kind of person × public group, private group and
private note, with the status each must get, and private text never in a body it must not be.

Roles, in the order of the expectation strings: anonymous visitor, outsider (signed in, in no
group), member, facilitator and admin of the group, site staff (in no group), and the author of
the annotation at stake.
"""

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client
from django.utils import timezone

from annotations import permissions, reader, selections, writing
from annotations.models import Annotation
from groups.models import Group, GroupDocument, Membership
from groups.permissions import PLANNERS
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


# The reading rule in its shapes: who may read each kind of annotation (its body aside: a hidden
# one keeps its place, a deleted one stays a tombstone). Held posts and "post before you peek"
# belong to the groups where the member, facilitator, admin and author are members.
READ_BY = {
    "public": set(ROLES),
    "private": {"member", "facilitator", "admin", "staff", "author"},
    "note": {"author"},
    "the text's own comment": set(ROLES),
    "held": {"facilitator", "admin", "author"},
    "hidden": set(ROLES),
    "deleted": set(ROLES),
    "peek-hidden": {"facilitator", "admin", "author"},
    "peek, after posting there": {"member", "facilitator", "admin", "author"},
    # On the passage of the author's "peek-hidden" note: the author has written there.
    "peek, a former member's": {"facilitator", "admin", "author"},
}


@dataclass
class Kinds:
    annotations: dict[str, Annotation]
    users: dict[str, User | None]  # None: the anonymous visitor
    open: Group


@pytest.fixture
def every_kind(db: None) -> Kinds:
    """A text read by a public group, a private group and a public group reading it "post
    before you peek", with an annotation of each kind of READ_BY."""
    imported = import_document(
        data=b"Notes\n\nFirst paragraph here.\n\nSecond paragraph here.\n\nThird one.\n",
        source_format="text",
    )
    revision = imported.revision
    groups = {
        name: Group.objects.create(name=name, slug=name.lower(), visibility=visibility)
        for name, visibility in (("Open", "public"), ("Closed", "private"), ("Peeking", "public"))
    }
    for group in groups.values():
        GroupDocument.objects.create(
            group=group, document=imported.document, post_before_peek=group.name == "Peeking"
        )
    accounts: dict[str, User] = {}
    for role in [*ROLES[1:], "former"]:
        user = accounts[role] = get_user_model().objects.create_user(role, is_staff=role == "staff")
        if role in {"member", "facilitator", "admin", "author", "former"}:
            for group in groups.values():
                Membership.objects.create(
                    group=group, user=user, role=role if role in PLANNERS else "member"
                )

    def note(group: str | None, anchor: str = "p-2", author: str = "author") -> Annotation:
        return writing.create_annotation(
            author=accounts[author],
            revision=revision,
            group=groups[group] if group else None,
            selection=selections.Selection(anchor, 0, anchor, 5),
            body=f"In {group}.",
        )

    made = {
        "public": note("Open"),
        "private": note("Closed"),
        "note": note(None),
        "held": note("Closed"),
        "hidden": note("Open"),
        "deleted": note("Open"),
        "peek-hidden": note("Peeking"),
        "peek, after posting there": note("Peeking", "p-3"),
        "peek, a former member's": note("Peeking", author="former"),
    }
    note("Peeking", "p-3", author="member")
    made["the text's own comment"] = Annotation.objects.create(
        document=imported.document,
        revision=revision,
        visibility="document",
        body="From the source.",
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )
    Annotation.objects.filter(pk=made["held"].pk).update(pending=True)
    Annotation.objects.filter(pk=made["hidden"].pk).update(hidden_at=timezone.now())
    Annotation.objects.filter(pk=made["deleted"].pk).update(deleted_at=timezone.now(), body="")
    accounts.pop("former").delete()
    return Kinds(annotations=made, users={"anonymous": None, **accounts}, open=groups["Open"])


@pytest.mark.parametrize("kind", READ_BY)
@pytest.mark.parametrize("role", ROLES)
def test_the_reading_rule_answers_alike_as_a_predicate_and_as_a_query(
    every_kind: Kinds, role: str, kind: str
) -> None:
    user = every_kind.users[role] or AnonymousUser()
    annotation = Annotation.objects.select_related("group").get(pk=every_kind.annotations[kind].pk)

    as_predicate = permissions.can_read(user, annotation)
    as_query = Annotation.objects.readable_by(user).filter(pk=annotation.pk).exists()

    assert as_predicate == as_query == (role in READ_BY[kind])
    everyone = [u or AnonymousUser() for u in every_kind.users.values()]
    assert (user in permissions.readers(annotation, everyone)) == as_predicate
    # The reader's narrower form, in the annotation's group (notes and the text's own
    # comments are read in any group): the same answer wherever the group may be read.
    group = Group.objects.with_role_of(user).get(pk=annotation.group_id or every_kind.open.pk)
    if Group.objects.visible_to(user).filter(pk=group.pk).exists():
        context = reader.context_for(annotation.document, group, user)
        assert context.annotations().filter(pk=annotation.pk).exists() == as_predicate
