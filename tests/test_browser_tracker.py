"""Board and contacts journeys in Chromium, with JavaScript on and off."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interviews.models import Application, Contact, Interview
from tests.browser import csp_errors, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def board_data(alice, make_application):
    northwind = make_application(alice, company="Northwind", role="Data Engineer")
    make_application(alice, company="Quarry", role="Manager", status="offer")
    make_application(alice, company="Copperline", role="Lead", status="rejected")
    return northwind


def test_board_move_without_javascript(open_page, alice, board_data):
    page = open_page("phone", user=alice, java_script_enabled=False)
    page.goto("/board/")
    card = page.locator(f"#card-{board_data.pk}")
    expect(page.locator('[data-column="applied"] [data-cards]')).to_contain_text("Northwind")
    card.get_by_role("link", name="Move Northwind — Data Engineer").click()
    page.get_by_label("Screening").check()
    page.get_by_role("button", name="Move").click()
    expect(
        page.get_by_text("Moved Data Engineer at Northwind from Applied to Screening.")
    ).to_be_visible()
    expect(page.locator('[data-column="screening"] [data-cards]')).to_contain_text("Northwind")
    expect(page.locator('[data-column="screening"] [data-count]')).to_have_text("1")
    board_data.refresh_from_db()
    assert board_data.status == "screening"
    assert list(board_data.status_changes.values_list("from_status", "to_status")) == [
        ("", "applied"),
        ("applied", "screening"),
    ]
    no_sideways_scroll(page)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_board_move_with_javascript_by_keyboard(open_page, alice, board_data, screen):
    page = open_page(screen, user=alice)
    errors = csp_errors(page)
    page.goto("/board/")
    page.evaluate("window.stayedOnPage = true")
    page.get_by_role("link", name="Move Northwind — Data Engineer").focus()
    page.keyboard.press("Enter")
    select = page.get_by_label("Move Northwind — Data Engineer to")
    expect(select).to_be_focused()
    expect(select).to_have_value("applied")
    select.select_option("rejected")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#board-status")).to_have_text("Northwind moved to Rejected (in Closed).")
    # The menu closes; focus is back on the card's Move, in its new column.
    expect(page.get_by_label("Move Northwind — Data Engineer to")).to_have_count(0)
    expect(page.get_by_role("link", name="Move Northwind — Data Engineer")).to_be_focused()
    closed = page.locator('[data-column="closed"]')
    expect(closed.locator("[data-count]")).to_have_text("2")
    expect(page.locator('[data-column="applied"] [data-count]')).to_have_text("0")
    expect(closed.locator("details")).to_have_attribute("open", "")  # shows where it went
    expect(closed.locator(f"#card-{board_data.pk} [data-status-label]")).to_have_text("Rejected")
    assert page.evaluate("window.stayedOnPage") is True, "the page reloaded"
    board_data.refresh_from_db()
    assert board_data.status == "rejected"
    assert board_data.status_changes.last().from_status == "applied"
    assert errors == []
    no_sideways_scroll(page)


def test_board_move_with_javascript_reports_a_refusal(open_page, alice, board_data):
    page = open_page("desktop", user=alice)
    page.goto("/board/")
    page.locator(f"#card-{board_data.pk}").get_by_role("link", name="Move").click()
    # Someone tampers with the option; the server refuses and nothing moves.
    page.evaluate(
        f"document.querySelector('#move-{board_data.pk} option[value=offer]').value = 'hired'"
    )
    page.get_by_label("Move Northwind — Data Engineer to").select_option("hired")
    page.locator(f"#card-{board_data.pk}").get_by_role("button", name="Move").click()
    expect(page.locator("#board-status")).to_contain_text("“hired” is not a status")
    expect(page.get_by_label("Move Northwind — Data Engineer to")).to_have_value("applied")
    expect(page.locator('[data-column="applied"] [data-cards]')).to_contain_text("Northwind")
    board_data.refresh_from_db()
    assert board_data.status == "applied"


def test_contact_journey_on_a_phone(open_page, alice, board_data):
    page = open_page("phone", user=alice)
    errors = csp_errors(page)
    page.goto(f"/applications/{board_data.pk}/")
    page.get_by_role("link", name="Add a contact").click()
    page.get_by_label("Name").fill("Dana Reyes")
    page.get_by_label("Job title").fill("Head of Data")
    page.get_by_label("E-mail").fill("dana@northwind.example")
    expect(page.get_by_label("Data Engineer at Northwind")).to_be_checked()
    page.get_by_role("button", name="Add contact").click()
    expect(page.get_by_text("Added Dana Reyes to your contacts.")).to_be_visible()

    page.get_by_role("link", name="Northwind — Data Engineer").click()
    page.get_by_role("link", name="Schedule interview").click()
    page.get_by_label("Starts at").fill("2030-05-04T09:30")
    page.get_by_label("Dana Reyes (Head of Data)").check()
    page.get_by_label("Add interviewers").fill("Tom Becker, Staff Engineer")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("Interview scheduled.")).to_be_visible()
    expect(page.locator("#interviewers")).to_contain_text("Tom Becker")
    # One way to add an interviewer: the one typed in is a contact too, with a page.
    expect(page.locator("#interviewers").get_by_role("link", name="Tom Becker")).to_be_visible()

    page.get_by_role("link", name="Dana Reyes").click()
    expect(page.locator("#contact-interviews")).to_contain_text("Hiring manager")
    expect(page.locator("#contact-applications")).to_contain_text("Northwind")
    no_sideways_scroll(page)
    page.locator(".nav-more > summary").click()  # on a phone, Contacts is under "More"
    page.get_by_role("link", name="Contacts", exact=True).click()
    page.get_by_role("searchbox", name="Search").fill("becker")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#contact-list")).to_contain_text("Tom Becker")
    expect(page.locator("#contact-list")).not_to_contain_text("Dana Reyes")

    interview = Interview.objects.get()
    assert sorted(c.name for c in interview.contacts.all()) == ["Dana Reyes", "Tom Becker"]
    assert Contact.objects.filter(owner=alice).count() == 2
    assert errors == []


def test_duplicate_warning_then_save_anyway(open_page, alice, make_application):
    make_application(
        alice, company="Northwind", role="Analyst", posting_url="https://jobs.example.com/42"
    )
    page = open_page("phone", user=alice)
    page.goto("/applications/new/")
    page.get_by_label("Company").fill("northwind")
    page.get_by_label("Role").fill("Data Engineer")
    page.get_by_label("Posting link").fill("https://jobs.example.com/42/?utm_source=x")
    page.get_by_role("button", name="Add application").click()
    warning = page.locator("#duplicate-warning")
    expect(warning).to_contain_text("You may already have this application.")
    expect(warning.get_by_role("link", name="Analyst at Northwind")).to_be_visible()
    warning.get_by_role("button", name="Save anyway").click()
    expect(page.get_by_text("Added Data Engineer at northwind.")).to_be_visible()
    assert Application.objects.filter(owner=alice).count() == 2


def test_a_mis_tap_on_today_is_undone_from_its_message(open_page, alice, make_application):
    """Marking a ghosted application "no response" by mistake, on a phone: the message
    that says so has an Undo, and after it the application is back among the ghosted."""
    quiet = make_application(alice, company="Tidewater", role="Analyst")
    since = timezone.now() - timedelta(days=45)
    Application.objects.filter(pk=quiet.pk).update(status_changed_at=since)
    quiet.status_changes.update(changed_at=since)
    page = open_page("phone", user=alice)
    errors = csp_errors(page)
    page.goto("/")
    ghosted = page.locator("#ghosted")
    ghosted.get_by_role("button", name="Mark no response (Tidewater)").click()
    message = page.locator(".messages .alert")
    expect(message).to_contain_text("Moved Analyst at Tidewater from Applied to No response")
    expect(page.locator("#ghosted")).to_have_count(0)
    message.get_by_role("button", name="Undo").click()
    expect(page.locator(".messages .alert")).to_have_text(
        "Undone: Analyst at Tidewater is back in Applied."
    )
    expect(page.locator("#ghosted")).to_contain_text("Tidewater")
    quiet.refresh_from_db()
    assert (quiet.status, quiet.status_changed_at) == ("applied", since)
    no_sideways_scroll(page)
    assert errors == []
