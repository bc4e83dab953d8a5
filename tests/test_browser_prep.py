"""Know before you go, in Chromium at phone size (390 px): the prep sheet, the questions to
ask during the interview, the interview clock offline, the rounds side by side, and every
exit-script variant from the phone's own copy."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from interviews import tailoring
from interviews.models import Dealbreaker, ScriptTemplate
from tests.browser import csp_errors, no_sideways_scroll, stored, tap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def starter(user, question):
    return Dealbreaker.objects.get(owner=user, question=question)


def open_offline_ready(open_page, user, path):
    """A page opened online, once the service worker controls it and has kept it."""
    page = open_page("phone", user)
    page.goto(path)
    expect(page.locator("body")).to_have_attribute("data-offline", "ready")
    assert page.evaluate("() => !!navigator.serviceWorker.controller")
    return page


@pytest.fixture
def running(application, make_interview):
    """An interview that started 20 minutes ago, planned for 60."""
    return make_interview(
        application,
        starts_at=timezone.now() - timedelta(minutes=20),
        duration_minutes=60,
        format="in_person",
        status="in_progress",
        interviewers="Dr. Anna Schmidt, CTO",
    )


def test_the_clock_runs_offline_and_its_suggestion_waits_for_a_tap(open_page, alice, running):
    length = starter(alice, "The interview is running its planned length")
    page = open_page("phone", alice)
    page.clock.install()
    page.goto(f"/interviews/{running.pk}/checklist/mid/")
    expect(page.locator("body")).to_have_attribute("data-offline", "ready")
    page.context.set_offline(True)
    assert page.reload().from_service_worker

    clock = page.locator("#interview-clock")
    expect(clock).to_have_text(re.compile(r"Interview clock: (20|21) of 60 min"))
    expect(clock).to_have_attribute("data-state", "running")
    suggestion = page.locator(f'[data-clock-suggest="{length.pk}"]')
    expect(suggestion).to_be_visible()
    expect(suggestion).to_contain_text("If they are wrapping up now, it is ending early")
    # Suggested, never answered: nothing is checked until the user taps.
    for value in ("yes", "no", "unsure"):
        expect(page.locator(f"#a-{length.pk}-{value}")).not_to_be_checked()

    # Live: it moves on by itself, still offline.
    page.clock.run_for("35:00")
    expect(clock).to_have_text(re.compile(r"Interview clock: (55|56) of 60 min"))
    expect(suggestion).to_contain_text("it ran its planned length")
    page.clock.run_for("10:00")
    expect(clock).to_have_text(re.compile(r"Interview clock: (65|66) of 60 min · (5|6) min over"))
    expect(clock).to_have_attribute("data-state", "over")

    suggestion.get_by_role("button", name="Yes, it did").tap()
    expect(page.locator(f"#a-{length.pk}-yes")).to_be_checked()
    expect(suggestion).to_be_hidden()
    expect(page.locator("#pending-banner")).to_contain_text("1 answer not saved yet")
    assert stored(running) == {}
    page.context.set_offline(False)
    expect(page.locator("#pending-banner")).to_contain_text("All answers saved")
    assert stored(running) == {length.pk: "yes"}


def test_every_exit_script_variant_works_offline(open_page, alice, running):
    boss = starter(alice, "I could work for this boss")
    client = Client()
    client.force_login(alice)
    client.post(f"/interviews/{running.pk}/checklist/mid/", {f"answer_{boss.pk}": "no"})
    mine = ScriptTemplate.objects.create(owner=alice, name="Mine", body="Thanks, {interviewer}.")
    ScriptTemplate.objects.create(owner=alice, name="Brief", body="I'll stop here, {interviewer}.")
    base = f"/interviews/{running.pk}/exit-script/"
    page = open_offline_ready(open_page, alice, base)
    expect(page.locator("#script-text")).to_contain_text("Dr. Schmidt, it doesn't sound")
    page.context.set_offline(True)
    values = {"interviewer": "Dr. Schmidt", "company": "Northwind", "role": "Data Engineer"}

    def words(fmt, length):
        return tailoring.fill(tailoring.default_template(fmt, length), values).text

    text = page.locator("#script-text")
    for fmt in tailoring.FORMATS:
        for length in tailoring.LENGTHS:
            # Each address opened offline, as a bookmark or a link would.
            response = page.goto(
                f"{base}?confirmed=1&format={fmt}&length={length}&template=article"
            )
            assert response.from_service_worker
            expect(text).to_have_text(words(fmt, length))
            expect(page.locator(f'.script-variants a[data-format="{fmt}"]')).to_have_attribute(
                "aria-current", "true"
            )

    # And switched by a tap on the page.
    page.get_by_role("link", name="Short").tap()
    expect(text).to_have_text(words("phone", "short"))
    page.get_by_role("link", name="Video").tap()
    expect(text).to_have_text(words("video", "short"))
    page.get_by_role("link", name="Full").tap()
    expect(text).to_have_text(words("video", "full"))
    assert "format=video" in page.url and "length=full" in page.url
    page.get_by_role("link", name="Mine").tap()
    expect(text).to_have_text("Thanks, Dr. Schmidt.")
    note = page.locator("#own-script-note")
    expect(note).to_have_text("Your own script “Mine” is the same for every format and length.")
    page.get_by_role("link", name="Brief").tap()
    expect(text).to_have_text("I'll stop here, Dr. Schmidt.")
    expect(note).to_have_text("Your own script “Brief” is the same for every format and length.")
    page.get_by_role("link", name="Mine").tap()
    walked = page.locator("#walked-out-link")
    expect(walked).to_have_attribute("href", re.compile(f"template={mine.pk}"))
    page.get_by_role("link", name="Built-in").tap()
    expect(text).to_have_text(words("video", "full"))
    expect(walked).to_have_attribute(
        "href", re.compile("format=video&length=full&template=article")
    )


def test_the_prep_sheet_works_offline(open_page, alice, running):
    page = open_offline_ready(open_page, alice, f"/interviews/{running.pk}/prep/")
    page.context.set_offline(True)
    assert page.reload().from_service_worker
    expect(page.get_by_role("heading", name="Prep sheet")).to_be_visible()
    expect(page.locator("#prep-open")).to_contain_text("How do you like to hear about a problem")


def test_know_before_you_go_journey_at_390_px(open_page, alice, application, make_interview):
    start = timezone.now() - timedelta(days=3)
    screen = make_interview(
        application, kind="recruiter_screen", starts_at=start, interviewers="Sam Lee, Recruiter"
    )
    manager = make_interview(
        application,
        kind="hiring_manager",
        starts_at=timezone.now() + timedelta(days=2),
        interviewers="Prof. Dr. Klaus Meier, VP Data",
    )
    boss = starter(alice, "I could work for this boss")
    pay = starter(alice, "The pay meets my floor")
    place = starter(alice, "The work location works for me")
    page = open_page("phone", alice)
    errors = csp_errors(page)

    # The user's own question, for the boss, to ask the hiring manager.
    page.goto(f"/dealbreakers/{boss.pk}/edit/")
    page.get_by_label("Questions that settle it").fill(
        "Who was the last person you promoted, and why?\nHow do you like to hear about a problem?"
    )
    page.get_by_label("Best asked of").select_option("hiring_manager")
    page.get_by_role("button", name="Save").tap()
    expect(page).to_have_url(re.compile(r"/dealbreakers/$"))
    no_sideways_scroll(page)

    # Before the screen: its prep sheet leads with pay and logistics.
    page.goto(f"/interviews/{screen.pk}/")
    page.get_by_role("link", name="Prep sheet: what to ask").tap()
    first = page.locator("#prep-open .prep-item")
    expect(first.first).to_have_attribute("data-id", str(pay.pk))
    expect(page.locator("#prep-open")).to_contain_text("what is the budgeted range")
    no_sideways_scroll(page)
    screen_open = first.count()

    # During the screen: the question to ask is folded under each item.
    page.goto(f"/interviews/{screen.pk}/checklist/mid/")
    ask = page.locator(f"#q-{boss.pk} .ask-questions")
    expect(ask).to_be_visible()
    ask.locator("summary").tap()
    expect(ask).to_contain_text("Who was the last person you promoted, and why?")
    no_sideways_scroll(page)
    tap(page, boss, "unsure")
    expect(ask).to_be_hidden()  # answered: nothing left to ask
    expect(page.locator(f"#q-{boss.pk} .save-state")).to_have_attribute("data-state", "saved")
    page.goto(f"/interviews/{screen.pk}/checklist/pre/")
    tap(page, pay, "yes")
    tap(page, place, "no")
    for item in (pay, place):
        state = page.locator(f"#q-{item.pk} .save-state")
        expect(state).to_have_attribute("data-state", "saved", timeout=15_000)

    # Before the hiring manager: smaller, the boss first, what the screen said.
    page.goto(f"/interviews/{manager.pk}/prep/")
    items = page.locator("#prep-open .prep-item")
    expect(items).to_have_count(screen_open - 2)
    expect(items.first).to_have_attribute("data-id", str(boss.pk))
    expect(items.first).to_contain_text("Recruiter screen")
    expect(items.first).to_contain_text("unsure")
    expect(page.locator("#prep-settled")).to_contain_text("The work location works for me")
    no_sideways_scroll(page)

    # The exit script greets the professor properly.
    page.goto(f"/interviews/{manager.pk}/exit-script/?confirmed=1")
    expect(page.locator("#script-text")).to_contain_text("Professor Meier, it doesn't")
    no_sideways_scroll(page)

    # The application shows the rounds side by side.
    page.goto(f"/applications/{application.pk}/")
    grid = page.locator("#rounds")
    expect(grid).to_contain_text("The work location works for me")
    no_sideways_scroll(page)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    assert errors == []
