"""The seed story on a phone: a dead end is flagged, the script is read, the walk-out is
recorded, reviewed and reflected on; and the guard stops a walk-out from a good interview."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interviews.models import Application, ChecklistAnswer, Dealbreaker, Decision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_interview(application, make_interview):
    return make_interview(
        application,
        starts_at=timezone.now() - timedelta(minutes=15),
        duration_minutes=60,
        format="in_person",
        status="in_progress",
        interviewers="Dana Reyes, Head of Data",
    )


def test_from_dashboard_to_reflection(open_page, alice, live_interview, application):
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    page = open_page("phone", alice)
    page.goto("/")
    current = page.locator("#current-interview")
    expect(current).to_contain_text("Northwind")
    current.get_by_role("link", name="During: checklist").tap()
    page.locator(f'label[for="a-{boss.pk}-no"]').tap()
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "dead_end")

    page.goto("/")
    flagged = page.locator("#dead-ends > li")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("I could work for this boss")
    flagged.get_by_role("link", name="Exit script").tap()

    script = page.locator("#script-text")
    expect(script).to_contain_text("Dana, it doesn't sound like I would be a good fit")
    expect(script).to_contain_text("Data Engineer position")
    expect(script).to_contain_text("the team at Northwind")
    font_size = script.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert font_size >= 22, "the script must be readable at arm's length"
    expect(page.locator(".copy-button")).to_be_visible()
    expect(page.get_by_text("Walking out is not a negotiation tactic")).to_have_count(0)

    page.get_by_role("link", name="I walked out — record it").tap()
    expect(page.locator("#id_choice_0")).to_be_checked()
    page.get_by_role("button", name="Record").tap()
    expect(page.get_by_text("Recorded: I walked out.")).to_be_visible()
    decision = Decision.objects.get()
    assert decision.choice == "walked_out" and decision.minutes_saved > 0
    assert "Dana, " in decision.script_shown
    expect(page.locator("#decision-list")).to_contain_text("Northwind")
    expect(page.locator("#stat-walk-outs")).to_have_text("1")

    page.locator(f"#decision-{decision.pk}").get_by_role("link", name="Reflect").tap()
    page.get_by_label("Yes, the right call").check()
    page.get_by_label("What I learned").fill("Ask about the manager's style in the screen.")
    page.get_by_role("button", name="Save reflection").tap()
    expect(page.get_by_text("Reflection saved.")).to_be_visible()
    decision.refresh_from_db()
    assert decision.right_call == "yes"
    application.refresh_from_db()
    assert application.status == Application.Status.WALKED_OUT
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_guard_for_a_good_fit_interview(open_page, alice, live_interview):
    for item in Dealbreaker.objects.for_user(alice).active().for_phase("mid"):
        ChecklistAnswer.objects.record(live_interview, [(item, "mid", "yes", "", timezone.now())])
    page = open_page("phone", alice)
    page.goto(f"/interviews/{live_interview.pk}/exit-script/")
    expect(page.locator("#negotiation-warning")).to_contain_text("buyer's remorse")
    expect(page.locator("#script-text")).to_have_count(0)
    page.get_by_label("I would not take this job even if it were offered").check()
    page.get_by_role("button", name="Show the exit script anyway").tap()
    expect(page.locator("#script-text")).to_be_visible()

    page.get_by_role("link", name="I walked out — record it").tap()
    expect(page.locator("#negotiation-warning")).to_be_visible()
    confirm = page.get_by_label("I would not take this job even if it were offered")
    expect(confirm).to_be_checked()  # confirmed once on the guard: not asked twice
    confirm.uncheck()
    page.get_by_role("button", name="Record").tap()
    expect(page.get_by_text("Confirm you would not take the job")).to_be_visible()
    assert not Decision.objects.exists()
    page.get_by_label("I would not take this job even if it were offered").check()
    page.get_by_role("button", name="Record").tap()
    expect(page.get_by_text("Recorded: I walked out.")).to_be_visible()
    assert Decision.objects.get().choice == "walked_out"
