"""Importers: pure functions from a file's bytes to a ParsedDocument, one module per format."""

from collections.abc import Callable
from pathlib import PurePath

from texts.importers.decoding import decode, decode_html
from texts.importers.epub import EpubDocument, parse_epub
from texts.importers.html import parse_html
from texts.importers.markdown import parse_markdown
from texts.importers.parsed import ImportFailed, ParsedDocument
from texts.importers.plaintext import parse_text

Parser = Callable[..., ParsedDocument]

# One document per file. A WordPress export holds many: texts.importers.wordpress reads it.
PARSERS: dict[str, Parser] = {
    "text": parse_text,
    "markdown": parse_markdown,
    "html": parse_html,
    "epub": parse_epub,
}
WORDPRESS = "wordpress"
FORMATS = [*PARSERS, WORDPRESS]
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".epub": "epub",
    ".xml": WORDPRESS,
}


def detect_format(filename: str) -> str:
    """The format a file's name implies; plain text when the extension says nothing."""
    return EXTENSIONS.get(PurePath(filename).suffix.lower(), "text")


def parse_document(
    data: bytes, *, source_format: str, encoding: str | None = None, title: str = ""
) -> ParsedDocument:
    """Parse `data` with the importer for `source_format`."""
    try:
        parser = PARSERS[source_format]
    except KeyError:
        known = ", ".join(sorted(PARSERS))
        raise ImportFailed(f"Unknown format {source_format!r}: choose one of {known}.") from None
    return parser(data, encoding=encoding, title=title)


def source_text(data: bytes, *, source_format: str, encoding: str | None = None) -> str:
    """The decoded text of a file, as its importer reads it: an HTML page by its declared
    charset too (decode_html), so what is stored is what the preview showed."""
    return decode_html(data, encoding) if source_format == "html" else decode(data, encoding)


def import_warnings(parsed: ParsedDocument) -> tuple[str, ...]:
    """What the preview should warn of in a parsed document (sentences for a person): an
    EPUB's unreadable table of contents."""
    return parsed.warnings if isinstance(parsed, EpubDocument) else ()
