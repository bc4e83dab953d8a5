"""Documents on an application: what is kept (by content), who may download or delete
it, that its file goes with it, and the export that carries the files."""

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from interviews import csv_import, documents, uploads, zip_archive
from interviews.models import Application, Document, ImportBatch
from tests.conftest import PASSWORD
from tests.documents_samples import (
    ELF,
    HTML,
    JPEG,
    PDF,
    SAMPLES,
    TEXT,
    WINDOWS_EXE,
    odt,
    xlsx,
    zipped,
)

pytestmark = pytest.mark.django_db

TEN_MB = 10 * 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Every file these tests store goes to a folder of their own, never the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media):
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def upload(client, application, name, data, kind="resume", content_type="application/pdf"):
    return client.post(
        f"/applications/{application.pk}/documents/new/",
        {"file": SimpleUploadedFile(name, data, content_type=content_type), "kind": kind},
    )


def shown(client, response):
    """The page the upload redirected to, as text."""
    assert response.status_code == 302
    assert response.url.endswith("#documents")
    return client.get(response.url).content.decode()


# The check, by the file's bytes (interviews/documents.py)


def check(name, data):
    return documents.check(io.BytesIO(data), name, len(data))


@pytest.mark.parametrize("kind", SAMPLES)
def test_each_allowed_kind_is_recognised_by_its_bytes(kind):
    name, data, content_type = SAMPLES[kind]
    assert check(name, data).content_type == content_type
    # The name does not decide: without an extension the bytes still tell.
    assert check("no-extension", data).content_type == content_type


@pytest.mark.parametrize(
    "name, data",
    [
        ("Lebenslauf.TXT", "\ufeffLebenslauf: Müller, Zoë — Köln\n".encode()),  # BOM
        ("cv.txt", b"plain ascii\r\nwith windows lines\r\n"),
        ("CV.PDF", PDF),
        ("photo.jpeg", JPEG),
    ],
)
def test_text_with_a_bom_and_extensions_in_any_case_are_kept(name, data):
    assert check(name, data)


@pytest.mark.parametrize(
    "name, data",
    [
        ("cv.pdf", ELF),
        ("cv.pdf", WINDOWS_EXE),
        ("setup.exe", WINDOWS_EXE),
        ("cv.pdf", HTML),
        ("cv.txt", HTML),
        ("cv.html", b"  <html><body>hi</body></html>"),
        ("logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("cv.txt", b"a NUL\x00in text"),
        ("cv.pdf", "Müller".encode("latin-1")),  # text, not UTF-8, named as something else
        ("sheet.xlsx", xlsx()),
        ("sheet.ods", odt(b"application/vnd.oasis.opendocument.spreadsheet")),
        ("cv.docx", b"PK\x03\x04" + b"\x00broken zip" * 10),
        ("cv.docx", SAMPLES["docx"][1][:200]),  # cut short
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),  # Word 97
    ],
)
def test_anything_else_is_refused_naming_the_allowed_kinds(name, data):
    with pytest.raises(documents.Refused) as refusal:
        check(name, data)
    assert "PDF, Word (DOCX), OpenDocument text (ODT), plain text (TXT), PNG or JPEG" in str(
        refusal.value
    )
    assert "Nothing was stored." in str(refusal.value)


def test_a_file_named_as_one_kind_holding_another_is_refused():
    with pytest.raises(
        documents.Refused, match="“cv.docx” is named as a DOCX file but its content is PDF"
    ):
        check("cv.docx", PDF)
    with pytest.raises(documents.Refused, match="named as a PDF file but its content is plain"):
        check("cv.pdf", TEXT)


def test_a_zip_bomb_is_not_extracted():
    """A mimetype entry inflating to 20 MB: a few bytes are read, and it is not ODT."""
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text" + bytes(20_000_000))
    data = bomb.getvalue()
    assert len(data) < 100_000
    with pytest.raises(documents.Refused):
        check("cv.odt", data)


def test_a_zip_of_too_many_entries_is_refused():
    data = zipped(
        {f"word/{n}.xml": b"" for n in range(documents.MAX_ZIP_ENTRIES)}
        | {"[Content_Types].xml": b"<Types/>"}
    )
    with pytest.raises(documents.Refused):
        check("cv.docx", data)


def test_empty_and_too_large_are_refused_with_their_reason():
    with pytest.raises(documents.Refused, match="This file is empty"):
        check("cv.pdf", b"")
    padded = PDF + b"\n" * (documents.MAX_BYTES - len(PDF))
    assert check("cv.pdf", padded) == documents.PDF  # 10 MB exactly is allowed
    with pytest.raises(documents.Refused, match="larger than 10 MB"):
        check("cv.pdf", padded + b"\n")


# Upload, through the application's page


@pytest.mark.parametrize("kind", SAMPLES)
def test_uploading_each_kind_stores_it_under_a_random_name(alice_client, application, media, kind):
    name, data, content_type = SAMPLES[kind]
    # The browser's content type is ignored: the bytes decide.
    page = shown(alice_client, upload(alice_client, application, name, data, content_type="x/y"))
    assert f"Added résumé “{name}”." in page
    document = Document.objects.get(application=application)
    assert (document.name, document.size, document.content_type) == (name, len(data), content_type)
    [path] = stored_files(media)
    assert path.read_bytes() == data
    assert path.relative_to(media).parts[0] == "documents"
    assert name.split(".")[0] not in path.name  # the user's name never becomes a path
    assert path.suffix == documents.EXTENSIONS[path.suffix].extension
    assert f'href="/documents/{document.pk}/download/"' in page


def test_a_name_with_a_path_and_accents_is_kept_for_display_only(alice_client, application, media):
    upload(alice_client, application, "../../etc/Lebenslauf_Müller.pdf", PDF, kind="cover_letter")
    document = Document.objects.get()
    assert document.name == "Lebenslauf_Müller.pdf"
    assert document.kind == "cover_letter"
    [path] = stored_files(media)
    assert path.is_relative_to(media / "documents")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("cv.pdf", HTML, "none of those by its content"),
        ("cv.pdf", TEXT, "named as a PDF file but its content is plain text"),
        ("cv.pdf", ELF, "none of those by its content"),
        ("tool.exe", WINDOWS_EXE, "none of those by its content"),
        ("cv.pdf", b"", "This file is empty."),
        # Text, but Latin-1: saying so tells the user what to do.
        ("Grüße.txt", "Grüße aus Köln".encode("latin-1"), "is text, but not in UTF-8"),
        ("tool.txt", ELF, "none of those by its content"),
    ],
)
def test_a_refused_upload_says_why_and_stores_nothing(
    alice_client, application, media, name, data, message
):
    page = shown(alice_client, upload(alice_client, application, name, data))
    assert message in page and "Nothing was stored." in page
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_a_file_just_over_ten_mb_gets_the_message_not_an_error(alice_client, application, media):
    response = upload(alice_client, application, "big.pdf", PDF + b"\n" * (TEN_MB + 1 - len(PDF)))
    page = shown(alice_client, response)
    assert "This file is larger than 10 MB, the most a document may be." in page
    assert not Document.objects.exists() and stored_files(media) == []
    # Exactly 10 MB is kept.
    upload(alice_client, application, "fits.pdf", PDF + b"\n" * (TEN_MB - len(PDF)))
    assert Document.objects.get().size == TEN_MB


@pytest.mark.parametrize(
    "handler", [uploads.CappedMemoryUploadHandler, uploads.CappedTemporaryFileUploadHandler]
)
def test_a_request_keeps_one_file_whatever_else_it_sends(rf, handler):
    """The limit is per request: files under other names, and a second file under the form's
    own, are dropped as they arrive (neither held nor handed to the view). Django's own
    handlers would hold up to 100 files of the limit each."""
    files = {
        **{f"f{n}": SimpleUploadedFile(f"{n}.pdf", b"%" * 1000) for n in range(5)},
        "file": [SimpleUploadedFile("first.pdf", PDF), SimpleUploadedFile("second.pdf", JPEG)],
        "kind": "resume",
    }
    request = rf.post("/", files)
    request.upload_handlers = [handler(request, TEN_MB)]
    assert [(name, [f.name for f in sent]) for name, sent in request.FILES.lists()] == [
        ("file", ["first.pdf"])
    ]
    assert request.FILES["file"].read() == PDF
    assert request.POST["kind"] == "resume"


def test_an_upload_sent_with_other_files_stores_the_one_document(alice_client, application, media):
    response = alice_client.post(
        f"/applications/{application.pk}/documents/new/",
        {
            **{f"f{n}": SimpleUploadedFile(f"{n}.txt", TEXT) for n in range(20)},
            "file": SimpleUploadedFile("cv.pdf", PDF),
            "kind": "resume",
        },
    )
    assert "Added résumé “cv.pdf”." in shown(alice_client, response)
    assert list(Document.objects.values_list("name", flat=True)) == ["cv.pdf"]
    assert len(stored_files(media)) == 1


def test_compressed_files_are_not_gzipped_again_but_text_is(alice_client, application, media):
    """gzip on a PDF, an image or the zip export spends CPU for nothing; text still gains."""
    upload(alice_client, application, "cv.pdf", PDF + b"\n" * 5000)
    upload(alice_client, application, "notes.txt", TEXT * 100, kind="other")
    gzip = {"accept-encoding": "gzip, deflate, br"}
    encodings = {
        document.name: alice_client.get(f"/documents/{document.pk}/download/", headers=gzip).get(
            "Content-Encoding"
        )
        for document in Document.objects.all()
    }
    assert encodings == {"cv.pdf": None, "notes.txt": "gzip"}
    assert alice_client.get("/export/walkout.zip", headers=gzip).get("Content-Encoding") is None
    assert alice_client.get(application.get_absolute_url(), headers=gzip)["Content-Encoding"] == (
        "gzip"
    )


def test_no_file_or_an_unknown_kind_is_refused(alice_client, application, media):
    response = alice_client.post(
        f"/applications/{application.pk}/documents/new/", {"kind": "resume"}
    )
    assert "Choose a file to upload." in shown(alice_client, response)
    page = shown(alice_client, upload(alice_client, application, "cv.pdf", PDF, kind="passport"))
    assert "Choose what the file is" in page
    assert not Document.objects.exists() and stored_files(media) == []


def test_uploading_needs_the_owner_a_login_a_post_and_csrf(
    alice_client, bob_client, client, application, media
):
    assert upload(bob_client, application, "cv.pdf", PDF).status_code == 404
    anonymous = upload(client, application, "cv.pdf", PDF)
    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/")
    address = f"/applications/{application.pk}/documents/new/"
    assert alice_client.get(address).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(application.owner)
    assert upload(strict, application, "cv.pdf", PDF).status_code == 403
    assert not Document.objects.exists() and stored_files(media) == []


# The page


def test_the_page_lists_documents_newest_first_with_an_empty_state(
    alice_client, application, django_assert_max_num_queries
):
    page = alice_client.get(f"/applications/{application.pk}/").content.decode()
    assert "No documents yet" in page
    assert 'enctype="multipart/form-data"' in page
    for n in range(25):
        upload(alice_client, application, f"letter {n}.pdf", PDF, kind="cover_letter")
    # As test_applications.test_detail_query_count_is_fixed, and the documents: one query.
    with django_assert_max_num_queries(13):
        page = alice_client.get(f"/applications/{application.pk}/").content.decode()
    assert page.count('class="document"') == 25
    assert page.index(">letter 24.pdf</a>") < page.index(">letter 0.pdf</a>")
    assert 'Cover letter · PDF · <span class="text-nowrap">136\xa0bytes</span>' in page
    assert "No documents yet" not in page


# Download


def test_download_is_the_owners_alone(alice_client, bob_client, client, application):
    upload(alice_client, application, "Lebenslauf_Müller.pdf", PDF)
    document = Document.objects.get()
    address = f"/documents/{document.pk}/download/"
    response = alice_client.get(address)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Lebenslauf_M%C3%BCller.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert bob_client.get(address).status_code == 404
    anonymous = client.get(address)
    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/")
    assert alice_client.get("/documents/999999/download/").status_code == 404


def test_a_text_document_downloads_as_text_with_its_name(alice_client, application):
    upload(alice_client, application, 'notes "v2".txt', TEXT, kind="other")
    response = alice_client.get(f"/documents/{Document.objects.get().pk}/download/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="notes \\"v2\\".txt"'
    assert b"".join(response.streaming_content) == TEXT


def test_the_media_folder_is_served_at_no_address(alice_client, application, media):
    upload(alice_client, application, "cv.pdf", PDF)
    [path] = stored_files(media)
    name = path.relative_to(media).as_posix()
    for address in (f"/media/{name}", f"/{name}", f"/static/{name}", f"/static/../media/{name}"):
        assert alice_client.get(address).status_code == 404, address


# Delete


def test_delete_asks_first_then_removes_the_row_and_its_file(
    alice_client, bob_client, client, application, media, django_capture_on_commit_callbacks
):
    upload(alice_client, application, "offer.pdf", PDF, kind="offer_letter")
    document = Document.objects.get()
    address = f"/documents/{document.pk}/delete/"
    page = alice_client.get(address)
    assert page.status_code == 200
    assert "Delete this document?" in page.content.decode()
    assert "<strong>offer.pdf</strong> (offer letter) will be deleted" in page.content.decode()
    assert bob_client.get(address).status_code == 404
    assert bob_client.post(address).status_code == 404
    assert client.post(address).status_code == 302
    assert Document.objects.exists() and len(stored_files(media)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(address)
    assert "Deleted “offer.pdf”." in shown(alice_client, response)
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_a_deletion_rolled_back_keeps_the_file(alice_client, application, media):
    upload(alice_client, application, "cv.pdf", PDF)
    with pytest.raises(RuntimeError), transaction.atomic():
        Document.objects.get().delete()
        raise RuntimeError
    assert Document.objects.exists() and len(stored_files(media)) == 1


def upload_two(client, application, other, media):
    upload(client, application, "cv.pdf", PDF)
    upload(client, other, "letter.txt", TEXT, kind="cover_letter")
    assert len(stored_files(media)) == 2


def test_deleting_the_application_deletes_its_files(
    alice_client, alice, application, make_application, media, django_capture_on_commit_callbacks
):
    other = make_application(alice, company="Quarry")
    upload_two(alice_client, application, other, media)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(f"/applications/{application.pk}/delete/")
    assert list(Document.objects.values_list("name", flat=True)) == ["letter.txt"]
    [left] = stored_files(media)
    assert left.read_bytes() == TEXT


def test_bulk_delete_deletes_their_files(
    alice_client, alice, application, make_application, media, django_capture_on_commit_callbacks
):
    other = make_application(alice, company="Quarry")
    upload_two(alice_client, application, other, media)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(
            "/applications/bulk/",
            {"action": "delete", "ids": [application.pk, other.pk], "confirmed": "1"},
        )
    assert not Application.objects.exists() and not Document.objects.exists()
    assert stored_files(media) == []


def test_deleting_the_account_deletes_its_files_and_no_one_elses(
    alice_client,
    bob_client,
    alice,
    bob,
    application,
    make_application,
    media,
    django_capture_on_commit_callbacks,
):
    upload(alice_client, application, "cv.pdf", PDF)
    bobs = make_application(bob, company="Bob's")
    upload(bob_client, bobs, "bob.txt", TEXT)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post("/accounts/delete/", {"password": PASSWORD})
    assert list(Document.objects.values_list("name", flat=True)) == ["bob.txt"]
    [left] = stored_files(media)
    assert left.read_bytes() == TEXT


def test_an_application_with_a_document_survives_undoing_its_import(alice, application, media):
    batch = ImportBatch.objects.create(owner=alice, name="a.csv", created_count=1)
    Application.objects.filter(pk=application.pk).update(import_batch=batch)
    batch.imported_at = application.updated_at
    batch.save()
    Document.store(
        application,
        SimpleUploadedFile("cv.pdf", PDF),
        "resume",
        documents.PDF,
    )
    deleted, kept = csv_import.undo(batch)
    assert deleted == 0 and kept == [application]


# The export


def read_zip(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="walkout-export-')
    assert response["Content-Disposition"].endswith('.zip"')
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_export_holds_the_json_and_every_file(
    alice_client, bob_client, alice, bob, application, make_application, media
):
    quarry = make_application(alice, company="Quarry/Ltd", role="Analyst")
    upload(alice_client, application, "cv.pdf", PDF)
    upload(alice_client, application, "cv.pdf", PDF, kind="other")  # the same name again
    upload(alice_client, quarry, "Lebenslauf_Müller.txt", TEXT, kind="cover_letter")
    upload(bob_client, make_application(bob, company="Bob's"), "bob.pdf", PDF)
    page = alice_client.get("/export/").content.decode()
    assert 'href="/export/walkout.zip"' in page and "JSON archive with documents (zip)" in page

    archive = read_zip(alice_client.get("/export/walkout.zip"))
    assert archive.testzip() is None
    document = json.loads(archive.read("walkout.json"))
    assert document["schema"] == 3
    entries = {app["company"]: app["documents"] for app in document["applications"]}
    north = f"documents/{application.pk} Northwind - Data Engineer"
    assert [e["path"] for e in entries["Northwind"]] == [f"{north}/cv.pdf", f"{north}/cv (2).pdf"]
    [letter] = entries["Quarry/Ltd"]
    assert letter["path"] == f"documents/{quarry.pk} Quarry_Ltd - Analyst/Lebenslauf_Müller.txt"
    assert (letter["kind"], letter["name"], letter["size"]) == (
        "cover_letter",
        "Lebenslauf_Müller.txt",
        len(TEXT),
    )
    assert "file" not in letter  # where it is stored is the server's business
    assert archive.read(letter["path"]) == TEXT
    assert archive.read(f"{north}/cv.pdf") == PDF
    names = archive.namelist()
    assert len(names) == 4 and not any("bob" in name for name in names)
    # The plain JSON export lists the documents too, without files or paths.
    plain = json.loads(alice_client.get("/export/walkout.json").content)
    [listed] = [a for a in plain["applications"] if a["company"] == "Quarry/Ltd"][0]["documents"]
    assert set(listed) == {"id", "kind", "name", "size", "content_type", "uploaded_at"}


def test_a_long_name_is_shortened_before_its_extension_in_the_zip(alice_client, application, media):
    long_name = "résumé 😀 " + "x" * 230 + ".pdf"
    upload(alice_client, application, long_name, PDF)
    archive = read_zip(alice_client.get("/export/walkout.zip"))
    [entry] = json.loads(archive.read("walkout.json"))["applications"][0]["documents"]
    file_name = entry["path"].rpartition("/")[2]
    assert file_name == "résumé 😀 " + "x" * (120 - 13) + ".pdf" and len(file_name) == 120
    assert entry["name"] == long_name  # the name itself is kept whole, for the restore
    assert archive.read(entry["path"]) == PDF


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("cv.pdf", "cv.pdf"),
        ("y" * 200 + ".docx", "y" * 115 + ".docx"),
        ("z" * 200, "z" * 120),  # no extension: cut
        ("a." + "b" * 200, "a." + "b" * 118),  # no extension that long: cut as a name
        ("notes. final version" + "c" * 200, ("notes. final version" + "c" * 200)[:120]),
        (".pdf", "pdf"),  # nothing hidden
        ("..", "_"),
    ],
)
def test_file_names_in_the_zip(name, kept):
    assert zip_archive.safe_file_name(name) == kept


def test_a_file_gone_from_storage_is_noted_in_the_zip_not_an_error(
    alice_client, application, media
):
    upload(alice_client, application, "cv.pdf", PDF)
    for path in stored_files(media):
        path.unlink()
    archive = read_zip(alice_client.get("/export/walkout.zip"))
    document = json.loads(archive.read("walkout.json"))
    assert document["applications"][0]["documents"][0]["path"] is None
    assert archive.namelist() == ["walkout.json"]


def test_the_zip_export_needs_a_login(client):
    response = client.get(reverse("export_zip"))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


# The restore of a zip export


def restore(client, data, name="walkout-export.zip"):
    return client.post(
        "/import/restore/", {"file": SimpleUploadedFile(name, data)}, follow=True
    ).content.decode()


def zip_export(client):
    return b"".join(client.get("/export/walkout.zip").streaming_content)


def document_facts(user):
    return sorted(
        Document.objects.for_user(user).values_list(
            "application__company", "kind", "name", "size", "content_type", "uploaded_at"
        )
    )


@pytest.fixture
def carol_client(make_user):
    carol = make_user("carol")
    client = Client()
    client.force_login(carol)
    client.user = carol
    return client


@pytest.fixture
def with_documents(alice, alice_client, application, make_application):
    quarry = make_application(alice, company="Quarry", role="Analyst")
    upload(alice_client, application, "Lebenslauf_Müller.pdf", PDF)
    upload(alice_client, application, "scan.png", SAMPLES["png"][1], kind="other")
    upload(alice_client, quarry, "letter.txt", TEXT, kind="cover_letter")
    return alice


def test_a_zip_export_restores_with_its_documents(
    alice_client, carol_client, with_documents, media
):
    data = zip_export(alice_client)
    text = restore(carol_client, data)
    assert "Restored 2 applications" in text
    assert "3 documents came back with their files." in text
    carol = carol_client.user
    assert document_facts(carol) == document_facts(with_documents)
    theirs = {d.name: d.file.name for d in Document.objects.for_user(with_documents)}
    for document in Document.objects.for_user(carol):
        assert document.file.name != theirs[document.name]  # a copy, under a new name
        with document.file.open("rb") as stored:
            assert stored.read() == (media / theirs[document.name]).read_bytes()
    assert len(stored_files(media)) == 6
    # And the restored account exports the same documents.
    again = json.loads(zipfile.ZipFile(io.BytesIO(zip_export(carol_client))).read("walkout.json"))
    first = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("walkout.json"))

    def listed(document):
        return [
            (a["company"], [(d["name"], d["path"].split("/")[-1]) for d in a["documents"]])
            for a in document["applications"]
        ]

    assert listed(again) == listed(first)


def test_a_json_export_restores_without_the_files_and_says_so(
    alice_client, carol_client, with_documents, media
):
    text = restore(carol_client, alice_client.get("/export/walkout.json").content, "w.json")
    assert "Restored 2 applications" in text
    assert "3 documents listed in the file came without their file" in text
    assert not Document.objects.for_user(carol_client.user).exists()
    assert len(stored_files(media)) == 3


def rewritten(data, change):
    """The zip with each entry's bytes passed through change(name, bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info)))
    return out.getvalue()


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda name, data: WINDOWS_EXE if name.endswith(".pdf") else data,
            "none of those by its content",
        ),
        (
            lambda name, data: (
                data.replace(b"/scan.png", b"/gone.png") if name == "walkout.json" else data
            ),
            "gone.png” is not in the zip.",
        ),
    ],
)
def test_a_zip_with_a_bad_file_restores_nothing(
    alice_client, carol_client, with_documents, media, change, message
):
    text = restore(carol_client, rewritten(zip_export(alice_client), change))
    assert message in text and "nothing was stored" in text
    assert not Application.objects.filter(owner=carol_client.user).exists()
    assert len(stored_files(media)) == 3  # alice's only


def with_json(data, change):
    """The zip with its walkout.json passed through change(document)."""
    return rewritten(
        data,
        lambda name, raw: (
            json.dumps(change(json.loads(raw))).encode() if name == "walkout.json" else raw
        ),
    )


def same_file_twice(document):
    """Every document of the first application pointing at its first document's file."""
    entries = document["applications"][0]["documents"]
    for entry in entries:
        entry["path"] = entries[0]["path"]
    return document


def test_a_zip_whose_documents_share_one_file_restores_nothing(
    alice_client, carol_client, with_documents, media
):
    """Each document has its own file: one small entry named by many documents would
    otherwise be stored once for each (an 11 KB zip wrote 2 GB)."""
    text = restore(carol_client, with_json(zip_export(alice_client), same_file_twice))
    assert "is already another document&#x27;s file: each document has its own." in text
    assert "nothing was stored" in text
    assert not Application.objects.filter(owner=carol_client.user).exists()
    assert len(stored_files(media)) == 3  # alice's only


def test_a_zip_whose_files_add_up_to_too_much_restores_nothing(
    alice_client, carol_client, with_documents, media, monkeypatch
):
    """No more comes out of a zip than the restore takes in: here the limit is set between
    the first two files' sizes and the three's."""
    sizes = sorted(Document.objects.values_list("size", flat=True))
    monkeypatch.setattr(zip_archive, "MAX_RESTORE_BYTES", sum(sizes) - 1)
    text = restore(carol_client, zip_export(alice_client))
    assert f"add up to more than {(sum(sizes) - 1) // (1024 * 1024)} MB" in text
    assert not Application.objects.filter(owner=carol_client.user).exists()
    assert len(stored_files(media)) == 3
    monkeypatch.setattr(zip_archive, "MAX_RESTORE_BYTES", sum(sizes))
    assert "3 documents came back with their files." in restore(
        carol_client, zip_export(alice_client)
    )


def test_a_zip_listing_more_files_than_an_export_holds_is_refused_before_it_is_read(
    carol_client, media, monkeypatch
):
    """Its directory is measured from its last record, before zipfile makes an object of
    each entry (300,000 empty entries took 210 MB)."""
    entries = {f"documents/{n}.txt": b"" for n in range(40)} | {"walkout.json": b"{}"}
    data = zipped(entries)
    directory = zipfile.ZipFile(io.BytesIO(data)).start_dir
    size = len(data) - 22 - directory  # the directory ends where the last record starts
    monkeypatch.setattr(zip_archive, "MAX_DIRECTORY_BYTES", size - 1)
    monkeypatch.setattr(zipfile, "ZipFile", None)  # never reached
    assert "This zip lists more files than a Walkout export" in restore(carol_client, data)
    monkeypatch.undo()
    monkeypatch.setattr(zip_archive, "MAX_DIRECTORY_BYTES", size)
    assert "This zip lists more files" not in restore(carol_client, data)


def test_a_zip64_archive_is_refused_before_it_is_read(carol_client, media):
    """A zip64 record names the directory's size instead of the last record: an export
    of at most 200 MB never has one."""
    data = zipped({"walkout.json": b"{}"})
    end = len(data) - 22
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    text = restore(carol_client, data[:end] + locator + data[end:])
    assert "This zip lists more files than a Walkout export" in text


@pytest.mark.parametrize(
    "data, message",
    [
        (zipped({"other.json": b"{}"}), "This zip has no walkout.json"),
        (b"PK\x03\x04" + b"\x00" * 100, "This zip file cannot be read"),
    ],
)
def test_a_zip_that_is_no_export_is_refused(carol_client, media, data, message):
    assert message in restore(carol_client, data)
    assert not Application.objects.filter(owner=carol_client.user).exists()


def test_a_failed_restore_takes_its_stored_files_back(
    alice_client, carol_client, with_documents, media, monkeypatch
):
    from django.db import IntegrityError

    from interviews.models import Contact

    def refuse(*args, **kwargs):
        raise IntegrityError("CHECK constraint failed")

    data = zip_export(alice_client)
    monkeypatch.setattr(Contact.objects, "bulk_create", refuse)
    assert "This export breaks a rule" in restore(carol_client, data)
    assert not Document.objects.for_user(carol_client.user).exists()
    assert len(stored_files(media)) == 3
    # Into an account that is not empty: refused, and no file left behind either.
    monkeypatch.undo()
    assert "goes into an empty account only" in restore(alice_client, data)
    assert len(stored_files(media)) == 3


# Where documents are stored (walkout/settings.py), read in a process of its own


def storage_settings(**env):
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("AWS_") and name not in {"MEDIA_ROOT", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(DEBUG="true", DJANGO_SETTINGS_MODULE="walkout.settings", **env)
    code = (
        "import django; django.setup()\n"
        "from django.core.files.storage import default_storage as s\n"
        "s._setup(); w = s._wrapped\n"
        "print(type(w).__module__, type(w).__name__)\n"
        "print(getattr(w, 'bucket_name', None), getattr(w, 'endpoint_url', None),"
        " getattr(w, 'default_acl', 'x'), getattr(w, 'querystring_auth', None),"
        " getattr(w, 'file_overwrite', None), getattr(w, 'location', None))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_documents_go_to_the_media_folder_by_default():
    result = storage_settings(MEDIA_ROOT="/srv/walkout/media")
    assert result.returncode == 0, result.stderr
    kind, options = result.stdout.splitlines()
    assert kind == "django.core.files.storage.filesystem FileSystemStorage"
    assert options.endswith("/srv/walkout/media")


def test_a_bucket_in_the_environment_stores_them_there_privately():
    result = storage_settings(
        AWS_STORAGE_BUCKET_NAME="walkout-documents",
        AWS_S3_ENDPOINT_URL="https://s3.example.com",
        AWS_LOCATION="walkout",
    )
    assert result.returncode == 0, result.stderr
    kind, options = result.stdout.splitlines()
    assert kind == "storages.backends.s3 S3Storage"
    assert options == "walkout-documents https://s3.example.com None True False walkout"


@pytest.mark.parametrize("inside", ["static/media", "staticfiles/media"])
def test_a_media_folder_inside_a_static_one_stops_the_app(inside):
    result = storage_settings(MEDIA_ROOT=str(ROOT / inside), STATIC_ROOT=str(ROOT / "staticfiles"))
    assert result.returncode != 0
    assert "MEDIA_ROOT must not be inside a static folder" in result.stderr


def test_names_lose_control_characters_wherever_they_come_from(
    alice_client, carol_client, application, media
):
    assert documents.clean_name("cv\r\nSet-Cookie: x.pdf") == "cvSet-Cookie: x.pdf"
    assert documents.clean_name("\x00\t ") == "document"
    upload(alice_client, application, "a\x1bb.pdf", PDF)
    assert Document.objects.get().name == "ab.pdf"
    data = rewritten(
        zip_export(alice_client),
        lambda name, data: (
            data.replace(b'"ab.pdf"', b'"line\\r\\nbreak.pdf"') if name == "walkout.json" else data
        ),
    )
    text = restore(carol_client, data)
    assert "1 document came back with its file." in text
    restored = Document.objects.for_user(carol_client.user).get()
    assert restored.name == "linebreak.pdf"
    response = carol_client.get(f"/documents/{restored.pk}/download/")
    assert response["Content-Disposition"] == 'attachment; filename="linebreak.pdf"'


def test_deleting_the_account_offers_the_zip_when_there_are_documents(alice_client, application):
    page = alice_client.get("/accounts/delete/").content.decode()
    assert "/export/walkout.zip" not in page and "document" not in page.split("<h1")[1][:600]
    upload(alice_client, application, "cv.pdf", PDF)
    page = alice_client.get("/accounts/delete/").content.decode()
    assert "1 document with its file" in page
    assert 'href="/export/walkout.zip"' in page


def test_the_zip_is_sent_in_pieces_not_built_whole(alice_client, application, media):
    """A 1 MB file leaves in pieces of at most a chunk (64 KB) and a header."""
    big = PDF + b"\n" * (1024 * 1024)
    upload(alice_client, application, "big.pdf", big)
    response = alice_client.get("/export/walkout.zip")
    pieces = list(response.streaming_content)
    assert len(pieces) > 10
    assert max(len(piece) for piece in pieces) < 70 * 1024
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert archive.read(f"documents/{application.pk} Northwind - Data Engineer/big.pdf") == big
