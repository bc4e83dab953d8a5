"""The trial's rough edges (issue 20) that live in the layout or in JavaScript, in Chromium
at a phone's 390 px and a desk's 1,280 px."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interviews.models import Application, ChecklistAnswer, Dealbreaker, Decision, StatusChange
from tests.browser import csp_errors, no_sideways_scroll, stored, tap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = ["phone", "desktop"]


def box(page, selector):
    return page.locator(selector).bounding_box()


def answer(page, dealbreaker, value, screen):
    """A tap on a phone, a click at a desk."""
    if screen == "phone":
        tap(page, dealbreaker, value)
    else:
        page.locator(f'label[for="a-{dealbreaker.pk}-{value}"]').click()


# The checklist


@pytest.mark.parametrize("screen", SCREENS)
def test_checklist_shows_save_answers_only_without_javascript(open_page, alice, interview, screen):
    page = open_page(screen, alice)
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "unknown")
    expect(page.get_by_role("button", name="Save answers")).to_be_hidden()
    expect(page.get_by_role("button", name="Retry")).to_have_count(0)
    plain = open_page(screen, alice, java_script_enabled=False)
    plain.goto(f"/interviews/{interview.pk}/checklist/mid/")
    expect(plain.get_by_role("button", name="Save answers")).to_be_visible()


def test_on_a_phone_the_sticky_verdict_leaves_the_question_in_view(open_page, alice, interview):
    items = list(Dealbreaker.objects.for_user(alice).active().for_phase("mid"))
    boss = next(d for d in items if d.question == "I could work for this boss")
    page = open_page("phone", alice)
    errors = csp_errors(page)
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    tap(page, boss, "no")  # a dead end: the exit script's button shows too
    expect(page.locator("#exit-link")).to_be_visible()
    sticky = box(page, ".sticky-verdict")
    # One short row: before, the verdict and the button took about 30 % of the screen.
    assert sticky["height"] <= 0.08 * 844, sticky
    exit_link = box(page, "#exit-link")
    assert exit_link["height"] >= 44 and exit_link["width"] >= 44
    # The last question, scrolled to and answered, is below the row, not under it.
    last = items[-1]
    page.locator(f"#q-{last.pk}").scroll_into_view_if_needed()
    page.locator(f"#q-{last.pk} legend").evaluate("e => e.scrollIntoView()")
    stuck = box(page, ".sticky-verdict")
    question = box(page, f"#q-{last.pk}")
    assert question["y"] >= stuck["y"] + stuck["height"] - 1, (question, stuck)
    tap(page, last, "yes")
    expect(page.locator(f"#q-{last.pk} .save-state")).to_have_attribute("data-state", "saved")
    assert not errors


@pytest.mark.parametrize("screen", SCREENS)
def test_no_empty_band_under_add_a_note(open_page, alice, interview, screen):
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    page = open_page(screen, alice)
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    summary = box(page, f"#q-{boss.pk} .note summary")
    card = box(page, f"#q-{boss.pk}")
    padding = page.locator(f"#q-{boss.pk}").evaluate(
        "e => parseFloat(getComputedStyle(e).paddingBottom) + "
        "parseFloat(getComputedStyle(e).borderBottomWidth)"
    )
    # Below "Add a note": the card's own padding, and nothing else.
    assert card["y"] + card["height"] - (summary["y"] + summary["height"]) <= padding + 2
    # Saving says so under the question; the line goes when there is something to say.
    answer(page, boss, "yes", screen)
    expect(page.locator(f"#q-{boss.pk} .save-state")).to_have_text("Saved")


@pytest.mark.parametrize("screen", SCREENS)
def test_arrow_keys_move_between_answers_without_saving(open_page, alice, interview, screen):
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    ChecklistAnswer.objects.record(interview, [(boss, "mid", "yes", "", timezone.now())])
    page = open_page(screen, alice)
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    sent = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    yes = page.locator(f"#a-{boss.pk}-yes")
    yes.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"#a-{boss.pk}-no")).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")  # round to yes
    page.keyboard.press("ArrowLeft")
    expect(page.locator(f"#a-{boss.pk}-unsure")).to_be_focused()
    expect(yes).to_be_checked()
    page.wait_for_timeout(300)
    assert sent == [], "moving between answers saved one"
    assert stored(interview) == {boss.pk: "yes"}
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "good")
    # Space chooses the answer in focus; so does Enter (and it posts no form).
    page.keyboard.press("Space")
    expect(page.locator(f"#q-{boss.pk} .save-state")).to_have_attribute("data-state", "saved")
    assert stored(interview) == {boss.pk: "unsure"}
    page.keyboard.press("ArrowLeft")
    expect(page.locator(f"#a-{boss.pk}-no")).to_be_focused()
    url = page.url
    # The verdict changes on the phone at once; the answer is stored once its save answers
    # (read before then, the store still held "unsure" now and then).
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.keyboard.press("Enter")
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "dead_end")
    assert stored(interview) == {boss.pk: "no"}
    assert page.url == url


def test_the_floor_is_asked_for_on_the_first_checklist(open_page, alice, interview):
    pay = Dealbreaker.objects.get(owner=alice, question="The pay meets my floor")
    page = open_page("phone", alice)
    page.goto(f"/interviews/{interview.pk}/checklist/pre/")
    prompt = page.locator("#floor-prompt")
    expect(prompt).to_contain_text("What is your pay floor?")
    page.get_by_label("My pay floor").fill("150000")
    page.get_by_label("Currency").fill("usd")
    page.get_by_role("button", name="Set my floor").tap()
    expect(page.get_by_text("Your pay floor is 150,000 USD")).to_be_visible()
    expect(prompt).to_have_count(0)
    # Northwind tops out at 110,000 USD: the rule says no, a dead end before the interview.
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "dead_end")
    pay.refresh_from_db()
    assert (pay.rule, pay.salary_floor) == ("salary_floor", 150_000)
    no_sideways_scroll(page)


# The dealbreaker form


@pytest.mark.parametrize("screen", SCREENS)
def test_rule_fields_show_only_for_their_rule(open_page, alice, screen):
    page = open_page(screen, alice)
    errors = csp_errors(page)
    page.goto("/dealbreakers/new/")
    floor = page.get_by_label("Pay floor")
    modes = page.get_by_text("Work modes I accept")
    expect(floor).to_be_hidden()
    expect(page.get_by_label("Floor currency")).to_be_hidden()
    expect(modes).to_be_hidden()
    page.get_by_label("Rule").select_option("salary_floor")
    expect(floor).to_be_visible()
    expect(modes).to_be_hidden()
    page.get_by_label("Rule").select_option("work_mode")
    expect(floor).to_be_hidden()
    expect(modes).to_be_visible()
    page.get_by_label("Remote").check()
    page.locator("#id_question").fill("Remote is possible")  # "Questions that settle it" too
    page.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("work mode: Remote")).to_be_visible()
    assert not errors
    plain = open_page(screen, alice, java_script_enabled=False)
    plain.goto("/dealbreakers/new/")
    expect(plain.get_by_label("Pay floor")).to_be_visible()
    expect(plain.get_by_text("Work modes I accept")).to_be_visible()


# Stats, menu, board and Today at both sizes


def test_the_source_table_says_it_scrolls_at_360_px(open_page, alice, make_application):
    for n, source in enumerate(["LinkedIn", "A referral from a former colleague", "Indeed"]):
        make_application(alice, source=source, status=["screening", "offer", "applied"][n])
    page = open_page("phone", alice)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/stats/")
    hint = page.locator("#sources-scroll-hint")
    expect(hint).to_be_visible()
    region = page.locator(".table-sources")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth"), "the table fits: no hint needed"
    # Scrolled sideways, the source column stays in view.
    region.evaluate("e => e.scrollLeft = e.scrollWidth")
    source = page.locator("#funnel-by-source tbody th").first.bounding_box()
    assert source["x"] >= 0 and source["x"] < 40
    no_sideways_scroll(page)
    wide = open_page("desktop", alice)
    wide.goto("/stats/")
    expect(wide.locator("#sources-scroll-hint")).to_be_hidden()


def test_import_and_export_in_the_menu_on_a_phone(open_page, alice):
    page = open_page("phone", alice)
    page.goto("/")
    page.locator(".nav-more > summary").tap()
    page.locator(".nav-more").get_by_role("link", name="Import").tap()
    expect(page.locator("h1")).to_contain_text("Import")
    assert page.url.endswith("/import/")
    page.locator(".nav-more > summary").tap()
    page.locator(".nav-more").get_by_role("link", name="Export").tap()
    expect(page.locator("h1")).to_contain_text("Export")


def test_at_1280_px_the_menu_is_one_row_with_import_and_export(open_page, alice):
    page = open_page("desktop", alice)
    page.goto("/")
    brand = box(page, ".brand")
    for name in ("Today", "Import", "Export", "Profile"):
        link = page.get_by_role("navigation", name="Main").get_by_role("link", name=name)
        expect(link).to_be_visible()
        assert abs(link.bounding_box()["y"] - brand["y"]) < 12, name
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Export").click()
    expect(page.locator("h1")).to_contain_text("Export")


@pytest.fixture
def pipeline(alice, make_application):
    for status in Application.Status.values:
        make_application(alice, company=f"Co {status}", status=status)


def test_at_1280_px_the_board_is_one_row(open_page, alice, pipeline):
    page = open_page("desktop", alice)
    page.goto("/board/")
    tops = {
        key: box(page, f'[data-column="{key}"]')["y"]
        for key in ("wishlist", "applied", "screening", "interviewing", "offer", "closed")
    }
    assert len(set(tops.values())) == 1, tops
    no_sideways_scroll(page)
    phone = open_page("phone", alice)
    phone.goto("/board/")
    no_sideways_scroll(phone)


@pytest.mark.parametrize("screen", SCREENS)
def test_todays_pipeline_tiles_have_one_height(open_page, alice, pipeline, screen):
    page = open_page(screen, alice)
    page.goto("/")
    heights = page.locator(".pipeline a").evaluate_all(
        "tiles => tiles.map(t => Math.round(t.getBoundingClientRect().height))"
    )
    assert len(heights) == 10
    assert len(set(heights)) == 1, heights
    no_sideways_scroll(page)


# The application's and the interview's pages


@pytest.mark.parametrize("screen", SCREENS)
def test_status_changes_from_the_applications_page(open_page, alice, application, screen):
    page = open_page(screen, alice)
    errors = csp_errors(page)
    page.goto(f"/applications/{application.pk}/")
    page.get_by_label("Status of Data Engineer at Northwind").select_option("offer")
    page.get_by_role("button", name="Change status").click()
    expect(
        page.get_by_text("Moved Data Engineer at Northwind from Applied to Offer.")
    ).to_be_visible()
    expect(page.locator("#application-status")).to_have_text("Offer")
    expect(page.locator("#timeline")).to_contain_text("Applied → Offer")
    assert page.url.endswith(f"/applications/{application.pk}/")
    assert StatusChange.objects.filter(application=application).count() == 2
    no_sideways_scroll(page)
    assert not errors


@pytest.mark.parametrize("screen", SCREENS)
def test_interview_page_links_the_meeting_and_agrees_with_today(
    open_page, alice, application, make_interview, screen
):
    running = make_interview(
        application,
        starts_at=timezone.now() - timedelta(minutes=5),
        location="https://meet.example.com/abc-defg",
    )
    page = open_page(screen, alice)
    page.goto("/")
    expect(page.locator("#now-heading")).to_have_text("In progress")
    page.goto(f"/interviews/{running.pk}/")
    expect(page.locator("#interview-status")).to_have_text("In progress")
    link = page.get_by_role("link", name="https://meet.example.com/abc-defg")
    expect(link).to_have_attribute("href", "https://meet.example.com/abc-defg")
    assert link.bounding_box()["height"] > 0


# A new user's later trial


def test_escape_closes_the_phones_more_menu_and_returns_to_its_summary(open_page, alice):
    page = open_page("phone", alice)
    errors = csp_errors(page)
    page.goto("/")
    menu, summary = page.locator(".nav-more"), page.locator(".nav-more > summary")
    summary.tap()
    expect(menu).to_have_attribute("open", "")
    menu.get_by_role("link", name="Contacts").focus()  # a keyboard inside the menu
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(menu.get_by_role("link", name="Contacts")).to_be_hidden()
    expect(summary).to_be_focused()
    summary.press("Enter")  # opened from its summary, closed the same way
    expect(menu).to_have_attribute("open", "")
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(summary).to_be_focused()
    assert not errors


def text_of(page, selector):
    """The element's text as laid out: how many lines it takes (one box per line it wraps
    onto) and where its right edge is (the text's, not its block's)."""
    return page.evaluate(
        """selector => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector(selector));
            const tops = [...range.getClientRects()].map(r => Math.round(r.top));
            return {lines: new Set(tops).size, right: range.getBoundingClientRect().right};
        }""",
        selector,
    )


@pytest.mark.parametrize(("minutes", "said"), [([49], "49 min"), ([1440, 1305], "45 h 45 min")])
def test_the_time_saved_stays_on_one_line_at_390_px(
    open_page, alice, application, make_interview, minutes, said
):
    for n, saved in enumerate(minutes):
        interview = make_interview(application, starts_at=timezone.now() - timedelta(days=n + 2))
        Decision.objects.create(
            interview=interview,
            choice=Decision.Choice.WALKED_OUT,
            decided_at=interview.starts_at + timedelta(minutes=10),
            minutes_saved=saved,
        )
    page = open_page("phone", alice)
    page.goto("/decisions/")
    expect(page.locator("#stat-hours")).to_have_text(said)
    text = text_of(page, "#stat-hours")
    assert text["lines"] == 1
    # Within its card, not spilling over its border.
    card = box(page, ".stats-row > div:has(#stat-hours)")
    assert text["right"] <= card["x"] + card["width"]
    no_sideways_scroll(page)
