"""The export with documents: one zip holding the JSON archive (walkout.json, as
json_archive writes it) and each document's file, in a folder per application; and its
restore, which checks each file as an upload is checked.

The zip is written as it is sent, a piece at a time: however many files there are, no more
than one chunk of one file is in memory, and nothing goes to disk. Text is compressed;
PDF, DOCX, ODT and images are already, so they are stored as they are.
"""

import io
import json
import re
import struct
import zipfile
import zlib

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import documents, json_archive

JSON_NAME = "walkout.json"
# Characters no file system takes in a name, and control characters.
UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
COMPRESSED = {documents.TXT.content_type}


def safe_name(text, longest=80):
    """`text` as one part of a path in the zip: no separators, nothing hidden, not empty."""
    text = UNSAFE.sub("_", text).strip().lstrip(".").strip()
    return text[:longest].strip() or "_"


def safe_file_name(name, longest=120):
    """A document's name as safe_name() makes it, shortened before its extension rather
    than through it: a long “résumé ….pdf” stays a .pdf, which opens with a double click."""
    name = safe_name(name, longest=len(name) or 1)
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10 or " " in extension:
        return name[:longest].strip() or "_"
    return f"{stem[: longest - len(extension) - 1].strip()}.{extension}"


def unique(path, used):
    """`path`, or “name (2).ext”, “name (3).ext”… when the folder has it already."""
    stem, dot, extension = path.rpartition(".")
    if not dot or "/" in extension:
        stem, dot, extension = path, "", ""
    candidate, number = path, 1
    while candidate.lower() in used:
        number += 1
        candidate = f"{stem} ({number}){dot}{extension}"
    used.add(candidate.lower())
    return candidate


class Pipe(io.RawIOBase):
    """Where the zip writes: a buffer emptied after each piece (zipfile writes to a stream
    it cannot seek in with data descriptors, as the zip format allows)."""

    def __init__(self):
        self.pending = bytearray()

    def writable(self):
        return True

    def write(self, data):
        self.pending += data
        return len(data)

    def drain(self):
        """What was written since the last drain, if anything (an empty piece would end a
        chunked response early on some servers)."""
        if self.pending:
            yield bytes(self.pending)
            self.pending.clear()


def export_zip(document):
    """The zip's bytes, in pieces, from json_archive.export_document(user, files=True):
    each document entry loses its storage name and gains `path`, where its file is in the
    zip (null when the storage no longer has it)."""
    pipe = Pipe()
    with zipfile.ZipFile(pipe, "w") as archive:
        for application in document["applications"]:
            folder = "documents/" + safe_name(
                f"{application['id']} {application['company']} - {application['role']}"
            )
            used = set()
            for entry in application["documents"]:
                stored = entry.pop("file")
                entry["path"] = None
                try:
                    source = default_storage.open(stored, "rb")
                except FileNotFoundError:
                    continue
                path = unique(f"{folder}/{safe_file_name(entry['name'])}", used)
                info = zipfile.ZipInfo(path, date_time=zip_time(entry["uploaded_at"]))
                info.compress_type = (
                    zipfile.ZIP_DEFLATED
                    if entry["content_type"] in COMPRESSED
                    else zipfile.ZIP_STORED
                )
                with source, archive.open(info, "w") as target:
                    for chunk in source.chunks():
                        target.write(chunk)
                        yield from pipe.drain()
                entry["path"] = path
                yield from pipe.drain()
        info = zipfile.ZipInfo(JSON_NAME, date_time=zip_time(None))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, json.dumps(document, ensure_ascii=False, indent=1))
    yield from pipe.drain()


def zip_time(text):
    """A zip entry's time (the zip format's: no zone, from 1980) from the document's UTC
    text, or the export's moment."""
    moment = parse_datetime(text) if text else timezone.now()
    return max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))


# Restore

# The largest zip export the restore takes: it waits in a temporary file, not in memory.
# The documents' files it brings back add up to no more than this either: an export
# stores them as they are (text aside), so a real one holds no more than its own size.
MAX_RESTORE_BYTES = 200 * 1024 * 1024
# The zip's directory, which zipfile reads whole and makes an object of each entry in:
# room for some 15,000 documents with long names, and at most 4 MB of memory for a zip
# of nothing but empty entries (instead of 200 MB for every 24 MB of them).
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
# A zip's errors when it is broken, cut short, encrypted or compressed oddly.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError)
# The zip's last record (APPNOTE 4.3.16): signature, two disk numbers, two entry counts,
# the directory's size (field 5) and offset, the comment's length. A comment of up to 64 KB
# may follow.
END_RECORD = struct.Struct("<4s4H2LH")
END_SIGNATURE = b"PK\x05\x06"
# A zip64 archive's locator, just before that record: zipfile then takes the directory's
# size from the zip64 record. An export of at most 200 MB never needs one.
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_SIGNATURE = b"PK\x06\x07"


class ZipFiles:
    """The documents' files in a zip export, for json_archive.read_document and restore:
    each file once, and no more than MAX_RESTORE_BYTES in all."""

    def __init__(self, archive):
        self.archive = archive
        self.used = set()
        self.total = 0

    def check(self, path, name):
        """(Kind, size) of the file at `path`, checked as an upload is; or Refused."""
        try:
            info = self.archive.getinfo(path)
        except KeyError:
            raise json_archive.Refused(f"“{path[:200]}” is not in the zip.") from None
        if path in self.used:
            raise json_archive.Refused(
                f"“{path[:200]}” is already another document's file: each document has its own."
            )
        # The zip's own size for the entry: reading stops there whatever the data holds.
        if info.file_size > documents.MAX_BYTES:
            raise json_archive.Refused(
                f"“{path[:200]}” is larger than {documents.MAX_BYTES // (1024 * 1024)} MB."
            )
        if self.total + info.file_size > MAX_RESTORE_BYTES:
            raise json_archive.Refused(
                f"The documents' files add up to more than {MAX_RESTORE_BYTES // (1024 * 1024)}"
                " MB, more than a Walkout export with documents holds."
            )
        try:
            data = self.archive.read(info)
            kind = documents.check(io.BytesIO(data), name, len(data))
        except documents.Refused as error:  # a ValueError: before ZIP_ERRORS
            raise json_archive.Refused(str(error).removesuffix(" Nothing was stored.")) from None
        except ZIP_ERRORS as error:
            raise json_archive.Refused(f"“{path[:200]}” cannot be read from the zip.") from error
        self.used.add(path)
        self.total += len(data)
        return kind, len(data)

    def open(self, path):
        return self.archive.open(path)


def directory_too_large(upload):
    """Whether a zip's directory is larger than MAX_DIRECTORY_BYTES (or in a zip64
    record), read from its last record before zipfile reads the directory. A file without
    that record is left to zipfile, which says what is wrong."""
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    tail = min(size, ZIP64_LOCATOR.size + END_RECORD.size + 0xFFFF)
    upload.seek(size - tail)
    data = upload.read(tail)
    upload.seek(0)
    at = data.rfind(END_SIGNATURE)
    if at < 0 or len(data) - at < END_RECORD.size:
        return False
    locator = data[max(0, at - ZIP64_LOCATOR.size) : at]
    return (
        locator.startswith(ZIP64_SIGNATURE)
        or END_RECORD.unpack_from(data, at)[5] > MAX_DIRECTORY_BYTES
    )


def restore_zip(user, upload):
    """Restore a zip export (walkout.json and the documents' files) into `user`'s empty
    account, all or nothing; or json_archive.Refused."""
    if directory_too_large(upload):
        raise json_archive.Refused(
            "This zip lists more files than a Walkout export with documents holds. Nothing "
            "was restored."
        )
    try:
        archive = zipfile.ZipFile(upload)
    except ZIP_ERRORS as error:
        raise json_archive.Refused(
            "This zip file cannot be read: it is broken or cut short. Nothing was restored."
        ) from error
    with archive:
        try:
            info = archive.getinfo(JSON_NAME)
        except KeyError:
            raise json_archive.Refused(
                f"This zip has no {JSON_NAME}: it is not a Walkout export with documents. "
                "Nothing was restored."
            ) from None
        if info.file_size > json_archive.MAX_BYTES:
            raise json_archive.Refused(
                f"Its {JSON_NAME} is larger than 20 MB: it is not a Walkout export. Nothing "
                "was restored."
            )
        try:
            data = archive.read(info)
        except ZIP_ERRORS as error:
            raise json_archive.Refused(
                f"Its {JSON_NAME} cannot be read from the zip. Nothing was restored."
            ) from error
        return json_archive.restore_file(user, data, ZipFiles(archive))


def is_zip(upload):
    """Whether an uploaded file is a zip, by its first bytes."""
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    return head == b"PK\x03\x04"
