"""Groups: creation, changes, deletion, invitations, joining, roles, leaving, reading lists."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete
from django.utils import timezone

from annotations import writing
from annotations.models import Annotation
from groups import services
from groups.models import Group, GroupDocument, Invitation, JoinRequest, Membership
from groups.services import GroupError
from meetings.models import AgendaItem, Meeting
from texts.models import Document


def test_the_creator_of_a_group_is_its_admin(make_member: Callable) -> None:
    creator = make_member()
    group = services.create_group(creator=creator, name="Tuesday Gramsci circle")
    assert group.slug == "tuesday-gramsci-circle"
    assert Membership.objects.get(group=group).role == "admin"
    assert not group.is_public


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"name": "New"}, "not “new”", id="reserved-address"),
        pytest.param({"name": "!!!"}, "letters or digits", id="no-address"),
        pytest.param(
            {"name": "X", "join_policy": "open"}, "Only a public group", id="open-private"
        ),
    ],
)
def test_a_group_needs_a_usable_address_and_coherent_settings(
    make_member: Callable, fields: dict, message: str
) -> None:
    with pytest.raises(GroupError, match=message):
        services.create_group(creator=make_member(), **fields)
    assert not Group.objects.exists()


def test_an_address_cannot_be_taken_twice(make_member: Callable) -> None:
    services.create_group(creator=make_member(), name="Circle")
    with pytest.raises(GroupError, match="already exists"):
        services.create_group(creator=make_member(), name="Circle")


def test_an_invitation_lets_people_join_until_it_is_used_up(
    make_member: Callable, make_group: Callable
) -> None:
    group = make_group(visibility="private")
    invitation = services.create_invitation(group=group, by=make_member(), days=7, max_uses=2)
    first, second, third = make_member(), make_member(), make_member()
    services.accept_invitation(token=invitation.token, user=first)
    services.accept_invitation(token=invitation.token, user=first)  # joining twice costs nothing
    services.accept_invitation(token=invitation.token, user=second)
    with pytest.raises(GroupError, match=services.INVITATION_USED_UP):
        services.accept_invitation(token=invitation.token, user=third)
    assert set(group.memberships.values_list("user", flat=True)) == {first.pk, second.pk}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            {"expires_at": timezone.now() - timedelta(minutes=1)},
            services.INVITATION_EXPIRED,
            id="expired",
        ),
        pytest.param({"revoked_at": timezone.now()}, services.INVITATION_REVOKED, id="revoked"),
    ],
)
def test_an_expired_or_withdrawn_invitation_is_refused(
    make_member: Callable, make_group: Callable, change: dict, message: str
) -> None:
    group = make_group(visibility="private")
    invitation = services.create_invitation(group=group, by=make_member())
    Invitation.objects.filter(pk=invitation.pk).update(**change)
    with pytest.raises(GroupError, match=message):
        services.accept_invitation(token=invitation.token, user=make_member())
    assert not group.memberships.exists()


def test_requests_wait_for_an_admin(make_member: Callable, make_group: Callable) -> None:
    group = make_group(join_policy="request")
    asker = make_member()
    request = services.request_to_join(group=group, user=asker, message="I read along already.")
    assert not group.memberships.filter(user=asker).exists()
    services.approve_request(join_request=request)
    assert group.memberships.get(user=asker).role == "member"
    assert not JoinRequest.objects.exists()


def test_only_open_groups_can_be_joined_directly(
    make_member: Callable, make_group: Callable
) -> None:
    with pytest.raises(GroupError, match=services.NOT_OPEN):
        services.join_open_group(group=make_group(), user=make_member())
    open_group = make_group(join_policy="open")
    assert services.join_open_group(group=open_group, user=make_member()).role == "member"


def test_the_last_admin_can_neither_step_down_nor_leave(
    make_member: Callable, make_group: Callable
) -> None:
    group = make_group()
    admin = Membership.objects.create(group=group, user=make_member(), role="admin")
    with pytest.raises(GroupError, match=services.LAST_ADMIN):
        services.change_role(membership=admin, role="member")
    with pytest.raises(GroupError, match=services.LAST_ADMIN):
        services.remove_member(membership=admin)
    other = Membership.objects.create(group=group, user=make_member(), role="member")
    services.change_role(membership=other, role="admin")
    services.remove_member(membership=admin)
    assert list(group.memberships.values_list("role", flat=True)) == ["admin"]


def test_a_person_is_in_a_group_once(make_member: Callable, make_group: Callable) -> None:
    group, user = make_group(), make_member()
    Membership.objects.create(group=group, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=group, user=user)


def test_a_display_name_is_required(make_member: Callable) -> None:
    with pytest.raises(GroupError, match="Choose a display name"):
        services.update_profile(user=make_member(), display_name="   ", bio="")
    profile = services.update_profile(user=make_member(), display_name="  Ana  Ortiz ", bio="Hi")
    assert profile.display_name == "Ana Ortiz"


def test_changing_a_group_keeps_its_address(make_member: Callable, make_group: Callable) -> None:
    group = make_group()
    services.update_group(
        group=group,
        name="Renamed",
        description="Slowly.",
        visibility="private",
        join_policy="invitation",
    )
    group.refresh_from_db()
    assert (group.slug, group.name, group.description) == ("group-1", "Renamed", "Slowly.")
    assert (group.visibility, group.join_policy) == ("private", "invitation")
    with pytest.raises(GroupError, match=services.OPEN_MUST_BE_PUBLIC):
        services.update_group(
            group=group, name="Renamed", description="", visibility="private", join_policy="open"
        )
    with pytest.raises(GroupError, match="Nobody outside a private group can find it"):
        services.update_group(
            group=group,
            name="Renamed",
            description="",
            visibility="private",
            join_policy="request",
        )
    group.refresh_from_db()
    assert group.join_policy == "invitation"


@pytest.fixture
def full_group(
    seeds: dict[str, Document], make_member: Callable, make_group: Callable
) -> tuple[Group, Annotation]:
    """A group with members, an invitation, a request to join, a reading list and a meeting
    with an agenda; and a member's private note on one of its texts (returned with it)."""
    blog = seeds["mass-organization-and-political-organization"]
    group = make_group(documents=tuple(seeds.values()), join_policy="request")
    member = make_member(groups=(group,), role="admin")
    make_member(groups=(group,))
    services.create_invitation(group=group, by=member)
    services.request_to_join(group=group, user=make_member())
    meeting = Meeting.objects.create(group=group, title="First", starts_at=timezone.now())
    AgendaItem.objects.create(meeting=meeting, position=1, prompt="Why organise?")
    note = writing.create_annotation(
        author=member, revision=blog.revision, group=None, selection=None, body="Mine."
    )
    return group, note


def rows_of(group_pk: int) -> dict[str, int]:
    return {
        "groups": Group.objects.filter(pk=group_pk).count(),
        "memberships": Membership.objects.filter(group_id=group_pk).count(),
        "invitations": Invitation.objects.filter(group_id=group_pk).count(),
        "requests": JoinRequest.objects.filter(group_id=group_pk).count(),
        "reading list": GroupDocument.objects.filter(group_id=group_pk).count(),
        "meetings": Meeting.objects.filter(group_id=group_pk).count(),
        "agenda items": AgendaItem.objects.filter(meeting__group_id=group_pk).count(),
    }


FULL = {
    "groups": 1,
    "memberships": 2,
    "invitations": 1,
    "requests": 1,
    "reading list": 2,
    "meetings": 1,
    "agenda items": 1,
}


def test_deleting_a_group_deletes_what_it_owns_and_keeps_people_texts_and_private_notes(
    full_group: tuple[Group, Annotation],
) -> None:
    group, note = full_group
    assert rows_of(group.pk) == FULL
    users, documents = get_user_model().objects.count(), Document.objects.count()
    services.delete_group(group=group)
    assert rows_of(group.pk) == dict.fromkeys(FULL, 0)
    assert get_user_model().objects.count() == users
    assert Document.objects.count() == documents
    assert Annotation.objects.get(pk=note.pk).body == "Mine."


def test_deleting_a_group_is_all_or_nothing(full_group: tuple[Group, Annotation]) -> None:
    group, _ = full_group

    def fail(**kwargs: object) -> None:
        # The group's row goes last, after everything that depends on it.
        raise RuntimeError("the database went away")

    post_delete.connect(fail, sender=Group)
    try:
        with pytest.raises(RuntimeError):
            services.delete_group(group=group)
    finally:
        post_delete.disconnect(fail, sender=Group)
    assert rows_of(group.pk) == FULL


def test_deleting_a_group_takes_its_discussion_and_keeps_what_is_not_its_own(
    full_group: tuple[Group, Annotation], seeds: dict[str, Document], make_member: Callable
) -> None:
    group, note = full_group
    blog = seeds["mass-organization-and-political-organization"]
    member = group.memberships.all()[0].user
    thread = writing.create_annotation(
        author=member, revision=blog.revision, group=group, selection=None, body="Ours."
    )
    reply = writing.reply_to_annotation(author=member, parent=thread, body="Yes.")
    writing.reply_to_annotation(author=member, parent=reply, body="And more.")
    # A reply to one of the text's own comments joins the replier's group: it goes too, the
    # comment stays.
    source_comment = Annotation.objects.get(document=blog, source_number=1)
    writing.reply_to_annotation(
        author=member, parent=source_comment, body="Late answer.", group=group
    )
    pk = group.pk
    services.delete_group(group=group)
    assert not Annotation.objects.filter(group_id=pk).exists()
    assert Annotation.objects.filter(document=blog).count() == 3  # the text's own comments
    assert Annotation.objects.filter(pk=source_comment.pk).exists()
    assert Annotation.objects.get(pk=note.pk).body == "Mine."
