"""A group's meetings and their agendas: what the group reads, and what it will discuss."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from annotations.models import Annotation
from groups.models import Group
from texts.models import Document, Revision


class MeetingQuerySet(models.QuerySet):
    def upcoming(self) -> "MeetingQuerySet":
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def past(self) -> "MeetingQuerySet":
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")


class Meeting(models.Model):
    """A meeting of a group: when and where, what to read, and (afterwards) what was said."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField("starts")
    duration_minutes = models.PositiveSmallIntegerField("duration (minutes)", default=90)
    place = models.CharField(max_length=300, blank=True, help_text="A room, or an address.")
    link = models.URLField("video link", blank=True)
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The reading assignment.",
    )
    range_start = models.PositiveIntegerField(null=True, blank=True, help_text="From paragraph.")
    range_end = models.PositiveIntegerField(null=True, blank=True, help_text="To paragraph.")
    # The revision the range's paragraph numbers count in. A corrected text moves the range
    # along (meetings.revisions); one it could not place stays on the old revision, flagged.
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True, help_text="After the meeting: what was said (Markdown).")
    notes_html = models.TextField(blank=True)
    # Threads taken up: the reader shows "Discussed at …" from here (Annotation.discussed_at).
    discussed = models.ManyToManyField(Annotation, blank=True, related_name="discussed_at")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        db_table = "readinggroup_meeting"  # made by the readinggroup app, before this one
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                name="meeting_range_in_order",
                condition=Q(range_start__isnull=True)
                | Q(range_end__isnull=True)
                | Q(range_start__lte=F("range_end")),
            ),
            models.CheckConstraint(
                name="meeting_lasts",
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=1440),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", kwargs={"pk": self.pk})

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()

    @property
    def range_lost(self) -> bool:
        """A corrected text could not place the reading's paragraphs: planners choose them
        again, and until then nobody is pointed at paragraphs by their old numbers."""
        if self.range_start is None and self.range_end is None:
            return False
        return self.document is None or self.revision_id != self.document.current_revision_id

    @property
    def reading_range(self) -> tuple[int | None, int | None]:
        """(from, to) paragraph of the reading in its current text; (None, None) for all of it,
        or while its paragraphs are to be chosen again."""
        return (None, None) if self.range_lost else (self.range_start, self.range_end)


class AgendaItemQuerySet(models.QuerySet):
    def with_passages(self) -> "AgendaItemQuerySet":
        """With what placing and linking the passages needs: their revision and its document."""
        return self.select_related("revision__document")


class AgendaItem(models.Model):
    """One thing to discuss: a passage, a prompt, the threads to bring up, the time it gets."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    # The passage: paragraphs by their numbers in `revision` (the text it was chosen in, of the
    # meeting's reading or of a linked thread's text). A corrected text moves it along; one it
    # could not place stays on the old revision, flagged to planners.
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start_ordinal = models.PositiveIntegerField(null=True, blank=True)
    end_ordinal = models.PositiveIntegerField(null=True, blank=True)
    prompt = models.TextField(blank=True, help_text="The question to put to the group (Markdown).")
    prompt_html = models.TextField(blank=True)
    minutes = models.PositiveSmallIntegerField(default=10)
    facilitator_notes = models.TextField(
        blank=True, help_text="Only facilitators and admins ever see these."
    )
    threads = models.ManyToManyField(Annotation, blank=True, related_name="+")

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        db_table = "readinggroup_agendaitem"
        ordering = ["meeting", "position"]
        constraints = [
            models.CheckConstraint(
                name="agenda_item_passage_in_order",
                condition=Q(start_ordinal__isnull=True, end_ordinal__isnull=True)
                | Q(start_ordinal__lte=F("end_ordinal")),
            ),
        ]

    def __str__(self) -> str:
        return f"Item {self.position} of {self.meeting}"

    @property
    def has_passage(self) -> bool:
        return self.start_ordinal is not None

    @property
    def passage(self) -> tuple[int, int] | None:
        """Its passage's first and last paragraph numbers; None when it has none."""
        if self.start_ordinal is None or self.end_ordinal is None:
            return None
        return self.start_ordinal, self.end_ordinal

    @property
    def passage_lost(self) -> bool:
        """A corrected text no longer has the passage (or its text is gone): planners choose
        it again. Needs `revision__document` loaded (`AgendaItemQuerySet.with_passages`)."""
        if not self.has_passage:
            return False
        return (
            self.revision is None or self.revision_id != self.revision.document.current_revision_id
        )
