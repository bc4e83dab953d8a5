"""Journeys a person takes, in Chromium, at desktop and phone size."""

import re

import pytest
from playwright.sync_api import expect

from interviews.models import Application, Interview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_sign_up_add_application_and_interview(open_page, screen):
    page = open_page(screen)
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Username").fill("walker")
    page.locator("#id_password1").fill("a-long-enough-passphrase")
    page.locator("#id_password2").fill("a-long-enough-passphrase")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Welcome to Walkout")).to_be_visible()

    page.get_by_role("link", name="Add your first application").click()
    page.get_by_label("Company").fill("Northwind")
    page.get_by_label("Role").fill("Data Engineer")
    page.get_by_label("Salary from").fill("50000")
    page.get_by_label("Salary to").fill("60000")
    page.get_by_role("button", name="Add application").click()
    expect(page.get_by_text("Added Data Engineer at Northwind.")).to_be_visible()

    page.get_by_role("link", name="Schedule interview").click()
    page.get_by_label("Starts at").fill("2030-05-04T09:30")
    page.get_by_label("Interviewers").fill("Dana Reyes, Head of Data")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("Interview scheduled.")).to_be_visible()
    expect(page.get_by_text("Saturday 4 May 2030, 09:30")).to_be_visible()

    page.get_by_role("link", name=re.compile("Data Engineer at Northwind")).click()
    expect(page.locator("section[aria-labelledby=interviews-heading]")).to_contain_text(
        "Hiring manager"
    )
    # The interviewer typed in is one of the application's contacts now.
    expect(page.locator("#application-contacts")).to_contain_text("Dana Reyes — Head of Data")
    page.get_by_role("link", name="Applications").first.click()
    expect(page.locator("#application-list")).to_contain_text("Northwind")
    expect(page.locator("#application-list")).to_contain_text("1 interview")

    assert Application.objects.get().owner.username == "walker"
    assert Interview.objects.count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "page scrolls sideways"
