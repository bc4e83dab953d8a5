"""The interview-day pages as a fresh user trial met them (issue "phone"), in Chromium at a
phone's 390 px and a desk's 1,280 px: the sticky verdict read in full, a quiet way to the
exit script before any dead end, the clock stopped after a walk-out and its start said in
hours and days, the exit confirmation's checkbox beside its words, and the rounds table
saying that it scrolls."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interviews.models import ChecklistAnswer, Dealbreaker, Decision
from tests.browser import csp_errors, no_sideways_scroll, tap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = ["phone", "desktop"]


def starter(user, question):
    return Dealbreaker.objects.get(owner=user, question=question)


def box(page, selector):
    return page.locator(selector).bounding_box()


def cut_short(page, selector):
    """Whether the element's text runs past its box (cut off, or ended with an ellipsis)."""
    return page.locator(selector).evaluate("e => e.scrollWidth > e.clientWidth + 1")


# The sticky verdict


@pytest.mark.parametrize("width", [390, 360])
def test_on_a_phone_the_sticky_verdict_reads_in_full_in_a_short_row(
    open_page, alice, interview, width
):
    boss = starter(alice, "I could work for this boss")
    others = list(Dealbreaker.objects.for_user(alice).active().for_phase("mid").exclude(pk=boss.pk))
    page = open_page("phone", alice)
    page.set_viewport_size({"width": width, "height": 844})
    errors = csp_errors(page)
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    for item in others[:3]:
        tap(page, item, "yes")
    tap(page, boss, "no")  # a dead end: the exit script's button takes its room
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "dead_end")
    expect(page.locator("#exit-link")).to_be_visible()
    score = page.locator(".sticky-verdict #verdict-score")
    # The short wording, every word of it shown: nothing cut, no ellipsis.
    expect(score).to_have_text("Fit 75% · 4 answered", use_inner_text=True)
    for part in (".sticky-verdict #verdict-label", ".sticky-verdict #verdict-score"):
        assert not cut_short(page, part), part
    verdict, sticky = box(page, ".sticky-verdict .verdict"), box(page, ".sticky-verdict")
    for part in ("#verdict-label", "#verdict-score"):
        inside = box(page, f".sticky-verdict {part}")
        assert inside["x"] + inside["width"] <= verdict["x"] + verdict["width"] + 1, part
        assert inside["y"] + inside["height"] <= verdict["y"] + verdict["height"] + 1, part
    # Two short lines at most: the row still leaves the screen to the questions.
    assert sticky["height"] <= 0.08 * 844, sticky
    no_sideways_scroll(page)
    assert not errors


def test_at_a_desk_the_sticky_verdict_keeps_its_full_wording(open_page, alice, interview):
    boss = starter(alice, "I could work for this boss")
    ChecklistAnswer.objects.record(interview, [(boss, "mid", "no", "", timezone.now())])
    page = open_page("desktop", alice)
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    score = page.locator(".sticky-verdict #verdict-score")
    expect(score).to_have_text("Fit score 0% · 1 question answered", use_inner_text=True)
    assert not cut_short(page, ".sticky-verdict #verdict-score")


# The exit script, always one tap away


@pytest.mark.parametrize("screen", SCREENS)
def test_the_exit_script_is_a_quiet_link_on_the_checklist_before_any_dead_end(
    open_page, alice, interview, screen
):
    boss = starter(alice, "I could work for this boss")
    page = open_page(screen, alice)
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    before = box(page, ".sticky-verdict")
    quiet = page.locator("#exit-quiet")
    expect(quiet).to_be_visible()
    expect(page.locator("#exit-link")).to_be_hidden()
    link = quiet.bounding_box()
    assert link["height"] >= 44 and link["width"] >= 44
    # In the sticky row, so in reach from any question; and no taller for it.
    assert before["y"] <= link["y"] and link["y"] + link["height"] <= before["y"] + before["height"]
    assert before["height"] <= 0.08 * 844, before
    # Scrolled down to the last question, it is still there.
    last = list(Dealbreaker.objects.for_user(alice).active().for_phase("mid"))[-1]
    page.locator(f"#q-{last.pk} legend").evaluate("e => e.scrollIntoView()")
    expect(quiet).to_be_in_viewport()
    # A dead end: the prominent button instead, and the row no taller than before.
    if screen == "phone":
        tap(page, boss, "no")
    else:
        page.locator(f'label[for="a-{boss.pk}-no"]').click()
    expect(page.locator("#exit-link")).to_be_visible()
    expect(quiet).to_be_hidden()
    after = box(page, ".sticky-verdict")
    assert after["height"] <= before["height"] + 1, (before, after)
    # Taken back: the quiet link again, which asks "are you sure?" first.
    if screen == "phone":
        tap(page, boss, "yes")
    else:
        page.locator(f'label[for="a-{boss.pk}-yes"]').click()
    expect(quiet).to_be_visible()
    quiet.click()
    expect(page.locator("h1")).to_have_text("Are you sure?")


# The interview clock


def test_after_a_walk_out_the_clock_says_so_and_stops(
    open_page, alice, application, make_interview
):
    starter(alice, "The interview is running its planned length")  # the clock's suggestion
    # Yesterday at noon in Alice's zone, long past its planned hour: a clock still running
    # would say so and suggest the question. (Started 20 minutes ago, the walk-out fell on
    # the next day when the suite ran after 23:46, and the clock rightly named that day.)
    yesterday = timezone.localdate(timezone=alice.zone) - timedelta(days=1)
    started = datetime(yesterday.year, yesterday.month, yesterday.day, 12, 0, tzinfo=alice.zone)
    interview = make_interview(
        application, starts_at=started, duration_minutes=60, status="in_progress"
    )
    Decision.record(interview, Decision.Choice.WALKED_OUT, started + timedelta(minutes=14))
    page = open_page("phone", alice)
    page.clock.install()
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    clock = page.locator("#interview-clock")
    said = "Ended 12:14 — you walked out after 14 min"
    expect(clock).to_have_text(said)
    expect(clock).to_have_attribute("data-state", "ended")
    page.clock.run_for("30:00")
    expect(clock).to_have_text(said)
    expect(page.locator("[data-clock-suggest]")).to_be_hidden()


# (how far off the start is, what the clock says)
STARTS = [
    (timedelta(minutes=38), "starts in 38 min · 1 h planned"),
    (timedelta(minutes=167), "starts in 2 h 47 min · 1 h planned"),
    (timedelta(hours=3), "starts in 3 h · 1 h planned"),
    (timedelta(hours=26), "starts in 1 day 2 h · 1 h planned"),
    (timedelta(days=3, minutes=5), "starts in 3 days · 1 h planned"),
]


def test_the_clock_says_how_far_off_the_start_is_in_hours_and_days(
    open_page, alice, application, make_interview
):
    now = timezone.now().replace(microsecond=0)
    # Every interview made before the browser opens: on SQLite in memory the live server
    # shares the test's connection, and a write here while the service worker still
    # fetches the last page's neighbours failed now and then ("database table is locked").
    interviews = [
        (make_interview(application, starts_at=now + ahead, duration_minutes=60), said)
        for ahead, said in STARTS
    ]
    soon = make_interview(application, starts_at=now + timedelta(minutes=167))
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    far = make_interview(
        application, starts_at=datetime(2100, 12, 31, 23, 30, tzinfo=paris), duration_minutes=1440
    )
    page = open_page("phone", alice)
    page.clock.install(time=now)
    for interview, said in interviews:
        page.clock.set_system_time(now)
        page.goto(f"/interviews/{interview.pk}/checklist/mid/")
        clock = page.locator("#interview-clock")
        expect(clock).to_have_text(f"Interview clock: {said}")
        expect(clock).to_have_attribute("data-state", "before")
    # It counts down by itself: 2 h 47 min to go, then 47 minutes.
    page.clock.set_system_time(now)
    page.goto(f"/interviews/{soon.pk}/checklist/mid/")
    page.clock.run_for("02:00:00")
    expect(page.locator("#interview-clock")).to_have_text(
        "Interview clock: starts in 47 min · 1 h planned"
    )

    # Far off: the day itself, in the user's zone; a day-long interview's length in hours.
    page.clock.set_system_time(now)
    page.goto(f"/interviews/{far.pk}/checklist/mid/")
    expect(page.locator("#interview-clock")).to_have_text(
        "Interview clock: starts on Fri 31 Dec 2100 · 24 h planned"
    )


# The exit script's confirmation


@pytest.mark.parametrize("screen", SCREENS)
def test_the_exit_confirmation_checkbox_sits_beside_its_words(open_page, alice, interview, screen):
    page = open_page(screen, alice)
    page.goto(f"/interviews/{interview.pk}/exit-script/")
    expect(page.locator("h1")).to_have_text("Are you sure?")
    checkbox = box(page, "#confirmed")
    label = box(page, 'label[for="confirmed"]')
    # Beside it, on its first line: not alone on a line with the words underneath.
    assert label["x"] >= checkbox["x"] + checkbox["width"], (checkbox, label)
    assert label["y"] < checkbox["y"] + checkbox["height"], (checkbox, label)
    assert checkbox["y"] < label["y"] + 30, (checkbox, label)
    page.get_by_label("I would not take this job even if it were offered").check()
    page.get_by_role("button", name="Show the exit script anyway").click()
    expect(page.locator("#script-text")).to_be_visible()


# Across rounds


@pytest.fixture
def two_rounds(alice, application, make_interview):
    earlier = make_interview(
        application,
        kind="recruiter_screen",
        starts_at=timezone.now() - timedelta(days=5),
        status="done",
        interviewers="Priya Nair, Recruiter",
    )
    later = make_interview(
        application,
        kind="hiring_manager",
        starts_at=timezone.now() - timedelta(hours=1),
        status="done",
        interviewers="Dana Reyes, Head of Data",
    )
    items = list(Dealbreaker.objects.for_user(alice).active().for_phase("mid"))[:3]
    for interview, answer in ((earlier, "unsure"), (later, "no")):
        ChecklistAnswer.objects.record(
            interview,
            [(d, "mid", answer, "Half the week is support tickets", timezone.now()) for d in items],
        )
    return earlier, later


def test_the_rounds_table_says_it_scrolls_on_a_phone(open_page, alice, application, two_rounds):
    page = open_page("phone", alice)
    page.goto(f"/applications/{application.pk}/")
    hint = page.locator("#rounds-scroll-hint")
    expect(hint).to_be_visible()
    expect(hint).to_have_text("Scroll the table sideways for every round →")
    region = page.locator("#rounds .table-responsive")
    expect(region).to_have_attribute("role", "region")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth"), "the table fits: no hint needed"
    # Scrolled sideways, the question column stays in view, as on the stats page.
    region.evaluate("e => e.scrollLeft = e.scrollWidth")
    question = page.locator("#rounds tbody th").first.bounding_box()
    assert 0 <= question["x"] < 40
    no_sideways_scroll(page)
    wide = open_page("desktop", alice)
    wide.goto(f"/applications/{application.pk}/")
    expect(wide.locator("#rounds")).to_contain_text("Recruiter screen")
    expect(wide.locator("#rounds-scroll-hint")).to_be_hidden()
