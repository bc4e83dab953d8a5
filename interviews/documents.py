"""What an uploaded document is, read from its bytes: never from its name or from the
content type the browser sent, which anyone can set.

Pure: a file object in, a Kind (content type, extension, label) or Refused out. Walkout
takes PDF, Word (DOCX), OpenDocument text (ODT), plain text (UTF-8), PNG and JPEG, of at
most MAX_BYTES. DOCX and ODT are zip files: only the zip's directory and its small
`mimetype` entry are read, nothing is extracted, so a zip bomb costs nothing.
"""

import os
import zipfile
import zlib
from dataclasses import dataclass

from .text import REFUSED_CHARACTERS

MAX_BYTES = 10 * 1024 * 1024
# A real DOCX or ODT has tens of entries, a few hundred with many images.
MAX_ZIP_ENTRIES = 5_000
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    label: str


PDF = Kind("application/pdf", ".pdf", "PDF")
DOCX = Kind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "DOCX"
)
ODT = Kind("application/vnd.oasis.opendocument.text", ".odt", "ODT")
TXT = Kind("text/plain; charset=utf-8", ".txt", "plain text")
PNG = Kind("image/png", ".png", "PNG")
JPEG = Kind("image/jpeg", ".jpg", "JPEG")
KINDS = (PDF, DOCX, ODT, TXT, PNG, JPEG)
# The extensions each kind goes by; a file named with one of these must be that kind.
EXTENSIONS = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".odt": ODT,
    ".txt": TXT,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
}
TOO_LARGE = f"This file is larger than {MAX_BYTES // (1024 * 1024)} MB, the most a document may be."
ALLOWED = "PDF, Word (DOCX), OpenDocument text (ODT), plain text (TXT), PNG or JPEG"
# What the page's file input offers (the browser's hint only: the bytes decide).
ACCEPT = ",".join(EXTENSIONS)

# Text that opens like this is a web page, an SVG or other XML, not a plain-text document.
MARKUP = (b"<!doctype", b"<html", b"<?xml", b"<svg", b"<script", b"<head", b"<body", b"<!--")


class Refused(ValueError):
    """The file is not one Walkout keeps; the message says why, for the user."""


def clean_name(name):
    """A file's name as it may be shown and sent back in a download's header: printable
    characters only (no line breaks, no control characters), never empty."""
    return "".join(c for c in name if c.isprintable()).strip()[:255] or "document"


def check(file, name, size):
    """The Kind of an uploaded file (a seekable binary file object of `size` bytes, sent
    as `name`), or Refused with a message that names what is allowed."""
    if size == 0:
        raise Refused("This file is empty. Nothing was stored.")
    if size > MAX_BYTES:
        raise Refused(f"{TOO_LARGE} Nothing was stored.")
    kind = detect(file)
    named = EXTENSIONS.get(os.path.splitext(name)[1].lower())
    if kind is None and named == TXT and is_text_in_another_encoding(file):
        raise Refused(
            f"“{name}” is text, but not in UTF-8, the one encoding Walkout keeps text in. "
            "Save it again as UTF-8 (most editors offer it under “Save as”), or as a PDF. "
            "Nothing was stored."
        )
    if kind is None:
        raise Refused(
            f"Walkout keeps {ALLOWED} files, and this one is none of those by its content. "
            "Nothing was stored."
        )
    if named is not None and named != kind:
        raise Refused(
            f"“{name}” is named as {article(named.label)} file but its content is "
            f"{kind.label}. Rename it or save it again as {named.label}. Nothing was stored."
        )
    return kind


def article(label):
    return f"an {label}" if label[0] in "AEIOU" else f"a {label}"


def detect(file):
    """The Kind the bytes show, or None."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return office_document(file)
    return TXT if is_plain_text(file) else None


def office_document(file):
    """DOCX or ODT from a zip's entry names (and ODT's `mimetype` entry), or None."""
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                return None
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                return DOCX
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    # A few bytes more than the type: a longer entry is not the type.
                    if entry.read(len(ODT_MIMETYPE) + 2).strip() == ODT_MIMETYPE:
                        return ODT
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError):
        # Broken, cut short, encrypted, or compressed in a way zipfile does not read.
        return None
    finally:
        file.seek(0)
    return None


def is_text_in_another_encoding(file):
    """Bytes that are not UTF-8 but read as text in Windows-1252 (which Latin-1 files are,
    but for a few punctuation marks): no NUL, no other control character but tab and line
    breaks."""
    data = file.read()
    file.seek(0)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return False
        return not REFUSED_CHARACTERS.search(text)
    return False  # UTF-8: is_plain_text() judges it


def is_plain_text(file):
    """UTF-8 (a byte-order mark allowed) without NUL bytes, and not markup."""
    data = file.read()
    file.seek(0)
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    opening = text.lstrip()[:20].lower().encode()
    return not opening.startswith(MARKUP)
