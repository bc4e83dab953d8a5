"""User text with a long unbroken word (a pasted link, a keyboard held down) wraps where it
must, on every page that shows it, at a phone's 390 px: no page scrolls sideways."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interviews.models import ChecklistAnswer, Contact, Dealbreaker, Decision
from tests.browser import no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What a new user typed in a trial: the dealbreakers page was 2,129 px wide.
QUESTION = "No on-call 🚨 " + "x" * 180
COMPANY = "Northwind" + "n" * 180
ROLE = "Data" + "e" * 180
NAME = "Dana" + "a" * 90


@pytest.fixture
def long_words(alice, make_application, make_interview):
    """A dealbreaker, an application and a contact with long words, shown everywhere: the
    application due a follow-up today, an interview tomorrow that is a dead end on the
    long dealbreaker, and an earlier interview walked out of for it."""
    dealbreaker = Dealbreaker.objects.create(owner=alice, question=QUESTION, phase="both")
    application = make_application(
        alice,
        company=COMPANY,
        role=ROLE,
        next_action="Call " + "c" * 150,
        next_action_on=timezone.localdate(),
        status="interviewing",
    )
    contact = Contact.objects.create(owner=alice, name=NAME, title="Head" + "d" * 150)
    upcoming = make_interview(application, starts_at=timezone.now() + timedelta(hours=20))
    upcoming.set_interviewers([contact])
    ChecklistAnswer.objects.create(
        interview=upcoming,
        dealbreaker=dealbreaker,
        phase="mid",
        answer="no",
        question=QUESTION,
        answered_at=timezone.now(),
    )
    # Walked out of at another of the company's openings: this one stays open, on Today.
    walked_out = make_application(alice, company=COMPANY, role="Analyst" + "t" * 180)
    earlier = make_interview(walked_out, starts_at=timezone.now() - timedelta(days=3))
    earlier.set_interviewers([contact])
    decision = Decision.record(
        earlier, "walked_out", earlier.starts_at + timedelta(minutes=20), reasons=[QUESTION]
    )
    return {
        "application": application,
        "contact": contact,
        "interview": upcoming,
        "decision": decision,
    }


def pages(made):
    """Each page that shows the long words, with one of them it shows."""
    interview = made["interview"].pk
    return [
        ("/dealbreakers/", QUESTION),
        ("/", COMPANY),
        ("/applications/", ROLE),
        ("/board/", COMPANY),
        ("/contacts/", NAME),
        (f"/contacts/{made['contact'].pk}/", NAME),
        (f"/applications/{made['application'].pk}/", QUESTION),
        (f"/interviews/{interview}/", NAME),
        (f"/interviews/{interview}/checklist/pre/", QUESTION),
        (f"/interviews/{interview}/checklist/mid/", QUESTION),
        (f"/interviews/{interview}/prep/", QUESTION),
        (f"/interviews/{interview}/exit-script/", QUESTION),
        (f"/interviews/{interview}/decision/", ROLE),
        ("/decisions/", QUESTION),
        (f"/decisions/{made['decision'].pk}/reflect/", COMPANY),
    ]


def test_long_words_wrap_on_a_phone(open_page, alice, long_words):
    page = open_page("phone", alice)
    for path, shown in pages(long_words):
        page.goto(path)
        expect(page.locator("main")).to_contain_text(shown)
        no_sideways_scroll(page)
    # The stats page's table still scrolls sideways inside its own region, as it says.
    page.goto("/stats/")
    no_sideways_scroll(page)
    expect(page.get_by_text("Scroll the table sideways")).to_be_visible()
    assert page.locator(".table-sources").evaluate("el => el.scrollWidth > el.clientWidth")
