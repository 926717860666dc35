"""An annotation's history: earlier versions of its body, and earlier placements of its
passage (where a re-import moved it from, with the words it quoted there)."""

from django.db import models

from annotations.models.annotation import Annotation
from texts.models import Revision


class AnnotationEdit(models.Model):
    """A previous version of an annotation's body, kept when its author edits it."""

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="edits")
    body = models.TextField()
    body_html = models.TextField()
    written_at = models.DateTimeField(help_text="When this version was written.")
    replaced_at = models.DateTimeField(help_text="When an edit replaced it.")

    class Meta:
        ordering = ["annotation", "-replaced_at"]

    def __str__(self) -> str:
        return f"Version of annotation {self.annotation_id} from {self.written_at:%Y-%m-%d %H:%M}"


class AnnotationPlacement(models.Model):
    """Where an annotation was, and the words it quoted, before a re-import placed it on other
    words (a fuzzy placement, or the same words written differently): its quote as its author
    selected it stays readable after the stored quote follows the text."""

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="placements")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+")
    start_ordinal = models.PositiveIntegerField()
    end_ordinal = models.PositiveIntegerField()
    start_offset = models.PositiveIntegerField()
    end_offset = models.PositiveIntegerField()
    exact = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    replaced_at = models.DateTimeField(help_text="When a re-import placed it elsewhere.")

    class Meta:
        ordering = ["annotation", "-replaced_at", "-pk"]

    def __str__(self) -> str:
        return (
            f"Earlier placement of annotation {self.annotation_id} on revision {self.revision_id}"
        )
