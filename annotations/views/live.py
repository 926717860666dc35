"""Live updates while a document is open: a cheap poll, and the changes it announces; and the
member names the editor offers after an @."""

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from annotations import reader
from annotations.views.reading import reading
from groups import permissions as group_permissions
from groups.models import Membership
from groups.names import display_name

NOT_MODIFIED = 304


def _after(request: HttpRequest) -> int:
    value = request.GET.get("after", "0")
    return int(value) if value.isdigit() else 0


@require_GET
def poll(request: HttpRequest, group: str, slug: str) -> HttpResponse:
    """How many annotations others posted since `after` (an id): one indexed query; 304 when
    there is nothing new."""
    context = reading(request, group, slug)
    newer = context.counted().newer_than(_after(request))
    if request.user.is_authenticated:
        newer = newer.exclude(author=request.user)
    found = newer.aggregate(new=Count("pk"), latest=Max("pk"))
    if not found["new"]:
        return HttpResponse(status=NOT_MODIFIED)
    return JsonResponse(found)


@require_GET
def changes(request: HttpRequest, group: str, slug: str) -> JsonResponse:
    """What changed since `after`: new highlights and the affected paragraphs' counts."""
    return JsonResponse(reader.changes_since(reading(request, group, slug), _after(request)))


@require_GET
def members(request: HttpRequest, group: str) -> JsonResponse:
    """The group's members whose name starts with `q`, for @mentions (members only)."""
    found = get_object_or_404(group_permissions.groups_visible_to(request.user), slug=group)
    if not group_permissions.can_post(request.user, found):
        return JsonResponse({"members": []}, status=403)
    query = request.GET.get("q", "").lstrip("@")[:50]
    memberships = (
        Membership.objects.filter(group=found, user__username__istartswith=query)
        .select_related("user__profile")
        .order_by("user__username")[:8]
    )
    names = [{"username": m.user.username, "name": display_name(m.user)} for m in memberships]
    return JsonResponse({"members": names})
