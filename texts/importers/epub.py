"""EPUB to blocks: the chapters of the book's spine, in reading order, read by the HTML importer.

An EPUB is a ZIP archive, so it is checked before anything is extracted: member count, total
size, compression ratio (zip bombs) and member names (no absolute paths, no `..`). Its XML
(container, package, table of contents) is parsed with defusedxml, which refuses entity
declarations and external references. A chapter without a heading of its own gets its label
from the table of contents as a heading.
"""

import lzma
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html import escape
from io import BytesIO
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from texts.importers.decoding import decode_html
from texts.importers.html import read_blocks
from texts.importers.html_metadata import leading_date
from texts.importers.parsed import Block, BlockKind, ImportFailed, Metadata, ParsedDocument
from texts.importers.plaintext import normalize_space
from texts.rendering import text_content

MAX_MEMBERS = 2000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_EXPANSION_RATIO = 100

CONTAINER = "META-INF/container.xml"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTAINER_NS = "{urn:oasis:names:tc:opendocument:xmlns:container}"
XHTML = "{http://www.w3.org/1999/xhtml}"
OPS_TYPE = "{http://www.idpf.org/2007/ops}type"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
CHAPTER_TYPES = frozenset({"application/xhtml+xml", "text/html"})
NCX_TYPE = "application/x-dtbncx+xml"
READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    NotImplementedError,
    RuntimeError,
    EOFError,
    OSError,
    ValueError,
)
DRIVE = re.compile(r"^[A-Za-z]:")
AGAIN = "Export the book again, or convert it to HTML."


@dataclass(frozen=True, slots=True)
class EpubDocument(ParsedDocument):
    """A book as read, with what the preview should warn of (sentences for a person)."""

    warnings: tuple[str, ...] = ()


def parse_epub(data: bytes, *, encoding: str | None = None, title: str = "") -> ParsedDocument:
    """Parse an EPUB book into a document; `title` overrides the book's own.

    `encoding` is ignored: each chapter of an EPUB declares its own.
    """
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise ImportFailed(
            "This is not an EPUB file (an EPUB is a ZIP archive, and this file is not one). "
            f"Check that this is the right file. {AGAIN}"
        ) from None
    with archive:
        members = _check_archive(archive)
        package_path = _package_path(_xml(archive, members, CONTAINER))
        package = _xml(archive, members, package_path)
        metadata = _metadata(package, title)
        chapters, tocs = _manifest(package, package_path)
        labels, warnings = _toc_labels(archive, members, tocs)
        blocks: list[Block] = []
        lists = 0  # list ids used so far: each chapter numbers its own from 1
        for path in chapters:
            chapter = _chapter_blocks(_read(archive, members, path), path)
            label = labels.get(path, "")
            if chapter and label and chapter[0].kind != BlockKind.HEADING:
                chapter.insert(
                    0, Block(kind=BlockKind.HEADING, text=label, html=escape(label), level=2)
                )
            chapter = [_shift_list(block, lists) for block in chapter]
            lists = max([lists, *(block.list_id or 0 for block in chapter)])
            blocks.extend(chapter)
    if (
        blocks
        and metadata.title
        and blocks[0].kind == BlockKind.HEADING
        and normalize_space(blocks[0].text).casefold() == metadata.title.casefold()
    ):
        blocks = blocks[1:]
    if not blocks:
        raise ImportFailed(
            "No text was found in the EPUB's chapters: they have no paragraphs or headings. "
            f"{AGAIN}"
        )
    return EpubDocument(metadata=metadata, blocks=blocks, warnings=tuple(warnings))


def _check_archive(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Refuse oversized, bomb-like or path-escaping archives before extracting anything."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ImportFailed(
            f"The EPUB has {len(infos)} files inside it; at most {MAX_MEMBERS} are accepted. "
            f"{AGAIN}"
        )
    uncompressed = sum(info.file_size for info in infos)
    compressed = sum(info.compress_size for info in infos)
    if uncompressed > MAX_UNCOMPRESSED:
        raise ImportFailed(
            f"The EPUB unpacks to {uncompressed // (1024 * 1024)} MiB; at most "
            f"{MAX_UNCOMPRESSED // (1024 * 1024)} MiB are accepted. {AGAIN}"
        )
    if uncompressed > MAX_EXPANSION_RATIO * max(compressed, 1):
        raise ImportFailed(
            f"The EPUB unpacks to more than {MAX_EXPANSION_RATIO} times its compressed size, "
            f"like a zip bomb, and is refused for safety. {AGAIN}"
        )
    for info in infos:
        _check_path(info.filename)
    return {info.filename: info for info in infos}


def _check_path(name: str) -> None:
    if name.startswith(("/", "\\")) or DRIVE.match(name):
        raise ImportFailed(
            f"The EPUB contains a file with an absolute path ({name}), which is refused for "
            f"safety. {AGAIN}"
        )
    if ".." in re.split(r"[/\\]", name):
        raise ImportFailed(
            f"The EPUB contains a file whose path leaves the book ({name}, with '..'), which "
            f"is refused for safety. {AGAIN}"
        )


def _read(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], name: str) -> bytes:
    """A member's bytes, never more than its declared size."""
    info = members.get(name)
    if info is None:
        raise ImportFailed(f"The EPUB is incomplete: it has no {name}. {AGAIN}")
    try:
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)
    except READ_ERRORS as error:
        raise ImportFailed(f"The EPUB's {name} cannot be unpacked ({error}). {AGAIN}") from None
    if len(data) > info.file_size:
        raise ImportFailed(
            f"The EPUB's {name} is larger than the archive says, which is refused for "
            f"safety. {AGAIN}"
        )
    return data


def _xml(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], name: str) -> Element:
    data = _read(archive, members, name)
    try:
        return fromstring(data)
    except DefusedXmlException:
        raise ImportFailed(
            f"The EPUB's {name} declares XML entities, which are refused for safety. {AGAIN}"
        ) from None
    except ParseError as error:
        raise ImportFailed(f"The EPUB's {name} is not well-formed XML: {error}. {AGAIN}") from None


def _package_path(container: Element) -> str:
    """The package (OPF) file the container points to."""
    rootfile = container.find(f"{CONTAINER_NS}rootfiles/{CONTAINER_NS}rootfile")
    if rootfile is None:
        rootfile = container.find(".//rootfile")  # a container without its namespace
    path = rootfile.get("full-path", "") if rootfile is not None else ""
    if not path:
        raise ImportFailed(
            f"The EPUB's {CONTAINER} does not say where the book's package file is. {AGAIN}"
        )
    _check_path(path)
    return posixpath.normpath(path)


def _metadata(package: Element, title: str) -> Metadata:
    def texts(name: str) -> list[str]:
        found = package.iterfind(f"{OPF}metadata/{DC}{name}")
        return [text for element in found if (text := normalize_space("".join(element.itertext())))]

    titles, description, rights = texts("title"), texts("description"), texts("rights")
    published = (parsed for text in texts("date") if (parsed := leading_date(text)))
    return Metadata(
        title=title or (titles[0] if titles else ""),
        author=", ".join(texts("creator")),
        description=normalize_space(text_content(description[0])) if description else "",
        published_on=next(published, None),
        licence=rights[0] if rights else "",
    )


def _manifest(package: Element, package_path: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The spine's chapter paths in reading order, and the tables of contents (path, kind),
    the EPUB 3 navigation document first, then the EPUB 2 NCX."""
    folder = posixpath.dirname(package_path)
    items: dict[str, tuple[str, str, str]] = {}  # id → (path, media type, properties)
    for item in package.iterfind(f"{OPF}manifest/{OPF}item"):
        href = unquote(item.get("href", "").partition("#")[0])
        if item.get("id") and href:
            path = posixpath.normpath(posixpath.join(folder, href))
            _check_path(path)
            items[item.get("id", "")] = (
                path,
                item.get("media-type", ""),
                item.get("properties", ""),
            )
    spine = package.find(f"{OPF}spine")
    if spine is None:
        raise ImportFailed(f"The EPUB's {package_path} lists no chapters (no spine). {AGAIN}")
    chapters = []
    for itemref in spine.iterfind(f"{OPF}itemref"):
        path, media_type, properties = items.get(itemref.get("idref", ""), ("", "", ""))
        if path and media_type in CHAPTER_TYPES and "nav" not in properties.split():
            chapters.append(path)
    nav = [path for path, _, properties in items.values() if "nav" in properties.split()]
    ncx = [path for path, media_type, _ in items.values() if media_type == NCX_TYPE]
    if spine.get("toc") in items:
        ncx.insert(0, items[spine.get("toc", "")][0])
    tocs = [(path, "nav") for path in nav[:1]] + [(path, "ncx") for path in ncx[:1]]
    return chapters, tocs


def _toc_labels(
    archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], tocs: list[tuple[str, str]]
) -> tuple[dict[str, str], list[str]]:
    """Each chapter's first label in the first table of contents that has any, by the
    chapter's path; and, when none has and one could not be read, a warning saying so. The
    labels are optional (they only name chapters without a heading), so a malformed table of
    contents never refuses a book."""
    problems: list[str] = []
    for path, kind in tocs:
        if path not in members:
            continue
        try:
            root = _xml(archive, members, path)
        except ImportFailed as error:
            problems.append(str(error).removesuffix(f" {AGAIN}").rstrip("."))
            continue
        entries = _nav_entries(root) if kind == "nav" else _ncx_entries(root)
        folder = posixpath.dirname(path)
        labels: dict[str, str] = {}
        for href, label in entries:
            target = unquote(href.partition("#")[0])
            if target and label and "://" not in target:
                labels.setdefault(posixpath.normpath(posixpath.join(folder, target)), label)
        if labels:
            return labels, []
    if not problems:
        return {}, []
    return {}, [
        f"The book's table of contents could not be read ({'; '.join(problems)}). Its "
        "chapters are all imported, with the headings they have themselves; a chapter "
        "without one has no heading."
    ]


def _nav_entries(root: Element) -> Iterator[tuple[str, str]]:
    navs = list(root.iter(f"{XHTML}nav"))
    tocs = [nav for nav in navs if "toc" in nav.get(OPS_TYPE, "").split()]
    for nav in (tocs or navs)[:1]:
        for link in nav.iter(f"{XHTML}a"):
            yield link.get("href", ""), normalize_space("".join(link.itertext()))


def _ncx_entries(root: Element) -> Iterator[tuple[str, str]]:
    for point in root.iter(f"{NCX}navPoint"):
        content, label = point.find(f"{NCX}content"), point.find(f"{NCX}navLabel")
        if content is not None and label is not None:
            yield content.get("src", ""), normalize_space("".join(label.itertext()))


def _chapter_blocks(data: bytes, path: str) -> list[Block]:
    """A chapter's blocks: UTF-8 (or a BOM's encoding), else the encoding it declares."""
    if not data.strip():
        return []
    try:
        return read_blocks(decode_html(data))[0]
    except ImportFailed:
        raise ImportFailed(
            f"The EPUB's chapter {path} is not valid text in its declared encoding. {AGAIN}"
        ) from None


def _shift_list(block: Block, offset: int) -> Block:
    return block if block.list_id is None else replace(block, list_id=block.list_id + offset)
