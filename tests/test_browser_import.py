"""The import journey in Chromium: upload → preview → map columns and statuses → confirm
→ undo, on a phone and on a desktop."""

from datetime import date

import pytest
from playwright.sync_api import expect

from interviews.models import Application
from tests.browser import csp_errors, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPREADSHEET = (
    "Company Name;Job Title;Status;Date Applied;URL;Salary;Favourite colour\n"
    "Café Northwind;Data Engineer;Applied;03/04/2026;jobs.example.com/42;50k-60k EUR;green\n"
    "Quarry;Analyst;ghosted;05/02/2026;;;blue\n"
    "Copperline;Lead;maybe;06/02/2026;;;red\n"
).encode("cp1252")


def test_import_a_spreadsheet_on_a_phone(open_page, alice):
    page = open_page("phone", user=alice)
    errors = csp_errors(page)
    page.goto("/applications/")
    page.get_by_role("link", name="Import from CSV").click()
    page.get_by_label("CSV file").set_input_files(
        {"name": "my-search.csv", "mimeType": "text/csv", "buffer": SPREADSHEET}
    )
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", name="Check before importing")).to_be_visible()
    expect(page.locator("#import-summary")).to_contain_text("3 rows — 2 ready, 1 with problems")
    expect(
        page.get_by_text("Read as Latin-1 (Windows-1252), separated by semicolons.")
    ).to_be_visible()
    expect(page.get_by_label("Job Title", exact=True)).to_have_value("role")
    expect(page.get_by_label("Favourite colour", exact=True)).to_have_value("")
    expect(page.locator("#column-notes")).to_contain_text("Ignored: “Favourite colour”.")
    expect(page.locator("#import-problems")).to_contain_text("Line 4 (Copperline): “maybe”")
    no_sideways_scroll(page)

    # 03/04, 05/02, 06/02: every date reads both ways, so Walkout asks.
    expect(page.locator("#import-button")).to_have_count(0)
    page.get_by_role("button", name="Day first: 03/04/2026 is 3 April 2026").click()
    expect(page.locator("#date-order")).to_contain_text("Dates read day first, as you chose.")
    expect(page.locator('[data-line="2"]')).to_contain_text("applied 3 Apr 2026")

    page.get_by_label("All or nothing: import only if every row is valid").check()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("1 row has problems and you chose all or nothing")).to_be_visible()
    assert not Application.objects.exists()

    page.get_by_label("Import the 2 ready rows, skip the 1 with problems").check()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(
        page.get_by_text("Imported 2 applications from my-search.csv. Skipped 1 row with problems.")
    ).to_be_visible()
    expect(page.locator("#application-list")).to_contain_text("Café Northwind")
    expect(page.locator("#application-list")).to_contain_text("No response (ghosted)")
    no_sideways_scroll(page)

    stored = dict(Application.objects.filter(owner=alice).values_list("company", "applied_on"))
    assert stored == {"Café Northwind": date(2026, 4, 3), "Quarry": date(2026, 2, 5)}
    assert errors == []


def test_a_refused_file_says_why_on_a_phone(open_page, alice):
    page = open_page("phone", user=alice)
    page.goto("/import/")
    page.get_by_label("CSV file").set_input_files(
        {"name": "empty.csv", "mimeType": "text/csv", "buffer": b"Company,Role\n"}
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(
        page.get_by_text("The file has a header line but no applications under it")
    ).to_be_visible()
    no_sideways_scroll(page)
    assert not Application.objects.exists()


UNFAMILIAR = (
    "Betrieb;Tätigkeit;Abgeschickt;Stand;Kontaktperson\n"
    "Hafenbäckerei;Konditorin;03.02.2025;offen;Frau Ahrens\n"
    "Nordwerft;Schweißer;05.02.2025;Einladung;Herr Brandt\n"
    "Lindenapotheke;PTA;14.02.2025;abgesagt;\n"
).encode("cp1252")


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_map_an_unfamiliar_spreadsheet_then_undo_it(open_page, alice, screen):
    page = open_page(screen, user=alice)
    errors = csp_errors(page)
    page.goto("/import/")
    page.get_by_label("CSV file").set_input_files(
        {"name": "bewerbungen.csv", "mimeType": "text/csv", "buffer": UNFAMILIAR}
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator("#mapping-problems")).to_contain_text("No column is chosen for Company")
    expect(page.locator("#import-button")).to_have_count(0)
    no_sideways_scroll(page)

    # Each column's choice is labelled with its header.
    page.get_by_label("Betrieb", exact=True).select_option("company")
    page.get_by_label("Tätigkeit", exact=True).select_option("role")
    page.get_by_label("Abgeschickt", exact=True).select_option("applied_on")
    page.get_by_label("Stand", exact=True).select_option("status")
    page.get_by_label("Kontaktperson", exact=True).select_option(label="Add to notes")
    page.get_by_role("button", name="Show the preview again").click()

    expect(page.locator("#mapping-problems")).to_have_count(0)
    expect(page.locator("#import-problems")).to_contain_text("“offen” is not a status")
    # Each status word Walkout cannot read has its own choice, labelled with the word.
    expect(page.get_by_label("offen", exact=True)).to_have_value("")  # no guess for it
    expect(page.get_by_label("abgesagt", exact=True)).to_have_value("rejected")  # a guess
    page.get_by_label("offen", exact=True).select_option("applied")
    page.get_by_label("Einladung", exact=True).select_option("interviewing")
    page.get_by_role("button", name="Show the preview again").click()

    expect(page.locator("#import-summary")).to_contain_text("3 rows — 3 ready")
    expect(page.locator("#date-order")).to_contain_text("Dates read day first")
    expect(page.locator('[data-line="3"]')).to_contain_text("Interviewing")
    expect(page.locator('[data-line="3"]')).to_contain_text("Kontaktperson: Herr Brandt")
    no_sideways_scroll(page)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("Imported 3 applications from bewerbungen.csv.")).to_be_visible()
    stored = {a.company: (a.status, a.applied_on) for a in Application.objects.filter(owner=alice)}
    assert stored == {
        "Hafenbäckerei": ("applied", date(2025, 2, 3)),
        "Nordwerft": ("interviewing", date(2025, 2, 5)),
        "Lindenapotheke": ("rejected", date(2025, 2, 14)),
    }

    # Undo it from the list of past imports, after a confirmation.
    page.goto("/imports/")
    expect(page.locator("#import-list")).to_contain_text("bewerbungen.csv")
    page.get_by_role("link", name="Undo this import").click()
    expect(page.locator("#undo-summary")).to_contain_text("deletes the 3 applications")
    no_sideways_scroll(page)
    page.get_by_role("button", name="Undo this import").click()
    expect(
        page.get_by_text("Undid the import of bewerbungen.csv: deleted 3 applications.")
    ).to_be_visible()
    assert not Application.objects.filter(owner=alice).exists()
    assert errors == []
