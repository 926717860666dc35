"""The annotations app's models: annotations and their history, the community around them
(reactions, flags, the moderation log), notifications, and the authors of comments that came
with a source."""

from annotations.models.annotation import Annotation, AnnotationQuerySet, Tag
from annotations.models.community import Flag, ModerationEntry, Reaction
from annotations.models.history import AnnotationEdit, AnnotationPlacement
from annotations.models.notification import Notification, NotificationPreference
from annotations.models.source_author import SourceAuthor

__all__ = [
    "Annotation",
    "AnnotationEdit",
    "AnnotationPlacement",
    "AnnotationQuerySet",
    "Flag",
    "ModerationEntry",
    "Notification",
    "NotificationPreference",
    "Reaction",
    "SourceAuthor",
    "Tag",
]
