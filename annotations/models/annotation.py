"""Annotations on passages of a document revision, threaded replies, and their edit history.

A target follows the W3C Web Annotation model: a TextPositionSelector (start and end paragraph
with character offsets into their plain text) stored together with a TextQuoteSelector (the
exact quote with some prefix and suffix), so an annotation can be placed again when the text
changes. A document-level annotation (a blog comment) has no passage.
"""

from datetime import datetime
from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse

from groups.models import Group, GroupDocument
from groups.names import display_name
from texts.models import Document, Paragraph, Revision

Reader = User | AnonymousUser


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AnnotationQuerySet(models.QuerySet["Annotation"]):
    """Reads of annotations, chainable: ``Annotation.objects.readable_by(user).alive()``.

    Who may read what is decided in annotations.permissions, the one place its rules are
    written: the methods that depend on it call into it (imported in each of them, as it
    imports these models).
    """

    def readable_by(self, user: Reader) -> Self:
        """What `user` may read, wherever it is."""
        from annotations import permissions  # noqa: PLC0415

        return self.filter(permissions.readable(user))

    def in_reading(self, group: Group | None, user: Reader) -> Self:
        """What `user` may read where a document is read in `group`'s context (a group they may
        see, reading it): its discussion, their own notes and the document's own comments,
        before "post before you peek" (`not_held_back_from`)."""
        from annotations import permissions  # noqa: PLC0415

        return self.filter(permissions.readable_in(user, group))

    def held_back_from(self, user: Reader, entry: GroupDocument | None) -> Self:
        """What the reading-list `entry`'s "post before you peek" keeps from `user`."""
        from annotations import permissions  # noqa: PLC0415

        held = permissions.peek_filter(user, entry)
        return self.none() if held is None else self.filter(held)

    def not_held_back_from(self, user: Reader, entry: GroupDocument | None) -> Self:
        """All but what the reading-list `entry`'s "post before you peek" keeps from `user`."""
        from annotations import permissions  # noqa: PLC0415

        held = permissions.peek_filter(user, entry)
        return self if held is None else self.exclude(held)

    def alive(self) -> Self:
        """Not deleted (deleted ones with replies stay as tombstones)."""
        from annotations import permissions  # noqa: PLC0415

        return self.filter(permissions.ALIVE)

    def deleted(self) -> Self:
        """Deleted, kept as tombstones while they have replies."""
        from annotations import permissions  # noqa: PLC0415

        return self.exclude(permissions.ALIVE)

    def published(self) -> Self:
        """Not held for a moderator's approval."""
        from annotations import permissions  # noqa: PLC0415

        return self.filter(permissions.PUBLISHED)

    def held(self) -> Self:
        """Held for a moderator's approval."""
        from annotations import permissions  # noqa: PLC0415

        return self.exclude(permissions.PUBLISHED)

    def not_hidden(self) -> Self:
        """Not hidden by a moderator."""
        from annotations import permissions  # noqa: PLC0415

        return self.filter(permissions.NOT_HIDDEN)

    def hidden(self) -> Self:
        """Hidden by a moderator."""
        from annotations import permissions  # noqa: PLC0415

        return self.exclude(permissions.NOT_HIDDEN)

    def private_notes(self) -> Self:
        """Private notes, which only their author reads."""
        return self.filter(visibility=Annotation.Visibility.PRIVATE)

    def for_document(self, document: Document) -> Self:
        """On `document`, in any of its revisions."""
        return self.filter(document=document)

    def for_group(self, group: Group) -> Self:
        """In `group`'s discussion."""
        return self.filter(group=group)

    def for_revision(self, revision: Revision) -> Self:
        return self.filter(revision=revision)

    def overlapping(self, start: int, end: int) -> Self:
        """Annotations whose passage shares a paragraph with paragraphs `start` to `end`."""
        return self.filter(start_ordinal__lte=end, end_ordinal__gte=start)

    def for_paragraph(self, paragraph: Paragraph) -> Self:
        """Annotations (with their replies) whose passage includes `paragraph`."""
        return self.filter(revision_id=paragraph.revision_id).overlapping(
            paragraph.ordinal, paragraph.ordinal
        )

    def newer_than(self, pk: int) -> Self:
        """Written after the annotation with id `pk` (ids only grow)."""
        return self.filter(pk__gt=pk)

    def threads(self) -> Self:
        """Thread roots only."""
        return self.filter(root__isnull=True)

    def document_level(self) -> Self:
        return self.filter(start_ordinal__isnull=True)

    def on_passages(self) -> Self:
        """On a passage of the text, not on the whole of it."""
        return self.filter(start_ordinal__isnull=False)

    def orphans(self) -> Self:
        """What a re-import could not place on the new revision."""
        return self.filter(anchor_status="orphan")

    def in_thread(self, root_id: int) -> Self:
        """A whole thread, root and replies, in one query."""
        return self.filter(Q(pk=root_id) | Q(root_id=root_id))

    def with_display(self) -> Self:
        """What a thread's display needs, fetched up front: authors, reactions and who gave
        them (two queries in all)."""
        from annotations.models.community import Reaction  # noqa: PLC0415 (defined after this)

        reactions = Reaction.objects.select_related("user__profile")
        return (
            self.select_related("author__profile", "source_author", "start_paragraph")
            .defer("start_paragraph__text", "start_paragraph__html")
            .prefetch_related(models.Prefetch("reactions", queryset=reactions))
        )

    def with_discussed(self, group: Group | None) -> Self:
        """Each with `discussed_title` and `discussed_on`: the title and start of the latest of
        `group`'s meetings that marked it discussed (None when none), in the same query.

        The meetings app keeps that relation (Meeting.discussed, reverse name "discussed_at");
        it is named here, not imported, since annotations must not import meetings.
        """
        if group is None:
            return self
        latest = Annotation.objects.filter(pk=OuterRef("pk"), discussed_at__group=group).order_by(
            "-discussed_at__starts_at"
        )
        return self.annotate(
            discussed_title=Subquery(latest.values("discussed_at__title")[:1]),
            discussed_on=Subquery(latest.values("discussed_at__starts_at")[:1]),
        )

    def in_text_order(self) -> Self:
        return self.order_by(
            F("start_ordinal").asc(nulls_last=True), "start_offset", "created_at", "pk"
        )


class Annotation(models.Model):
    """A comment, question or highlight on a passage, or a reply in a thread."""

    class Motivation(models.TextChoices):
        COMMENT = "comment", "Comment"
        QUESTION = "question", "Question"
        HIGHLIGHT = "highlight", "Highlight"

    class Visibility(models.TextChoices):
        GROUP = "group", "The group"
        PRIVATE = "private", "Only me"
        # Comments that came with the source: part of the document, seen by all its readers.
        DOCUMENT = "document", "Everyone reading the document"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="annotations"
    )
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="annotations")
    # A group's discussion goes with the group (deleting one asks first, with the counts).
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.CASCADE, related_name="annotations"
    )
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.GROUP)
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="annotations")
    # TextPositionSelector. The ordinals repeat the paragraphs' positions so that ordering,
    # range filters and the start-before-end constraint need no join; replies carry their
    # root's passage so a paragraph's threads load in one query.
    start_paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    start_ordinal = models.PositiveIntegerField(null=True, blank=True)
    end_ordinal = models.PositiveIntegerField(null=True, blank=True)
    start_offset = models.PositiveIntegerField(null=True, blank=True)
    end_offset = models.PositiveIntegerField(null=True, blank=True)
    # TextQuoteSelector.
    exact = models.TextField(blank=True)
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)

    # RESTRICT: an annotation with replies is never deleted on its own (it becomes a
    # tombstone), but may go with its whole thread when its group is deleted.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="replies"
    )
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="descendants"
    )
    motivation = models.CharField(max_length=20, choices=Motivation, default=Motivation.COMMENT)
    body = models.TextField(blank=True, help_text="Markdown source.")
    body_html = models.TextField(blank=True, help_text="Sanitized HTML, rendered once on write.")
    tags = models.ManyToManyField(Tag, blank=True, related_name="annotations")
    # The tags' names again, for display without a query per thread; services keep both.
    tag_names = models.CharField(max_length=600, blank=True)
    source_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The comment's number in the imported source."
    )
    # Who wrote a comment that came with the source: a name on a site, not an account, so
    # `author` stays empty until an admin gives the source author's comments to a member.
    source_author = models.ForeignKey(
        "SourceAuthor", null=True, blank=True, on_delete=models.PROTECT, related_name="annotations"
    )
    # On a question: the reply its author (or a facilitator) marked as answering it.
    answer = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Moderation: hidden annotations keep their place (and replies) but not their words;
    # pending ones (a new member's first posts, when the group pre-moderates) wait for approval.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=500, blank=True)
    pending = models.BooleanField(default=False)
    # How the last re-import placed it: "" (never moved), exact, moved, fuzzy, or orphan (kept
    # on the revision it was made on, listed for re-attaching).
    anchor_status = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = AnnotationQuerySet.as_manager()

    # Set by AnnotationQuerySet.with_discussed: the title and start of the latest of the reading
    # group's meetings that discussed it (None when none did).
    discussed_title: str | None
    discussed_on: datetime | None

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["revision", "start_ordinal", "end_ordinal"]),
            models.Index(fields=["root", "created_at"]),
            # The live-update poll: what is newer than the last one seen, in one revision.
            models.Index(fields=["revision", "id"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="annotation_target_complete_or_absent",
                condition=Q(
                    start_paragraph__isnull=True,
                    end_paragraph__isnull=True,
                    start_ordinal__isnull=True,
                    end_ordinal__isnull=True,
                    start_offset__isnull=True,
                    end_offset__isnull=True,
                )
                | Q(
                    start_paragraph__isnull=False,
                    end_paragraph__isnull=False,
                    start_ordinal__isnull=False,
                    end_ordinal__isnull=False,
                    start_offset__isnull=False,
                    end_offset__isnull=False,
                ),
            ),
            models.CheckConstraint(
                name="annotation_start_before_end",
                condition=Q(start_ordinal__isnull=True)
                | Q(start_ordinal__lt=F("end_ordinal"))
                | Q(start_ordinal=F("end_ordinal"), start_offset__lt=F("end_offset")),
            ),
            models.CheckConstraint(
                name="annotation_reply_has_root",
                condition=Q(parent__isnull=True, root__isnull=True)
                | Q(parent__isnull=False, root__isnull=False),
            ),
            models.CheckConstraint(
                name="annotation_body_unless_highlight_or_deleted",
                condition=~Q(body="") | Q(motivation="highlight") | Q(deleted_at__isnull=False),
            ),
            models.CheckConstraint(
                name="annotation_group_matches_visibility",
                condition=Q(visibility="group", group__isnull=False)
                | Q(visibility__in=["private", "document"], group__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["revision", "source_number"],
                condition=Q(source_number__isnull=False),
                name="annotation_source_comment_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_motivation_display()} {self.pk} on {self.document_id}"

    def get_absolute_url(self) -> str:
        return reverse("annotations:permalink", kwargs={"pk": self.pk})

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def has_passage(self) -> bool:
        return self.start_ordinal is not None

    @property
    def ordinals(self) -> range:
        """The ordinals of the paragraphs its passage covers (none for the whole text)."""
        if self.start_ordinal is None or self.end_ordinal is None:
            return range(0)
        return range(self.start_ordinal, self.end_ordinal + 1)

    @property
    def tag_list(self) -> list[str]:
        return self.tag_names.split()

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_question(self) -> bool:
        return self.motivation == self.Motivation.QUESTION and self.root_id is None

    @property
    def author_name(self) -> str:
        """Who wrote it, as pages show it: the member's display name; for a comment that came
        with the source and is nobody's yet, the name its writer signed it with there.

        Querysets for display select `author__profile` and `source_author` (`with_display`), so
        this costs no query.
        """
        if self.author_id is None and self.source_author is not None:
            return self.source_author.name
        return display_name(self.author)
