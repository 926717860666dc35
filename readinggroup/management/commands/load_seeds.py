"""Load the seed texts listed in seeds/manifest.toml, with their comment threads as annotations.

Running it again changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from annotations.services import import_source_comments
from texts.importers.parsed import ImportFailed
from texts.models import Document
from texts.seeds import read_manifest
from texts.services import import_document


class Command(BaseCommand):
    help = "Import the seed texts (seeds/manifest.toml) that are not in the database yet."

    def handle(self, *args: object, **options: object) -> None:
        try:
            seeds = list(read_manifest())
        except ImportFailed as error:
            raise CommandError(str(error)) from None
        for seed in seeds:
            if Document.objects.filter(slug=seed.slug).exists():
                self.stdout.write(f"  {seed.title}: already loaded, unchanged.")
                continue
            try:
                with transaction.atomic():
                    imported = import_document(
                        data=seed.path.read_bytes(),
                        source_format=seed.source_format,
                        source_name=seed.path.name,
                        title=seed.title,
                        slug=seed.slug,
                        author=seed.author,
                        published_on=seed.published_on,
                        source_url=seed.source_url,
                        description=seed.description,
                        comment_overrides=seed.comments,
                    )
                    import_source_comments(revision=imported.revision)
            except (ImportFailed, OSError) as error:
                raise CommandError(f"Seed {seed.path.name}: {error}") from None
            counts = imported.parsed.counts()
            self.stdout.write(
                self.style.SUCCESS(f"  {seed.title}: loaded")
                + f" ({counts['heading']} headings, {counts['paragraph']} paragraphs, "
                f"{counts['list_item']} list items in {counts['list']} lists, "
                f"{counts['quotation']} quotations, {counts['comment']} comments)."
            )
