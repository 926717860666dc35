"""Load the seed texts listed in seeds/manifest.toml, with their comment threads as annotations.

Running it again changes nothing.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from readinggroup.importing import import_text
from texts.importers.parsed import ImportFailed
from texts.models import Document
from texts.seeds import SEEDS_DIR, read_manifest


class Command(BaseCommand):
    help = "Import the seed texts (seeds/manifest.toml) that are not in the database yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            default=SEEDS_DIR,
            help="A folder with a manifest.toml and the files it lists (default: seeds/).",
        )

    def handle(self, *args: object, **options: Any) -> None:
        try:
            seeds = list(read_manifest(options["directory"]))
        except ImportFailed as error:
            raise CommandError(str(error)) from None
        for seed in seeds:
            if Document.objects.filter(slug=seed.slug).exists():
                self.stdout.write(f"  {seed.title}: already loaded, unchanged.")
                continue
            try:
                imported = import_text(
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
            except (ImportFailed, OSError) as error:
                raise CommandError(f"Seed {seed.path.name}: {error}") from None
            summary = imported.parsed.summary()
            self.stdout.write(self.style.SUCCESS(f"  {seed.title}: loaded") + f" ({summary}).")
