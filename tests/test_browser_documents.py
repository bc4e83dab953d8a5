"""The documents journey in Chromium, on a phone and at a desk: upload a résumé on an
application's page, see it listed, download it, delete it after the confirmation."""

import os

import pytest
from playwright.sync_api import expect

from interviews import documents
from interviews.models import Document
from tests.browser import csp_errors, no_sideways_scroll
from tests.documents_samples import HTML, PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Lebenslauf_Müller.pdf"
TOO_BIG = PDF + b"\n" * (documents.MAX_BYTES + 1 - len(PDF))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_upload_download_and_delete_a_resume(open_page, alice, application, media, screen):
    page = open_page(screen, user=alice)
    errors = csp_errors(page)
    page.goto(f"/applications/{application.pk}/")
    section = page.locator("#documents")
    expect(section.get_by_text("No documents yet")).to_be_visible()

    # A web page renamed .pdf: refused, with the reason, and nothing kept.
    section.get_by_label("File").set_input_files(
        files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": HTML}]
    )
    section.get_by_role("button", name="Upload").click()
    expect(page.locator(".alert-danger")).to_contain_text("none of those by its content")
    assert not Document.objects.exists() and stored_files(media) == []

    # Too large: said as soon as it is chosen, and nothing is sent.
    section.get_by_label("File").set_input_files(
        files=[{"name": "huge.pdf", "mimeType": "application/pdf", "buffer": TOO_BIG}]
    )
    assert section.get_by_label("File").evaluate("input => input.validationMessage") == (
        documents.TOO_LARGE
    )
    section.get_by_role("button", name="Upload").click()
    expect(page.locator(".alert")).to_have_count(1)  # the refusal above, nothing new
    assert not Document.objects.exists()

    section.get_by_label("File").set_input_files(
        files=[{"name": NAME, "mimeType": "application/pdf", "buffer": PDF}]
    )
    assert section.get_by_label("File").evaluate("input => input.validationMessage") == ""
    section.get_by_label("What it is").select_option("Résumé")
    section.get_by_role("button", name="Upload").click()
    expect(page.locator(".alert-success")).to_have_text(f"Added résumé “{NAME}”.")
    listed = page.locator("#document-list li")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(NAME)
    expect(listed).to_contain_text("Résumé · PDF · 136")
    no_sideways_scroll(page)
    if os.environ.get("WALKOUT_SCREENSHOTS"):
        page.locator("#documents").scroll_into_view_if_needed()
        page.screenshot(
            path=f"{os.environ['WALKOUT_SCREENSHOTS']}/documents-{screen}.png", full_page=True
        )

    with page.expect_download() as download_info:
        listed.get_by_role("link", name=NAME, exact=True).click()
    download = download_info.value
    assert download.suggested_filename == NAME
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == PDF

    listed.get_by_role("link", name=f"Delete {NAME}").click()
    expect(page.get_by_role("heading", name="Delete this document?")).to_be_visible()
    assert Document.objects.exists()  # asking changes nothing
    page.get_by_role("button", name="Delete document").click()
    expect(page.locator(".alert-success")).to_have_text(f"Deleted “{NAME}”.")
    expect(page.locator("#documents").get_by_text("No documents yet")).to_be_visible()
    assert not Document.objects.exists()
    assert stored_files(media) == []
    assert errors == []


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_many_documents_with_long_names_fit_the_screen(
    open_page, alice, application, media, screen
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.documents_samples import SAMPLES

    for name, kind in (
        ("Lebenslauf_Dana_Müller_Senior_Data_Engineer_Northwind_2026_final_v3.pdf", "resume"),
        ("Anschreiben.odt", "cover_letter"),
        ("Offer letter — Northwind.docx", "offer_letter"),
        ("Portfolio screenshot.png", "other"),
    ):
        extension = name.rsplit(".", 1)[1]
        data = SAMPLES["pdf" if extension == "pdf" else extension][1]
        kind_of = documents.EXTENSIONS["." + extension]
        Document.store(application, SimpleUploadedFile(name, data), kind, kind_of)
    page = open_page(screen, user=alice)
    page.goto(f"/applications/{application.pk}/")
    expect(page.locator("#document-list li")).to_have_count(4)
    no_sideways_scroll(page)
    if os.environ.get("WALKOUT_SCREENSHOTS"):
        page.locator("#documents").screenshot(
            path=f"{os.environ['WALKOUT_SCREENSHOTS']}/documents-many-{screen}.png"
        )
