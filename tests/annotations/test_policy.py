"""The reading rule in its shapes, and the one way views reach an annotation
(`permissions.annotation_for`): each kind of annotation x each kind of person."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from annotations import permissions, reader, selections, writing
from annotations.models import Annotation
from groups.models import Group, GroupDocument, Membership
from groups.permissions import PLANNERS
from texts.services import import_document

ROLES = ["anonymous", "outsider", "member", "facilitator", "admin", "staff", "author"]

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


def outcome(user: User | AnonymousUser, pk: int, action: permissions.Action) -> str:
    try:
        permissions.annotation_for(user, pk, action)
    except permissions.Gone:
        return "gone"
    except Http404:
        return "404"
    except PermissionDenied:
        return "403"
    return "ok"


@pytest.mark.parametrize("kind", READ_BY)
@pytest.mark.parametrize("role", ROLES)
def test_an_annotation_is_reached_to_read_by_whoever_may_read_it(
    every_kind: Kinds, role: str, kind: str
) -> None:
    user = every_kind.users[role] or AnonymousUser()
    found = outcome(user, every_kind.annotations[kind].pk, permissions.Action.READ)
    assert found == ("ok" if role in READ_BY[kind] else "404")


# Putting a thread on a meeting's agenda (meetings' "Add to agenda"), in the order of ROLES:
# a group's thread is its facilitators' and admins' to plan with, never a private note, a
# hidden one's words only for those who may read them.
PLAN = {
    "public": "403 403 403 ok ok 403 403",
    "private": "404 404 403 ok ok 403 403",
    "note": "404 404 404 404 404 404 403",
    "the text's own comment": "403 ok ok ok ok ok ok",
    "held": "404 404 404 ok ok 404 403",
    "hidden": "404 404 404 ok ok 404 403",
    "deleted": "403 403 403 ok ok 403 403",
    "peek-hidden": "404 404 404 ok ok 404 403",
    "peek, after posting there": "404 404 403 ok ok 404 403",
    "peek, a former member's": "404 404 404 ok ok 404 403",
}


@pytest.mark.parametrize("kind", PLAN)
@pytest.mark.parametrize("role", ROLES)
def test_an_annotation_is_reached_for_an_agenda_by_its_groups_planners(
    every_kind: Kinds, role: str, kind: str
) -> None:
    user = every_kind.users[role] or AnonymousUser()
    found = outcome(user, every_kind.annotations[kind].pk, permissions.Action.PLAN)
    assert found == PLAN[kind].split()[ROLES.index(role)]


@pytest.mark.parametrize("action", list(permissions.Action))
def test_an_annotation_that_is_gone_is_said_to_be_gone_to_anyone(
    every_kind: Kinds, action: permissions.Action
) -> None:
    gone = every_kind.annotations["public"]
    pk = gone.pk
    gone.delete()
    for user in every_kind.users.values():
        assert outcome(user or AnonymousUser(), pk, action) == "gone"
