"""Groups: creation, invitations, joining, roles, leaving, reading lists."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from groups import services
from groups.models import Group, Invitation, JoinRequest, Membership
from groups.services import GroupError


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
