"""A member's notifications: the list, marking them read, settings, unsubscribing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import notifications
from annotations.forms import PreferenceForm
from annotations.models import Annotation, Notification
from groups.http import AuthenticatedHttpRequest

SETTING_NAMES = {
    "email_replies": "emails about replies to you",
    "email_thread": "emails about replies in threads you took part in",
    "email_mentions": "emails about mentions",
    "digest": "the daily digest",
}


@login_required
@require_GET
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What concerns you, newest first: only what you may still read."""
    readable = Annotation.objects.readable_by(request.user).not_hidden()
    mine = Notification.objects.filter(
        recipient=request.user, annotation__in=readable
    ).select_related("annotation__author__profile", "annotation__document", "annotation__group")
    if request.GET.get("badge"):
        # The header's unread count, loaded after the page so pages do not pay for it.
        unread = mine.filter(read_at__isnull=True).count()
        return render(request, "annotations/partials/badge.html", {"unread": unread})
    page = Paginator(mine, 50).get_page(request.GET.get("page"))
    return render(request, "annotations/notifications.html", {"page": page})


@login_required
@require_POST
def mark_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Mark one notification read (`id`), or all of them."""
    ids = request.POST.getlist("id")
    notifications.mark_read(request.user, [int(i) for i in ids if i.isdigit()] if ids else None)
    return redirect("annotations:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST or None, instance=notifications.preferences(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Notification settings saved.")
        return redirect("annotations:notification_settings")
    return render(request, "annotations/notification_settings.html", {"form": form})


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop one kind of email from a link in it, signed in or not. The GET only asks, so that
    mail scanners that follow links do not unsubscribe anyone."""
    try:
        setting = signing.loads(token, salt=notifications.UNSUBSCRIBE_SALT)["setting"]
    except (signing.BadSignature, KeyError, TypeError):
        return render(request, "annotations/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        notifications.unsubscribe(token)
        done = True
    context = {"what": SETTING_NAMES.get(setting, "these emails"), "done": done}
    return render(request, "annotations/unsubscribe.html", context)
