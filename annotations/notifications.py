"""Telling members what concerns them: replies to them, replies in threads they took part in,
and @mentions. In the app, and by email through the tasks queue; never about anything the
recipient may not read (private, pending, hidden, peeked, or in a group they left).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from annotations import permissions
from annotations.models import Annotation, Notification, NotificationPreference
from annotations.tasks import deliver_email
from groups.models import Group, Membership
from groups.names import display_name

Kind = Notification.Kind
MENTION = re.compile(r"(?<![\w@/.])@([\w.+-]{1,150})")
UNSUBSCRIBE_SALT = "readinggroup.unsubscribe"
# Which preference turns off the emails of each kind.
EMAIL_SETTING: dict[str, str] = {
    Kind.REPLY: "email_replies",
    Kind.THREAD: "email_thread",
    Kind.MENTION: "email_mentions",
}


@dataclass(frozen=True)
class Email:
    """One notification email, written by the task that sends it (`email_notifications`)."""

    subject: str
    body: str
    to: str


def preferences(user: User) -> NotificationPreference:
    """The member's settings (the defaults, unsaved, until they change one)."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(
        user=user
    )


def notify(annotation: Annotation) -> list[Notification]:
    """Notify the people `annotation` concerns: in the app at once, by email once it commits.

    Call it inside the transaction that writes or publishes the annotation. Its notifications
    are rows of that write, so whoever can see the annotation can see them too (made after the
    commit, a reader's badge could ask in between and stay dark); the emails are one task
    queued after the commit (`email_notifications`), so nobody is mailed about a write that was
    rolled back, and the request's queries do not grow with the thread: who to tell, who may
    read, one bulk insert, one task.
    """
    if annotation.pending or annotation.is_hidden or annotation.visibility != "group":
        return []
    kinds = _recipients(annotation)
    if annotation.author_id is not None:
        kinds.pop(annotation.author_id, None)
    users = User.objects.filter(pk__in=kinds, is_active=True).select_related(
        "profile", "notification_preference"
    )
    # Whether each may read it, for all of them at once (a handful of queries, not a few each).
    readers = permissions.readers(annotation, users)
    made = Notification.objects.bulk_create(
        [Notification(recipient=u, annotation=annotation, kind=kinds[u.pk]) for u in readers],
        ignore_conflicts=True,
    )
    emailed = {str(u.pk): kinds[u.pk] for u in readers if _wants_email(u, kinds[u.pk])}
    if emailed:
        pk = annotation.pk
        transaction.on_commit(lambda: email_notifications.enqueue(annotation_id=pk, kinds=emailed))
    return made


@task
def email_notifications(*, annotation_id: int, kinds: dict[str, str]) -> None:
    """Email each member in `kinds` (user id, as a string -> notification kind) about the
    annotation, over one connection to the mail server (run by the tasks worker in production,
    at once after the commit in development)."""
    annotation = Annotation.objects.select_related("author__profile").get(pk=annotation_id)
    users = User.objects.filter(pk__in=[int(pk) for pk in kinds]).select_related("profile")
    messages = [
        EmailMultiAlternatives(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
        )
        for email in (_email(user, annotation, kinds[str(user.pk)]) for user in users)
    ]
    with mailers.default as mailer:  # one connection for them all
        mailer.send_messages(messages)


def _recipients(annotation: Annotation) -> dict[int, str]:
    """Who to tell, and why; the strongest reason wins (a reply to you, a mention, a thread)."""
    kinds: dict[int, str] = {}
    if annotation.root_id:
        thread = Annotation.objects.in_thread(annotation.root_id).exclude(author=None)
        # order_by(): the default ordering would make DISTINCT compare whole rows.
        for author_id in thread.order_by().values_list("author_id", flat=True).distinct():
            kinds[author_id] = Kind.THREAD
        muted = set(
            NotificationPreference.objects.filter(
                user__in=kinds, thread_activity=False
            ).values_list("user_id", flat=True)
        )
        kinds = {pk: kind for pk, kind in kinds.items() if pk not in muted}
    for member in mentioned_members(annotation.body, annotation.group):
        kinds[member.pk] = Kind.MENTION
    if annotation.parent_id:
        parent_author = Annotation.objects.filter(pk=annotation.parent_id).values_list(
            "author_id", flat=True
        )[0]
        if parent_author:
            kinds[parent_author] = Kind.REPLY
    return kinds


def mentioned_members(body: str, group: Group | None) -> list[User]:
    """The group's members named with @username in `body`."""
    names = {name.rstrip(".") for name in MENTION.findall(body)}
    if not names or group is None:
        return []
    return list(User.objects.filter(username__in=names, memberships__group=group, is_active=True))


def _wants_email(user: User, kind: str) -> bool:
    """Whether the member asked for this kind by single email (not the daily digest)."""
    prefs = _preferences_of(user)
    return bool(not prefs.digest and getattr(prefs, EMAIL_SETTING[kind]) and user.email)


def _preferences_of(user: User) -> NotificationPreference:
    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(user=user)


def _email(user: User, annotation: Annotation, kind: str) -> Email:
    context = {
        "recipient": display_name(user),
        "author": display_name(annotation.author),
        "what": Kind(kind).label,
        "annotation": annotation,
        "url": absolute(annotation.get_absolute_url()),
        "unsubscribe_url": absolute(unsubscribe_path(user, EMAIL_SETTING[kind])),
    }
    return Email(
        subject=f"[readinggroup] {context['author']} {context['what']}",
        body=render_to_string("annotations/email/notification.txt", context),
        to=user.email,
    )


def absolute(path: str) -> str:
    """`path` on the site's address, for links that leave the site (in emails)."""
    return settings.READINGGROUP_SITE_URL.rstrip("/") + path


def unsubscribe_path(user: User, setting: str) -> str:
    """A link that turns one kind of email off, without signing in (signed, so unforgeable)."""
    token = signing.dumps({"user": user.pk, "setting": setting}, salt=UNSUBSCRIBE_SALT)
    return reverse("annotations:unsubscribe", args=[token])


def unsubscribe(token: str) -> tuple[User, str]:
    """Turn off the email the token names; raises signing.BadSignature for a forged one."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    setting = data["setting"]
    if setting not in {*EMAIL_SETTING.values(), "digest"}:
        raise signing.BadSignature("unknown setting")
    user = User.objects.get(pk=data["user"])
    prefs = preferences(user)
    setattr(prefs, setting, False)
    prefs.save()
    return user, setting


def unread_count(user: User) -> int:
    """How many of the member's notifications are unread (the header's badge)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the member's notifications read: the given ones, or all."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def digest_for(user: User, group: Group, since: timedelta) -> list[Annotation]:
    """The group's annotations of the last `since` that `user` may read and did not write."""
    readable = Annotation.objects.for_group(group).readable_by(user).alive().not_hidden()
    recent = readable.filter(created_at__gte=timezone.now() - since).exclude(author=user)
    return list(recent.select_related("author__profile", "document").order_by("created_at"))


def send_digest(user: User, since: timedelta = timedelta(days=1)) -> int:
    """One email per group with the day's new annotations; how many emails were queued."""
    sent = 0
    groups = (
        Group.objects.filter(pk__in=Membership.objects.filter(user=user).values("group_id"))
        .filter(~Q(annotations=None))
        .distinct()
    )
    for group in groups:
        annotations = digest_for(user, group, since)
        if not annotations:
            continue
        context = {
            "recipient": display_name(user),
            "group": group,
            "annotations": annotations,
            "site_url": settings.READINGGROUP_SITE_URL.rstrip("/"),
            "unsubscribe_url": absolute(unsubscribe_path(user, "digest")),
        }
        deliver_email.enqueue(
            subject=f"[readinggroup] Today in {group.name}: {len(annotations)} new",
            body=render_to_string("annotations/email/digest.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
        sent += 1
    return sent
