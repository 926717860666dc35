"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with BOM, or an encoding the caller names.

Anything else is refused with the byte offset of the first bad byte: guessing an encoding
silently corrupts text that annotations would later be anchored to.
"""

import codecs

from texts.importers.parsed import ImportFailed

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, encoding: str | None = None) -> str:
    """Decode `data`, refusing binary files and undecodable bytes with a clear message."""
    if not data.strip():
        raise ImportFailed("The file is empty: there is no text to import.")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ImportFailed(f"Unknown encoding {encoding!r}: name one such as cp1252.") from None
        text = _decode_with(data, encoding)
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


def _decode_with(data: bytes, encoding: str, *, offset: int = 0) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex().upper()
        raise ImportFailed(
            f"The file is not valid {encoding.upper()}: the byte 0x{bad} at offset "
            f"{offset + error.start} cannot be decoded. Save the file as UTF-8, or name its "
            "encoding (for example --encoding cp1252)."
        ) from None


def normalize_newlines(text: str) -> str:
    """CR LF and lone CR become LF, as a browser reads them (before any block is built)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text: str) -> list[str]:
    """Split on real newlines only (CRLF, CR, LF), not on U+2028, NEL or form feed."""
    return normalize_newlines(text).split("\n")
