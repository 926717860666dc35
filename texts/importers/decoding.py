"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with BOM, or an encoding the caller names;
an HTML page may also declare its own (`decode_html`).

Anything else is refused with the byte offset of the first bad byte: guessing an encoding
silently corrupts text that annotations would later be anchored to.
"""

import codecs
import re

from texts.importers.parsed import ImportFailed

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The bytes searched for a declared encoding. WHATWG's prescan reads 1,024; saved pages often
# carry a longer head (comments, scripts) before their <meta>.
PRESCAN_BYTES = 4096
# <meta charset="…">, and <meta http-equiv="Content-Type" content="text/html; charset=…">.
META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
XML_ENCODING = re.compile(rb"""^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
# WHATWG Encoding Standard, "get an encoding": these labels name windows-1252 (and its
# relatives) in browsers, which show bytes 0x80–0x9F as “curly quotes”, € and so on.
WHATWG_LABELS = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
}
BAD_ENCODING_HINT = (
    "Save the file as UTF-8, or name its encoding (the Encoding choice on the import page, "
    "or --encoding cp1252 on the command line)."
)


def decode(data: bytes, encoding: str | None = None) -> str:
    """Decode `data`, refusing binary files and undecodable bytes with a clear message."""
    if not data.strip():
        raise ImportFailed("The file is empty: there is no text to import.")
    if encoding:
        text = _decode_with(data, check_encoding(encoding))
    else:
        for bom, bom_encoding in _BOMS:
            if data.startswith(bom):
                text = _decode_with(data[len(bom) :], bom_encoding, offset=len(bom))
                break
        else:
            if (nul := data.find(b"\x00")) >= 0:
                raise ImportFailed(
                    f"This looks like a binary file, not text (a NUL byte at offset {nul}). "
                    "Import a plain text, Markdown or HTML file."
                )
            text = _decode_with(data, "utf-8")
    if (nul := text.find("\x00")) >= 0:
        raise ImportFailed(
            f"The text contains a NUL character (at character {nul}), which no text file "
            "should have. Check that this is the right file."
        )
    return text


def decode_html(data: bytes, encoding: str | None = None) -> str:
    """Decode an HTML or XHTML page: the caller's encoding, else a BOM's, else UTF-8 when the
    bytes are valid UTF-8, else the encoding the page declares (`declared_encoding`).

    Valid UTF-8 wins over a declaration because a page converted to UTF-8 by an editor often
    keeps its old `<meta charset>`, while text in a legacy encoding is almost never valid UTF-8.
    """
    try:
        return decode(data, encoding)
    except ImportFailed:
        declared = None if encoding else declared_encoding(data)
        if declared is None:
            raise
        return decode(data, declared)


def declared_encoding(data: bytes) -> str | None:
    """The Python codec a page's head declares (an XML declaration's `encoding`, or a `<meta>`
    charset), mapped as browsers map it (WHATWG): "iso-8859-1" reads as cp1252, a declared
    UTF-16 as UTF-8. None when nothing usable is declared."""
    head = data[:PRESCAN_BYTES]
    for found in (XML_ENCODING.search(head), META_CHARSET.search(head)):
        if found is None:
            continue
        try:
            name = codecs.lookup(found.group(1).decode("ascii")).name
        except LookupError:
            continue  # an unknown label: WHATWG's prescan goes on looking
        if name.startswith(("utf-16", "utf-32")):
            return "utf-8"  # bytes that read as ASCII cannot really be UTF-16
        return WHATWG_LABELS.get(name, name)
    return None


def check_encoding(encoding: str) -> str:
    """`encoding` when Python knows it, else ImportFailed saying so."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ImportFailed(
            f"Unknown encoding {encoding!r}: name one such as cp1252, iso-8859-15 or utf-8."
        ) from None
    return encoding


def _decode_with(data: bytes, encoding: str, *, offset: int = 0) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex().upper()
        raise ImportFailed(
            f"The file is not valid {encoding.upper()}: the byte 0x{bad} at offset "
            f"{offset + error.start} cannot be decoded. {BAD_ENCODING_HINT}"
        ) from None


def normalize_newlines(text: str) -> str:
    """CR LF and lone CR become LF, as a browser reads them (before any block is built)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text: str) -> list[str]:
    """Split on real newlines only (CRLF, CR, LF), not on U+2028, NEL or form feed."""
    return normalize_newlines(text).split("\n")
