"""Site pages: the home page."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from groups import permissions as group_permissions
from groups.models import Group, GroupDocument
from meetings import permissions as meeting_permissions


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """My groups and what they read, my next meetings; public groups for everyone else."""
    lists = GroupDocument.objects.select_related("document")
    visible = group_permissions.groups_visible_to(request.user).prefetch_related(
        Prefetch("reading_list", queryset=lists)
    )
    mine = visible.filter(pk__in=group_permissions.member_group_ids(request.user))
    public = visible.filter(visibility=Group.Visibility.PUBLIC).exclude(pk__in=mine)
    upcoming = meeting_permissions.meetings_visible_to(request.user).upcoming()
    upcoming = upcoming.filter(cancelled_at__isnull=True)
    context = {"mine": mine, "public": public, "meetings": upcoming.select_related("group")[:5]}
    return render(request, "readinggroup/home.html", context)
