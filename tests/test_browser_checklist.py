"""The mid-interview checklist on a phone: each tap saves, the verdict changes live."""

import pytest
from playwright.sync_api import expect

from interviews.checklist import device_items
from interviews.models import ChecklistAnswer, Dealbreaker
from interviews.verdict import LABELS
from tests.browser import stored, tap
from tests.test_verdict import CASES, case_inputs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tapping_through_the_mid_checklist(open_page, alice, interview):
    items = list(Dealbreaker.objects.for_user(alice).active().for_phase("mid"))
    boss = next(d for d in items if d.question == "I could work for this boss")
    page = open_page("phone", alice)
    page.goto(f"/interviews/{interview.pk}/")
    page.get_by_role("link", name="During: checklist").tap()
    banner = page.locator("#verdict")
    expect(banner).to_have_attribute("data-verdict", "unknown")
    expect(page.locator("#exit-link")).to_be_hidden()

    # Every target is big enough for a thumb.
    box = page.locator(f'label[for="a-{boss.pk}-yes"]').bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44

    for item in items:
        if item.pk != boss.pk:
            tap(page, item, "yes")
            expect(page.locator(f"#q-{item.pk} .save-state")).to_have_attribute(
                "data-state", "saved"
            )
    expect(banner).to_have_attribute("data-verdict", "good")

    url_before = page.url
    tap(page, boss, "no")
    expect(banner).to_have_attribute("data-verdict", "dead_end")
    expect(banner).to_contain_text("I could work for this boss")
    expect(page.locator("#exit-link")).to_be_visible()
    assert page.url == url_before  # no reload

    page.reload()
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "dead_end")
    for item in items:
        expected = "no" if item.pk == boss.pk else "yes"
        expect(page.locator(f"#a-{item.pk}-{expected}")).to_be_checked()
    assert stored(interview) == {item.pk: ("no" if item.pk == boss.pk else "yes") for item in items}
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the checklist scrolls sideways on a phone"


def test_answer_made_offline_is_sent_when_back_online(open_page, alice, interview):
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    page = open_page("phone", alice)
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    page.context.set_offline(True)
    tap(page, boss, "no")
    state = page.locator(f"#q-{boss.pk} .save-state")
    expect(state).to_have_attribute("data-state", "pending")
    expect(page.locator("#pending-banner")).to_contain_text("1 answer not saved yet")
    # Worked out on the phone, with no server to ask.
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "dead_end")
    assert stored(interview) == {}
    page.context.set_offline(False)  # the "online" event sends what is waiting
    expect(state).to_have_attribute("data-state", "saved")
    expect(page.locator("#pending-banner")).to_contain_text("All answers saved")
    assert stored(interview) == {boss.pk: "no"}


def test_a_waiting_answer_is_sent_by_itself_with_no_retry_button(open_page, alice, interview):
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    page = open_page("phone", alice)
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")

    def fail_saves(route):
        if route.request.method == "POST":
            route.fulfill(status=503, body="down for a moment")
        else:
            route.continue_()

    page.route("**/checklist/mid/", fail_saves)
    tap(page, boss, "no")
    state = page.locator(f"#q-{boss.pk} .save-state")
    expect(state).to_have_attribute("data-state", "pending")
    expect(page.locator("#pending-banner")).to_contain_text(
        "1 answer not saved yet. They will be sent when the connection returns."
    )
    # The banner says it goes by itself: nothing red beside it asks the user to act.
    expect(page.get_by_role("button", name="Retry")).to_have_count(0)
    expect(page.locator(".save-state button")).to_have_count(0)
    assert stored(interview) == {}
    page.unroute("**/checklist/mid/")
    expect(state).to_have_attribute("data-state", "saved", timeout=15_000)
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "dead_end")
    assert stored(interview) == {boss.pk: "no"}


def test_answer_left_in_the_queue_is_sent_on_the_next_visit(open_page, alice, interview):
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    page = open_page("phone", alice)
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    page.context.set_offline(True)
    tap(page, boss, "unsure")
    expect(page.locator(f"#q-{boss.pk} .save-state")).to_have_attribute("data-state", "pending")
    context = page.context
    page.close()  # the phone's browser is closed before the signal comes back
    context.set_offline(False)
    page = context.new_page()
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    expect(page.locator(f"#a-{boss.pk}-unsure")).to_be_checked()
    expect(page.locator(f"#q-{boss.pk} .save-state")).to_have_attribute("data-state", "saved")
    assert stored(interview) == {boss.pk: "unsure"}


def test_without_javascript_the_form_post_stores_the_same(open_page, alice, interview):
    items = list(Dealbreaker.objects.for_user(alice).active().for_phase("mid"))
    boss = next(d for d in items if d.question == "I could work for this boss")
    page = open_page("phone", alice, java_script_enabled=False)
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    for item in items:
        tap(page, item, "no" if item.pk == boss.pk else "yes")
    page.locator(f"#q-{boss.pk} .note summary").tap()
    page.locator(f"#note-{boss.pk}").fill("Raised voice at the receptionist")
    page.get_by_role("button", name="Save answers").tap()
    expect(page.get_by_text(f"Saved {len(items)} answers.")).to_be_visible()
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "dead_end")
    expect(page.get_by_role("link", name="Read your exit script")).to_be_visible()
    assert stored(interview) == {item.pk: ("no" if item.pk == boss.pk else "yes") for item in items}
    assert ChecklistAnswer.objects.get(dealbreaker=boss).note == "Raised voice at the receptionist"


def test_the_phone_works_out_every_verdict_case_as_the_server_does(open_page, alice, interview):
    """Every case of tests/verdict_cases.json through the verdict the checklist page works
    out offline (js/checklist.js), from the data the page would carry for it."""
    page = open_page("phone", alice)
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    sent = []
    for case in CASES:
        items, answers, facts, threshold = case_inputs(case)
        data = {"items": device_items(items, facts), "threshold": threshold, "labels": LABELS}
        known = {f"{a.phase}:{a.item_id}": a.value for a in answers}
        sent.append({"data": data, "known": known})
    results = page.evaluate("cases => cases.map(c => window.walkoutVerdict(c.data, c.known))", sent)
    assert len(results) == len(CASES)
    for case, result in zip(CASES, results, strict=True):
        assert result.pop("label") == LABELS[result["state"]], case["name"]
        assert result == case["expect"], case["name"]


def reasons_shown(page):
    """(the dead end's reasons, the concerns) as the page under the banner shows them."""
    reasons = page.locator(".reasons-below.reason-list")
    concerns = page.locator(".reasons-below-concerns")
    return (
        reasons.locator("li").all_inner_texts() if reasons.is_visible() else None,
        concerns.locator("li").all_inner_texts() if concerns.is_visible() else None,
    )


def test_the_dead_end_lists_its_dealbreakers_and_the_concerns_apart(open_page, alice, interview):
    """Worked out on the phone (offline, js/checklist.js) and by the server alike: the
    concern answered no is not among the dead end's reasons, but under its own heading."""
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    team = Dealbreaker.objects.get(owner=alice, question="They introduced me to the team")
    page = open_page("phone", alice)
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    page.context.set_offline(True)
    tap(page, team, "no")
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "concerns")
    concern = ["They introduced me to the team — You answered no."]
    assert reasons_shown(page) == (None, concern)
    tap(page, boss, "no")
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "dead_end")
    on_the_phone = reasons_shown(page)
    assert on_the_phone == (["I could work for this boss — You answered no."], concern)
    expect(page.locator(".reasons-below-concerns")).to_contain_text("Concerns, not dealbreakers")

    page.context.set_offline(False)
    expect(page.locator("#pending-banner")).to_contain_text("All answers saved")
    page.reload()
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "dead_end")
    assert reasons_shown(page) == on_the_phone  # the server's page says the same
