"""Writes for groups: create, change, delete, invite, join, approve, change roles, remove, reading
lists, profiles.

Each function runs in one transaction and raises GroupError with a message for a person.
"""

from datetime import timedelta
from zoneinfo import available_timezones

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from groups.models import Group, GroupDocument, Invitation, JoinRequest, Membership, Profile
from texts.models import Document

LAST_ADMIN = "A group needs at least one admin: make someone else an admin first."
INVITATION_EXPIRED = "This invitation has expired. Ask whoever invited you for a new link."
INVITATION_USED_UP = (
    "This invitation has been used as many times as allowed. "
    "Ask whoever invited you for a new link."
)
INVITATION_REVOKED = "This invitation was withdrawn. Ask whoever invited you for a new link."
SLUG_TAKEN = "A group at the address {slug!r} already exists: choose another name or address."
NOT_OPEN = "This group does not take members that way."
OPEN_MUST_BE_PUBLIC = "Only a public group can be open to anyone."
REQUEST_MUST_BE_PUBLIC = (
    "Nobody outside a private group can find it to ask to join: choose invitation links, or "
    "make the group public."
)


# Paths under /groups/ that a group's address must not shadow.
RESERVED_SLUGS = frozenset({"new"})


class GroupError(ValueError):
    """A change that cannot be made; the message says why, for a person."""


def create_group(
    *,
    creator: User,
    name: str,
    slug: str = "",
    description: str = "",
    visibility: str = Group.Visibility.PRIVATE,
    join_policy: str = Group.JoinPolicy.INVITATION,
) -> Group:
    """A new group, with its creator as its first admin."""
    slug = slug or slugify(name)[:120]
    if not slug or slug in RESERVED_SLUGS:
        raise GroupError("Choose a name made of letters or digits (not “new”).")
    if problem := join_policy_problem(visibility, join_policy):
        raise GroupError(problem)
    with transaction.atomic():
        if Group.objects.filter(slug=slug).exists():
            raise GroupError(SLUG_TAKEN.format(slug=slug))
        group = Group.objects.create(
            name=name,
            slug=slug,
            description=description,
            visibility=visibility,
            join_policy=join_policy,
        )
        Membership.objects.create(group=group, user=creator, role=Membership.Role.ADMIN)
    return group


def join_policy_problem(visibility: str, join_policy: str) -> str | None:
    """Why a group cannot be joined that way, or None: people outside a private group cannot
    see it, so it is joined by invitation only."""
    if visibility == Group.Visibility.PUBLIC:
        return None
    if join_policy == Group.JoinPolicy.OPEN:
        return OPEN_MUST_BE_PUBLIC
    if join_policy == Group.JoinPolicy.REQUEST:
        return REQUEST_MUST_BE_PUBLIC
    return None


def update_group(
    *, group: Group, name: str, description: str, visibility: str, join_policy: str
) -> Group:
    """Change a group's name, description, visibility and join policy. Its address stays the
    same, so links to the group, its texts and its annotations keep working."""
    if problem := join_policy_problem(visibility, join_policy):
        raise GroupError(problem)
    group.name, group.description = name, description
    group.visibility, group.join_policy = visibility, join_policy
    group.full_clean()
    group.save(update_fields=["name", "description", "visibility", "join_policy"])
    return group


def delete_group(*, group: Group) -> None:
    """Delete a group with everything that is its own, all or nothing: memberships,
    invitations, join requests, reading list, meetings and its discussion (annotations and
    their replies, reactions, flags). Members' accounts, the texts, the texts' own comments and
    private notes stay.
    """
    with transaction.atomic():
        group.delete()


def set_premoderation(*, group: Group, premoderate_new_members: bool) -> Group:
    """Whether a new member's first posts wait for a facilitator's approval."""
    group.premoderate_new_members = premoderate_new_members
    group.save(update_fields=["premoderate_new_members"])
    return group


def set_post_before_peek(*, entry: GroupDocument, post_before_peek: bool) -> GroupDocument:
    """Turn "post before you peek" on or off for one text of the reading list; either way
    starts afresh, without an earlier reveal."""
    entry.post_before_peek = post_before_peek
    entry.revealed_at = None
    entry.save(update_fields=["post_before_peek", "revealed_at"])
    return entry


def create_invitation(*, group: Group, by: User, days: int = 14, max_uses: int = 25) -> Invitation:
    expires_at = timezone.now() + timedelta(days=days)
    return Invitation.objects.create(
        group=group, created_by=by, expires_at=expires_at, max_uses=max_uses
    )


def revoke_invitation(*, invitation: Invitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def accept_invitation(*, token: str, user: User) -> Membership:
    """Join the invitation's group (a member already stays as they are)."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("group")
            .filter(token=token)
            .first()
        )
        if invitation is None:
            raise Invitation.DoesNotExist
        existing = Membership.objects.filter(group=invitation.group, user=user).first()
        if existing:
            return existing
        if invitation.revoked_at is not None:
            raise GroupError(INVITATION_REVOKED)
        if invitation.expires_at <= timezone.now():
            raise GroupError(INVITATION_EXPIRED)
        if invitation.uses >= invitation.max_uses:
            raise GroupError(INVITATION_USED_UP)
        invitation.uses += 1
        invitation.save(update_fields=["uses"])
        JoinRequest.objects.filter(group=invitation.group, user=user).delete()
        return Membership.objects.create(group=invitation.group, user=user)


def join_open_group(*, group: Group, user: User) -> Membership:
    if group.join_policy != Group.JoinPolicy.OPEN:
        raise GroupError(NOT_OPEN)
    membership, _ = Membership.objects.get_or_create(group=group, user=user)
    return membership


def request_to_join(*, group: Group, user: User, message: str = "") -> JoinRequest:
    if group.join_policy != Group.JoinPolicy.REQUEST:
        raise GroupError(NOT_OPEN)
    request, _ = JoinRequest.objects.update_or_create(
        group=group, user=user, defaults={"message": message[:1000]}
    )
    return request


def approve_request(*, join_request: JoinRequest) -> Membership:
    with transaction.atomic():
        membership, _ = Membership.objects.get_or_create(
            group=join_request.group, user=join_request.user
        )
        join_request.delete()
    return membership


def decline_request(*, join_request: JoinRequest) -> None:
    join_request.delete()


def change_role(*, membership: Membership, role: str) -> Membership:
    """Give a member another role; the group's last admin cannot step down."""
    if role not in Membership.Role.values:
        raise GroupError(f"Unknown role {role!r}.")
    with transaction.atomic():
        _lock_admins(membership.group)
        if membership.role == Membership.Role.ADMIN and role != Membership.Role.ADMIN:
            _keep_an_admin(membership)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def remove_member(*, membership: Membership) -> None:
    """Remove someone from a group (or let them leave): they lose access at once, their
    annotations stay with the group."""
    with transaction.atomic():
        _lock_admins(membership.group)
        if membership.role == Membership.Role.ADMIN:
            _keep_an_admin(membership)
        membership.delete()


def _lock_admins(group: Group) -> None:
    # Two admins demoting each other at once must not leave the group without one.
    list(Membership.objects.select_for_update().filter(group=group, role=Membership.Role.ADMIN))


def _keep_an_admin(membership: Membership) -> None:
    others = Membership.objects.filter(group=membership.group, role=Membership.Role.ADMIN).exclude(
        pk=membership.pk
    )
    if not others.exists():
        raise GroupError(LAST_ADMIN)


def add_document(*, group: Group, document: Document) -> GroupDocument:
    try:
        with transaction.atomic():
            return GroupDocument.objects.create(group=group, document=document)
    except IntegrityError:
        return GroupDocument.objects.get(group=group, document=document)


def remove_document(*, group: Group, document: Document) -> None:
    """Take a document off the reading list; the group's annotations on it are kept."""
    GroupDocument.objects.filter(group=group, document=document).delete()


def update_profile(*, user: User, display_name: str, bio: str, timezone: str = "") -> Profile:
    display_name = " ".join(display_name.split())
    if not display_name:
        raise GroupError("Choose a display name: it is how others see you.")
    if timezone and timezone not in available_timezones():
        raise GroupError(f"Unknown time zone {timezone!r}.")
    profile, _ = Profile.objects.update_or_create(
        user=user,
        defaults={
            "display_name": display_name[:80],
            "bio": bio.strip()[:1000],
            "timezone": timezone,
        },
    )
    return profile
