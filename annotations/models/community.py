"""What members do with each other's annotations: react, flag; and what moderators did."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from annotations.models.annotation import Annotation
from groups.models import Group


class Reaction(models.Model):
    """A member's quick response to an annotation: one of each kind per person."""

    class Kind(models.TextChoices):
        AGREE = "agree", "👍 Agree"
        INSIGHTFUL = "insightful", "💡 Insightful"
        UNCLEAR = "unclear", "❓ Unclear"

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=12, choices=Kind)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["annotation", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["annotation", "user", "kind"], name="reaction_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.annotation_id}"


class Flag(models.Model):
    """A member telling the group's moderators that an annotation needs their look."""

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["annotation", "user"],
                condition=Q(resolved_at__isnull=True),
                name="flag_open_once_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"Flag on {self.annotation_id}"


class ModerationEntry(models.Model):
    """The audit log: every moderation action, who took it, why. Group admins read it."""

    class Action(models.TextChoices):
        HIDE = "hide", "Hid"
        RESTORE = "restore", "Restored"
        APPROVE = "approve", "Approved"
        DISMISS = "dismiss", "Dismissed the flags on"
        REVEAL = "reveal", "Revealed the notes on"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="moderation_log")
    annotation = models.ForeignKey(
        Annotation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action)
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "moderation entries"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.annotation_id}"
