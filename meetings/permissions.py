"""Who may see and plan meetings: members see their groups' meetings (a video link or an
address is not for the world); facilitators and admins plan them. Facilitator notes reach
planners only."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from groups import permissions as group_permissions
from groups.models import Group
from meetings.models import Meeting

User = AbstractBaseUser | AnonymousUser


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    if user.is_staff:
        return Meeting.objects.all()
    return Meeting.objects.filter(group_id__in=group_permissions.member_group_ids(user))


def can_see_meetings(user: User, group: Group) -> bool:
    return bool(user.is_staff or group_permissions.role_in(user, group) is not None)


def can_plan(user: User, group: Group) -> bool:
    """Create, edit and cancel meetings, build agendas, see facilitator notes."""
    return group_permissions.role_in(user, group) in group_permissions.PLANNERS
