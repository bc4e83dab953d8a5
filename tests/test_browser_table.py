"""The application list in Chromium: sort, filter, select rows and change their status."""

import pytest
from playwright.sync_api import expect

from interviews.models import Application
from tests.browser import csp_errors, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def table_data(alice, bob, make_application):
    made = {}
    for name, priority in (("Northwind", 5), ("Quarry", 2), ("Copperline", 4), ("Tideway", None)):
        made[name] = make_application(alice, company=name, role="Data Engineer", priority=priority)
    made["Northwind"].set_tags(["remote"])
    made["Copperline"].set_tags(["Remote", "dream job"])
    made["bob"] = make_application(bob, company="Bob's", role="Baker")
    return made


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_select_rows_by_keyboard_and_change_their_status(open_page, alice, table_data, screen):
    page = open_page(screen, user=alice)
    errors = csp_errors(page)
    page.goto("/applications/?tag=remote&sort=-priority")
    rows = page.locator("#application-list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Northwind")  # priority 5 first
    expect(rows.nth(1)).to_contain_text("Copperline")
    bar = page.get_by_role("group", name="With the selected applications")
    expect(bar.get_by_role("status")).to_have_text(
        "None selected yet: tick the applications first."
    )
    # Real checkboxes with their own names, ticked with the space bar.
    for company in ("Northwind", "Copperline"):
        box = page.get_by_role("checkbox", name=f"Select {company} — Data Engineer")
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    expect(bar.get_by_role("status")).to_have_text("2 selected")
    expect(bar.get_by_label("Tag")).to_be_hidden()  # only what the action needs
    bar.get_by_label("Action").select_option("status")
    bar.get_by_label("New status").select_option("offer")
    bar.get_by_role("button", name="Apply to selected").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Moved 2 applications to Offer.")).to_be_visible()
    # Back on the same filtered, sorted list.
    assert page.url.endswith("/applications/?tag=remote&sort=-priority")
    expect(rows.nth(0)).to_contain_text("Offer")
    statuses = dict(Application.objects.values_list("company", "status"))
    assert statuses == {
        "Northwind": "offer",
        "Copperline": "offer",
        "Quarry": "applied",
        "Tideway": "applied",
        "Bob's": "applied",
    }
    assert table_data["Northwind"].status_changes.last().from_status == "applied"
    assert errors == []
    no_sideways_scroll(page)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_select_all_then_delete_after_a_confirmation(open_page, alice, table_data, screen):
    page = open_page(screen, user=alice)
    page.goto("/applications/?sort=company")
    bar = page.get_by_role("group", name="With the selected applications")
    bar.get_by_label("Select all 4 on this page").check()
    expect(bar.get_by_role("status")).to_have_text("4 selected")
    page.get_by_role("checkbox", name="Select Tideway — Data Engineer").uncheck()
    expect(bar.get_by_role("status")).to_have_text("3 selected")
    bar.get_by_label("Action").select_option("delete")
    bar.get_by_role("button", name="Apply to selected").click()
    expect(page.get_by_role("heading", name="Delete 3 applications?")).to_be_visible()
    page.get_by_role("button", name="Delete 3 applications").click()
    expect(page.get_by_text("Deleted 3 applications and their interviews.")).to_be_visible()
    assert sorted(Application.objects.values_list("company", flat=True)) == ["Bob's", "Tideway"]
    no_sideways_scroll(page)


def test_nothing_selected_says_so_and_sends_nothing(open_page, alice, table_data):
    page = open_page("desktop", user=alice)
    page.goto("/applications/")
    page.get_by_role("button", name="Apply to selected").click()
    bar = page.get_by_role("group", name="With the selected applications")
    expect(bar.get_by_role("status")).to_have_text("Select at least one application first.")
    assert page.url.endswith("/applications/")


def test_sorting_by_a_column_heading_and_filtering_on_a_phone(open_page, alice, table_data):
    page = open_page("desktop", user=alice)
    page.goto("/applications/")
    page.get_by_role("link", name="Priority").click()
    expect(page.get_by_role("columnheader", name="Priority")).to_have_attribute(
        "aria-sort", "descending"
    )
    expect(page.locator("#application-list tbody tr").first).to_contain_text("Northwind")
    phone = open_page("phone", user=alice, java_script_enabled=False)
    phone.goto("/applications/")
    phone.get_by_text("More filters and sorting").click()
    phone.get_by_label("Priority").select_option("4")
    phone.get_by_label("Sort by").select_option("company")
    phone.locator("details.more-filters").get_by_role("button", name="Filter").click()
    rows = phone.locator("#application-list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Copperline")
    expect(rows.first).to_contain_text("dream job")
    no_sideways_scroll(phone)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_more_filters_shows_that_it_opens(open_page, alice, table_data, screen):
    """The trial read "More filters and sorting" as plain text: it has an arrow that turns."""
    page = open_page(screen, user=alice)
    page.goto("/applications/")
    summary = page.locator("details.more-filters > summary")

    def arrow():
        return summary.evaluate("s => getComputedStyle(s, '::before').content")

    assert arrow() == '"▸"'
    summary.click()
    assert arrow() == '"▾"'
    expect(page.get_by_label("Sort by")).to_be_visible()
