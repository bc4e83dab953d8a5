"""Small real files of each kind Walkout keeps, built in the tests (nothing binary in the
repository), and a few it refuses."""

import base64
import io
import struct
import zipfile
import zlib

PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)


def png():
    """A 1×1 white PNG."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# A 1×1 baseline JPEG.
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////"
    "////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/a"
    "AAgBAQABPxA="
)


def zipped(entries, first=None):
    """A zip of {name: bytes}; `first` (name, bytes) stored uncompressed ahead of the rest,
    as ODF puts its mimetype."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first[0]), first[1], zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx():
    return zipped(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/content-types"/>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            "word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
            b'openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
        }
    )


def odt(mimetype=b"application/vnd.oasis.opendocument.text"):
    return zipped(
        {
            "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest:manifest/>',
            "content.xml": b'<?xml version="1.0"?><office:document-content/>',
        },
        first=("mimetype", mimetype),
    )


def xlsx():
    return zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


TEXT = "Dana Müller\nSenior Data Engineer\n— 10 years of pipelines —\n".encode()
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + b"\x01\x02\x03"
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48

SAMPLES = {
    "pdf": ("cv.pdf", PDF, "application/pdf"),
    "docx": (
        "cv.docx",
        docx(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "odt": ("cv.odt", odt(), "application/vnd.oasis.opendocument.text"),
    "txt": ("cv.txt", TEXT, "text/plain; charset=utf-8"),
    "png": ("scan.png", png(), "image/png"),
    "jpeg": ("scan.jpg", JPEG, "image/jpeg"),
}
