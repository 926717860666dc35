"""The seed texts: reading `seeds/manifest.toml` and importing what is not there yet."""

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings

from texts.importers.parsed import ImportFailed

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"


@dataclass(frozen=True)
class Seed:
    path: Path
    source_format: str
    slug: str
    title: str
    author: str = ""
    published_on: date | None = None
    source_url: str = ""
    description: str = ""
    comments: dict[int, dict] = field(default_factory=dict)


def read_manifest(directory: Path = SEEDS_DIR) -> Iterator[Seed]:
    """The seeds a manifest lists, checked for the fields every seed needs."""
    manifest = directory / "manifest.toml"
    try:
        entries = tomllib.loads(manifest.read_text(encoding="utf-8")).get("document", [])
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ImportFailed(f"Cannot read the seed manifest {manifest}: {error}") from None
    for number, entry in enumerate(entries, start=1):
        missing = [key for key in ("file", "slug", "title") if not entry.get(key)]
        if missing:
            raise ImportFailed(f"Seed {number} in {manifest} lacks {', '.join(missing)}.")
        yield Seed(
            path=directory / entry["file"],
            source_format=entry.get("format", "text"),
            slug=entry["slug"],
            title=entry["title"],
            author=entry.get("author", ""),
            published_on=entry.get("date"),
            source_url=entry.get("source_url", ""),
            description=entry.get("description", ""),
            comments={
                c["number"]: {k: v for k, v in c.items() if k != "number"}
                for c in entry.get("comments", [])
            },
        )
