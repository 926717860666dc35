"""Who may see and do what with groups and their reading lists: the one place these rules live.

Private groups answer 404 to outsiders (callers use `groups_visible_to` to look them up), so
their existence never leaks. Site staff see every group and manage any of them.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from groups.models import Group, GroupDocument, GroupQuerySet, Membership
from texts.models import Document, DocumentQuerySet

# Who is asking: a member's account, or a visitor who is not signed in.
Viewer = User | AnonymousUser
MANAGERS = {Membership.Role.ADMIN}
PLANNERS = {Membership.Role.ADMIN, Membership.Role.FACILITATOR}


def role_in(user: Viewer, group: Group) -> str | None:
    """The user's role in the group, or None for non-members: from the group when it was
    fetched `with_role_of(user)`, else one query, cached on the group."""
    if not user.is_authenticated:
        return None
    if getattr(group, "viewer_id", None) == user.pk:
        return group.viewer_role
    cache = group.__dict__.setdefault("_roles", {})
    if user.pk not in cache:
        cache[user.pk] = (
            Membership.objects.filter(group=group, user=user).values_list("role", flat=True).first()
        )
    return cache[user.pk]


def groups_visible_to(user: Viewer) -> GroupQuerySet:
    return Group.objects.visible_to(user)


def member_group_ids(user: Viewer) -> QuerySet[Membership, int]:
    """The ids of the groups `user` belongs to, as a subquery."""
    if not user.is_authenticated:
        return Membership.objects.none().values_list("group_id", flat=True)
    return Membership.objects.filter(user_id=user.pk).values_list("group_id", flat=True)


def can_see_discussion(user: Viewer, group: Group) -> bool:
    """Read the group's page, reading list and annotations."""
    return group.is_public or user.is_staff or role_in(user, group) is not None


def can_post(user: Viewer, group: Group) -> bool:
    """Write annotations and replies in the group: members only, whatever the visibility."""
    return bool(user.is_active and role_in(user, group) is not None)


def can_manage(user: Viewer, group: Group) -> bool:
    """Change members, roles, invitations and the reading list."""
    return bool(user.is_staff or role_in(user, group) in MANAGERS)


def can_edit(user: Viewer, group: Group) -> bool:
    """Change the group's name, description, visibility and join policy: its admins."""
    return can_manage(user, group)


def can_delete(user: Viewer, group: Group) -> bool:
    """Delete the group with its memberships, invitations, reading list and meetings."""
    return can_manage(user, group)


def can_join_openly(user: Viewer, group: Group) -> bool:
    return bool(
        user.is_authenticated
        and group.join_policy == Group.JoinPolicy.OPEN
        and role_in(user, group) is None
    )


def can_request_to_join(user: Viewer, group: Group) -> bool:
    return bool(
        user.is_authenticated
        and group.join_policy == Group.JoinPolicy.REQUEST
        and group.is_public
        and role_in(user, group) is None
    )


def readable_documents(user: Viewer) -> DocumentQuerySet:
    """Documents on the reading list of a group whose discussion `user` may see."""
    if user.is_staff:
        return Document.objects.all()
    on_lists = GroupDocument.objects.filter(
        Q(group__visibility=Group.Visibility.PUBLIC) | Q(group_id__in=member_group_ids(user))
    ).values("document_id")
    return Document.objects.filter(pk__in=on_lists)


def addable_documents(user: Viewer, group: Group) -> DocumentQuerySet:
    """Documents `user` may put on `group`'s reading list: those they may read, not on it yet."""
    return readable_documents(user).exclude(pk__in=group.reading_list.values("document_id"))


def reading_groups(user: Viewer, document: Document) -> GroupQuerySet:
    """The groups reading `document` whose discussion `user` may see, the user's own first."""
    return groups_visible_to(user).filter(reading_list__document=document).distinct()


def posting_groups(user: Viewer, document: Document) -> GroupQuerySet:
    """The groups `user` may post in about `document`."""
    if not user.is_authenticated:
        return Group.objects.none()
    return Group.objects.filter(
        pk__in=member_group_ids(user), reading_list__document=document
    ).distinct()
