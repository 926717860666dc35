"""Documents, their revisions, and the paragraph-level blocks a revision is made of."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class DocumentQuerySet(models.QuerySet):
    def with_current_revision(self) -> "DocumentQuerySet":
        """Join the revision readers see, so a page needs no second query for it."""
        return self.select_related("current_revision")

    def with_block_counts(self) -> "DocumentQuerySet":
        """Annotate how many blocks the current revision has (one query for a whole list)."""
        return self.annotate(block_count=models.Count("current_revision__paragraphs"))


class Document(models.Model):
    """A text a group reads: its metadata, and the revision readers see."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True, help_text="Used in the document's URL.")
    author = models.CharField(max_length=300, blank=True)
    source_url = models.URLField("source URL", max_length=1000, blank=True)
    published_on = models.DateField("date", null=True, blank=True)
    description = models.TextField(blank=True)
    licence = models.CharField(max_length=300, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # The reader page belongs to the annotations app, which shows the text with its discussion.
        return reverse("annotations:open", kwargs={"slug": self.slug})

    @property
    def revision(self) -> "Revision":
        """The revision readers see (`current_revision`), for code that needs one: every
        imported document has it. Raises Revision.DoesNotExist for a document saved without."""
        if self.current_revision is None:
            raise Revision.DoesNotExist(f"The document {self.slug!r} has no text yet.")
        return self.current_revision


class Revision(models.Model):
    """One import of a document: its source as imported, and the blocks parsed from it."""

    class Format(models.TextChoices):
        TEXT = "text", "Plain text"
        MARKDOWN = "markdown", "Markdown"
        HTML = "html", "HTML"
        EPUB = "epub", "EPUB"
        WORDPRESS = "wordpress", "WordPress export"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    source_format = models.CharField(max_length=20, choices=Format)
    source_name = models.CharField(max_length=300, blank=True, help_text="The imported file.")
    source_text = models.TextField(help_text="The decoded source, as imported.")
    source_sha256 = models.CharField(max_length=64)
    front_matter = models.TextField(
        blank=True, help_text="Text set aside before the body, such as a licence header."
    )
    back_matter = models.TextField(
        blank=True, help_text="Text set aside after the body, such as a licence footer."
    )
    comments_heading = models.CharField(max_length=500, blank=True)
    comments = models.JSONField(
        default=list,
        blank=True,
        help_text="Comments that came with the source (a blog post's comment thread).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reanchoring = models.JSONField(
        default=dict, blank=True, help_text="How the annotations were placed on this revision."
    )

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="revision_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="revision_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.document} (revision {self.number})"


class Paragraph(models.Model):
    """A block of a revision: a heading, paragraph, quotation, list item, preformatted text,
    verse, title page or table.

    `text` is the plain text that selections are measured against; `html` is the same text with
    its inline markup, sanitized at import, whose text content equals `text` (a <br> counting as
    a newline; a table's cells carry the tabs and newlines that join them in `text`). A thematic
    break has no text and no number of its own: it is `break_before` on the block after it.
    """

    class Kind(models.TextChoices):
        HEADING = "heading", "Heading"
        PARAGRAPH = "paragraph", "Paragraph"
        QUOTATION = "quotation", "Quotation"
        LIST_ITEM = "list_item", "List item"
        PREFORMATTED = "preformatted", "Preformatted"
        VERSE = "verse", "Verse"
        TITLE = "title", "Title page"
        TABLE = "table", "Table"

    class ListStyle(models.TextChoices):
        BULLET = "bullet", "Bullets"
        DECIMAL = "decimal", "1. 2. 3."
        LOWER_ALPHA = "lower-alpha", "a. b. c."
        UPPER_ALPHA = "upper-alpha", "A. B. C."
        LOWER_ROMAN = "lower-roman", "i. ii. iii."
        UPPER_ROMAN = "upper-roman", "I. II. III."

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="paragraphs")
    ordinal = models.PositiveIntegerField(help_text="Position in the revision, from 1.")
    anchor = models.CharField(max_length=20, help_text="The fragment in URLs, such as p-12.")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PARAGRAPH)
    level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Heading level, or a list item's depth (1: outermost)."
    )
    list_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="List items with the same value form one list."
    )
    list_style = models.CharField(max_length=20, choices=ListStyle, blank=True)
    list_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The item's number in an ordered list."
    )
    text = models.TextField()
    html = models.TextField()
    break_before = models.BooleanField(
        default=False, help_text="A thematic break (a scene separator) comes before this block."
    )

    class Meta:
        ordering = ["revision", "ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "ordinal"], name="paragraph_ordinal_unique"
            ),
            models.UniqueConstraint(fields=["revision", "anchor"], name="paragraph_anchor_unique"),
            models.CheckConstraint(
                condition=(Q(kind="heading", level__gte=1, level__lte=6) & Q(level__isnull=False))
                | (Q(kind="list_item") & (Q(level__isnull=True) | Q(level__gte=1)))
                | (~Q(kind__in=["heading", "list_item"]) & Q(level__isnull=True)),
                name="paragraph_level_fits_kind",
            ),
            models.CheckConstraint(
                condition=(Q(kind="list_item") & Q(list_id__isnull=False) & ~Q(list_style=""))
                | (~Q(kind="list_item") & Q(list_id__isnull=True) & Q(list_style="")),
                name="paragraph_list_item_in_list",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="paragraph_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.anchor}: {self.text[:60]}"

    @property
    def heading_tag(self) -> str:
        """The HTML heading element: the document title is the page's h1, so levels start at h2."""
        return f"h{min((self.level or 1) + 1, 6)}"
