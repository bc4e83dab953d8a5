"""The import journey in Chromium on a phone: upload → preview → choose → confirm."""

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
    "Copperline;Lead;hired-ish;06/02/2026;;;red\n"
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
    expect(page.locator("#column-map")).to_contain_text("Job Title → Role")
    expect(page.locator("#column-notes")).to_contain_text("“Favourite colour” is not a column")
    expect(page.locator("#import-problems")).to_contain_text("Line 4 (Copperline): “hired-ish”")
    no_sideways_scroll(page)

    # 03/04, 05/02, 06/02: every date reads both ways, so Walkout asks.
    expect(page.locator("#import-confirm")).to_have_count(0)
    page.get_by_role("link", name="Day first: 03/04/2026 is 3 April 2026").click()
    expect(page.locator("#date-order")).to_contain_text("Dates read day first, as you chose.")
    expect(page.locator('[data-line="2"]')).to_contain_text("applied 3 Apr 2026")

    page.get_by_label("All or nothing: import only if every row is valid").check()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("1 row has problems and you chose all or nothing")).to_be_visible()
    assert not Application.objects.exists()

    page.get_by_label("Import the 2 valid rows, skip the 1 with problems").check()
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
