"""Reminders in Chromium at phone size: choose them on the profile, get one, and stop them
from the link in the e-mail without logging in."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from reminders.sender import send_due
from tests.browser import csp_errors, no_sideways_scroll
from tests.smtp import SMTPServer, mailers_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choose_reminders_get_one_and_unsubscribe_from_the_email(
    open_page, live_server, settings, alice, application, make_interview
):
    settings.SITE_URL = live_server.url
    page = open_page("phone", user=alice)
    errors = csp_errors(page)
    page.goto("/accounts/profile/")
    expect(page.get_by_label("E-mail me before interviews")).to_be_checked()
    page.get_by_label("1 day before").uncheck()
    page.get_by_label("2 hours before").check()
    page.get_by_label("E-mail me a morning digest").check()
    page.get_by_label("Digest at").select_option("07:00")
    no_sideways_scroll(page)
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Profile saved.")).to_be_visible()
    alice.refresh_from_db()
    assert (alice.reminder_leads, alice.digest, alice.digest_hour) == ("120,60", True, 7)

    interview = make_interview(application, starts_at=application.created_at + timedelta(hours=2))
    server = SMTPServer()
    settings.MAILERS = mailers_for(server.port)
    with server as inbox:
        send_due(interview.starts_at - timedelta(hours=2))
    [message] = [m for m in inbox.messages if m["Subject"].startswith("In 2 hours:")]
    text = message.get_body(("plain",)).get_content()
    checklist = re.search(r"Before it, the checklist: (\S+)", text)[1]
    page.goto(checklist)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Before")

    # The e-mail's link, in a browser that is not logged in.
    stop = re.search(r"Stop these e-mails: (\S+)", text)[1]
    visitor = open_page("phone")
    visitor.goto(stop)
    visitor.get_by_role("button", name="Unsubscribe").click()
    expect(visitor.get_by_role("heading", name="Unsubscribed")).to_be_visible()
    expect(visitor).to_have_url(re.compile(r"/reminders/unsubscribed/\?kind=interview$"))
    alice.refresh_from_db()
    assert alice.interview_reminders is False and alice.digest is True
    visitor.goto(stop)
    expect(visitor.get_by_role("heading", name="This link no longer works")).to_be_visible()
    assert errors == []
