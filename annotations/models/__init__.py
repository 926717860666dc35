"""The annotations app's models: annotations and their history, the community around them
(reactions, flags, the moderation log), and notifications."""

from annotations.models.annotation import (
    Annotation,
    AnnotationEdit,
    AnnotationQuerySet,
    Tag,
)
from annotations.models.community import Flag, ModerationEntry, Reaction
from annotations.models.notification import Notification, NotificationPreference

__all__ = [
    "Annotation",
    "AnnotationEdit",
    "AnnotationQuerySet",
    "Flag",
    "ModerationEntry",
    "Notification",
    "NotificationPreference",
    "Reaction",
    "Tag",
]
