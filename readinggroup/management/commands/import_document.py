"""Import a file as a new document (its comments as threads), or as a corrected revision of
the document at --slug; report what was found, and where the annotations went. A WordPress
export imports its chosen posts (--post), each as a document."""

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat

from readinggroup.importing import import_message, import_posts, import_text
from texts.importers import FORMATS, WORDPRESS, detect_format
from texts.importers.parsed import ImportFailed

BAR_WIDTH = 30
# Below this many blocks an import is instant: a progress bar would only flicker.
PROGRESS_MIN_BLOCKS = 2000


class Command(BaseCommand):
    help = (
        "Import a document from a file: plain text (.txt), Markdown (.md), HTML (.html), EPUB "
        "(.epub), or the posts of a WordPress export (.xml)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The file to import.")
        parser.add_argument(
            "--format",
            choices=sorted(FORMATS),
            help="The file's format (default: from its extension, else text).",
        )
        parser.add_argument("--title", default="", help="Title (default: from the text).")
        parser.add_argument("--slug", default="", help="Address in URLs (default: from title).")
        parser.add_argument("--author", default="")
        parser.add_argument("--source-url", default="")
        parser.add_argument("--date", type=date.fromisoformat, help="Publication date, YYYY-MM-DD.")
        parser.add_argument("--description", default="")
        parser.add_argument(
            "--post",
            type=int,
            action="append",
            dest="posts",
            help="WordPress export: a post or page ID to import (repeat it; default: the "
            "published ones).",
        )
        parser.add_argument(
            "--encoding", help="The file's encoding, when it is not UTF-8 or UTF-16 with a BOM."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        data = self._read(path)
        source_format = options["format"] or detect_format(path.name)
        self.stdout.write(f"Importing {path.name} as {source_format}…")
        if source_format == WORDPRESS:
            self._import_wordpress(data, path.name, options["posts"])
            return
        try:
            # A blog post's comments become threads on the document, like members' ones.
            imported = import_text(
                data=data,
                source_format=source_format,
                source_name=path.name,
                encoding=options["encoding"],
                title=options["title"],
                slug=options["slug"],
                author=options["author"],
                source_url=options["source_url"],
                published_on=options["date"],
                description=options["description"],
                progress=self._show_progress,
            )
        except ImportFailed as error:
            raise CommandError(f"{path.name}: {error} Nothing was imported.") from None
        document, revision = imported.document, imported.revision
        if imported.unchanged:
            self.stdout.write(
                f"“{document.title}” is unchanged: the same text, format and details as revision "
                f"{revision.number}. Nothing was stored."
            )
            return
        if imported.same_text:
            self.stdout.write(self.style.SUCCESS(import_message(imported)[1]))
            return
        self.stdout.write(
            self.style.SUCCESS(f"Imported “{document.title}”")
            + (f" (revision {revision.number})" if revision.number > 1 else "")
            + f" at {document.get_absolute_url()}\n  {imported.parsed.summary()}."
        )
        if imported.previous is not None:
            placed = revision.reanchoring
            self.stdout.write(
                f"  Annotations: {placed['exact']} in place, {placed['moved']} moved, "
                f"{placed['fuzzy']} found near their words, {placed['orphan']} orphaned (kept, "
                "and listed on the document for re-attaching)."
            )

    def _import_wordpress(self, data: bytes, name: str, posts: list[int] | None) -> None:
        try:
            imported = import_posts(data=data, post_ids=posts, source_name=name)
        except ImportFailed as error:
            raise CommandError(f"{name}: {error} Nothing was imported.") from None
        for each in imported:
            state = f"revision {each.revision.number}"
            if each.same_text:
                state = "unchanged" if each.unchanged else f"{state} kept, details updated"
            self.stdout.write(
                self.style.SUCCESS(f"Imported “{each.document.title}”")
                + f" ({state}) at {each.document.get_absolute_url()}\n  {each.parsed.summary()}."
            )
        self.stdout.write(f"{len(imported)} posts imported.")

    def _read(self, path: Path) -> bytes:
        limit = settings.READINGGROUP_MAX_IMPORT_BYTES
        try:
            size = path.stat().st_size
            if size > limit:
                raise CommandError(
                    f"{path} is {filesizeformat(size)}, over the {filesizeformat(limit)} limit "
                    "(READINGGROUP_MAX_IMPORT_BYTES). Nothing was imported."
                )
            return path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None

    def _show_progress(self, done: int, total: int) -> None:
        if total < PROGRESS_MIN_BLOCKS:
            return
        filled = BAR_WIDTH * done // total
        line = f"  storing blocks [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total}"
        if sys.stderr.isatty():
            # Redraw in place on a terminal; in a log, one line per batch reads fine.
            self.stderr.write(f"\r{line}", ending="\n" if done == total else "")
            self.stderr.flush()
        else:
            self.stderr.write(line)
