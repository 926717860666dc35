"""Telling members what happened in their discussions: in the app, and by email."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from annotations.models.annotation import Annotation


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", "replied to you"
        THREAD = "thread", "replied in a thread you joined"
        MENTION = "mention", "mentioned you"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    annotation = models.ForeignKey(
        Annotation, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=10, choices=Kind)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "annotation"], name="notification_once_per_annotation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.recipient_id})"


class NotificationPreference(models.Model):
    """What a member wants to hear about, and how. Missing means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    thread_activity = models.BooleanField(
        "Replies in threads I took part in",
        default=True,
        help_text="Not only replies to me: every reply in those threads.",
    )
    email_replies = models.BooleanField("Email me replies to my annotations", default=True)
    email_thread = models.BooleanField("Email me replies in threads I took part in", default=False)
    email_mentions = models.BooleanField("Email me when someone mentions me", default=True)
    digest = models.BooleanField(
        "Instead, one email a day per group",
        default=False,
        help_text="A daily summary of each group's new annotations, in place of single emails.",
    )

    def __str__(self) -> str:
        return f"Notification settings of {self.user_id}"
