"""Who may see and plan meetings: members see their groups' meetings (a video link or an
address is not for the world); facilitators and admins plan them. Facilitator notes reach
planners only."""

from django.contrib.auth.models import AnonymousUser, User

from groups import permissions as group_permissions
from groups.models import Group
from meetings.models import Meeting, MeetingQuerySet

# Who is asking: a member's account, or a visitor who is not signed in.
Viewer = User | AnonymousUser


def meetings_visible_to(user: Viewer) -> MeetingQuerySet:
    if user.is_staff:
        return Meeting.objects.all()
    return Meeting.objects.filter(group_id__in=group_permissions.member_group_ids(user))


def can_see_meetings(user: Viewer, group: Group) -> bool:
    return bool(user.is_staff or group_permissions.role_in(user, group) is not None)


def can_plan(user: Viewer, group: Group) -> bool:
    """Create, edit and cancel meetings, build agendas, see facilitator notes."""
    return group_permissions.role_in(user, group) in group_permissions.PLANNERS
