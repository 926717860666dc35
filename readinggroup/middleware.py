"""Showing times in the reader's own time zone; refusing oversized requests unread."""

from collections.abc import Callable
from http import HTTPStatus
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone

from readinggroup import importing


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


class RequestSizeMiddleware:
    """Refuse a request whose Content-Length is over what its page accepts, before anything
    reads its body: the import page takes `importing.max_request_bytes()` and answers with its
    own page and message; every other page READINGGROUP_MAX_REQUEST_BYTES (status 413 both)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        size = content_length(request)
        if request.path_info == reverse("import"):
            if size > importing.max_request_bytes():
                return importing.refuse_oversized(request, size)
        elif size > settings.READINGGROUP_MAX_REQUEST_BYTES:
            limit = filesizeformat(settings.READINGGROUP_MAX_REQUEST_BYTES)
            return HttpResponse(
                f"This request is {filesizeformat(size)}, over the {limit} this page accepts. "
                "Nothing was saved: send something shorter.",
                status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def content_length(request: HttpRequest) -> int:
    """The request body's declared size in bytes (0 when absent or not a number, as Django)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0
