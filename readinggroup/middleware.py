"""Showing times in the reader's own time zone."""

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class ViewerTimezoneMiddleware:
    """Activate the signed-in member's time zone (from their profile, loaded with them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = ""
        if request.user.is_authenticated:
            try:
                zone = request.user.profile.timezone
            except ObjectDoesNotExist:
                zone = ""
        if zone:
            timezone.activate(ZoneInfo(zone))
        else:
            timezone.deactivate()
        return self.get_response(request)
