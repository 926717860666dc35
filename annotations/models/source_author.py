"""The people who wrote the comments that came with an imported source: names on a site, not
accounts. Nobody can sign up as one; an admin gives one's comments to the member who wrote
them (`manage.py claim_comments`)."""

from django.conf import settings
from django.db import models


class SourceAuthor(models.Model):
    """A commenter of an imported source, known by the name they signed with on one site: two
    Mikes on two blogs are two people; the same Mike on two posts of one blog is one."""

    name = models.CharField(max_length=150, help_text="The name they signed their comments with.")
    source = models.CharField(
        max_length=255,
        help_text="Where they wrote: the source's site (the host of its address, such as "
        "example.wordpress.com), or the document's slug when its source has no address.",
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_authors",
        help_text="The member who wrote these comments: they are theirs, later ones too.",
    )

    class Meta:
        ordering = ["source", "name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "name"], name="source_author_once_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.source})"
