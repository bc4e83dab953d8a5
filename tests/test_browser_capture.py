"""Capturing a job in Chromium: the bookmarklet run on fixture postings (one with a strict
Content-Security-Policy of its own), the share target and the paste box. Each lands on a
prefilled form, and nothing is stored until the user presses Add application."""

from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from interviews.models import Application
from interviews.views.capture import bookmarklet_href
from tests.browser import csp_errors, no_sideways_scroll
from tests.conftest import PASSWORD
from tests.postings_fixtures import EXPECTED, fixture_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A job board as strict as they come: no inline or injected script, no eval, no requests,
# no form posts elsewhere, Trusted Types, and a browsing context group of its own.
STRICT = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "require-trusted-types-for 'script'"
    ),
    "cross-origin-opener-policy": "same-origin",
}
STRICT_PAGE = "personio"


def serve_postings(context):
    """The fixture pages at the job boards' own addresses, answered by the browser itself."""
    for name, expected in EXPECTED.items():
        headers = {"content-type": "text/html; charset=utf-8"}
        if name == STRICT_PAGE:
            headers.update(STRICT)
        context.route(
            lambda url, address=expected["address"]: url == address,
            answer(fixture_source(name), headers),
        )


def answer(body, headers):
    return lambda route: route.fulfill(status=200, headers=headers, body=body)


def bookmarklet_code(page):
    """What the browser runs when the bookmark is clicked: the link's code, percent-decoded."""
    page.goto("/capture/")
    href = page.locator("a[data-bookmarklet]").get_attribute("href")
    assert href.startswith("javascript:")
    return page.evaluate("href => decodeURIComponent(href.slice('javascript:'.length))", href)


def expect_prefilled(form_page, name):
    expected = EXPECTED[name]
    expect(form_page.locator("#capture-found")).to_be_visible()
    for field, value in expected["fields"].items():
        expect(form_page.locator(f'[name="{field}"]')).to_have_value(value)
    description = form_page.locator('[name="job_description"]').input_value()
    assert description.startswith(expected["description_starts"])
    assert description.endswith(expected["description_ends"])
    if "hint" in expected:
        expect(form_page.locator("#capture-found")).to_contain_text(expected["hint"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bookmarklet_on_a_posting_lands_on_a_prefilled_form(open_page, alice, name):
    page = open_page("desktop", user=alice)
    code = bookmarklet_code(page)
    serve_postings(page.context)
    page.goto(EXPECTED[name]["address"])
    if name == STRICT_PAGE:
        # The page's own policy is in force: its inline script did not run, and Trusted
        # Types refuse markup written into it. The bookmarklet needs neither.
        assert page.evaluate("() => window.inlineScriptRan") is None
        refused = (
            "() => { try { document.body.innerHTML = '<b>x</b>'; } catch (e) { return e.name; } }"
        )
        assert page.evaluate(refused) == "TypeError"
    with page.context.expect_page() as opened:
        page.evaluate(code)  # what clicking the bookmark runs, on the posting's page
    form_page = opened.value
    errors = csp_errors(form_page)
    form_page.wait_for_load_state()
    expect_prefilled(form_page, name)
    # The posting left the address bar and the history: no "#walkout=…" is kept.
    assert "#" not in form_page.url and "capture" not in form_page.url
    assert Application.objects.count() == 0
    form_page.get_by_role("button", name="Add application").click()
    fields = EXPECTED[name]["fields"]
    expect(form_page.get_by_text(f"Added {fields['role']} at {fields['company']}.")).to_be_visible()
    saved = Application.objects.get()
    assert (saved.role, saved.company) == (fields["role"], fields["company"])
    assert saved.job_description.endswith(EXPECTED[name]["description_ends"])
    assert errors == []


def test_a_long_description_arrives_whole(open_page, alice):
    page = open_page("desktop", user=alice)
    code = bookmarklet_code(page)
    serve_postings(page.context)
    page.goto(EXPECTED["indeed"]["address"])
    with page.context.expect_page() as opened:
        page.evaluate(code)
    form_page = opened.value
    expect(form_page.locator("#capture-found")).to_be_visible()
    description = form_page.locator('[name="job_description"]').input_value()
    assert len(description) > 18_000
    assert description.count("Section ") == 120


def test_a_capture_that_did_not_arrive_says_so(open_page, alice):
    page = open_page("phone", user=alice)
    page.goto("/applications/new/?capture=1")
    expect(page.locator("#capture-lost")).to_be_visible()
    expect(page.locator("#capture-status")).to_be_hidden()
    assert Application.objects.count() == 0


def test_share_target_opens_a_prefilled_form_on_a_phone(open_page, alice):
    page = open_page("phone", user=alice)
    errors = csp_errors(page)
    page.goto(
        "/applications/new/?title=Senior+Engineer+at+Acme+%7C+LinkedIn"
        "&text=Fully+remote.+%E2%82%AC70%2C000%E2%80%9385%2C000+a+year."
        "&url=https%3A%2F%2Fwww.linkedin.com%2Fjobs%2Fview%2F123"
    )
    expect(page.locator('[name="role"]')).to_have_value("Senior Engineer")
    expect(page.locator('[name="company"]')).to_have_value("Acme")
    expect(page.locator('[name="posting_url"]')).to_have_value(
        "https://www.linkedin.com/jobs/view/123"
    )
    expect(page.locator('[name="work_mode"]')).to_have_value("remote")
    expect(page.locator('[name="salary_min"]')).to_have_value("70000")
    expect(page.locator('[name="salary_max"]')).to_have_value("85000")
    expect(page.locator('[name="currency"]')).to_have_value("EUR")
    expect(page.locator("#capture-found")).to_contain_text("Nothing is saved until you do.")
    no_sideways_scroll(page)
    assert Application.objects.count() == 0
    page.get_by_role("button", name="Add application").click()
    expect(page.get_by_text("Added Senior Engineer at Acme.")).to_be_visible()
    assert Application.objects.get().salary_max == 85000
    assert errors == []


def test_paste_a_posting_on_a_phone(open_page, alice):
    page = open_page("phone", user=alice)
    errors = csp_errors(page)
    page.goto("/applications/new/")
    page.get_by_label("The posting's page source").fill(fixture_source("lever"))
    page.get_by_role("button", name="Read the posting").click()
    expect_prefilled(page, "lever")
    no_sideways_scroll(page)
    assert Application.objects.count() == 0
    page.get_by_role("button", name="Add application").click()
    expect(page.get_by_text("Added Platform Engineer at Quarry.")).to_be_visible()
    assert Application.objects.get().salary_min == 70000
    assert errors == []


def test_a_capture_waits_through_the_login(open_page, alice, live_server):
    page = open_page("desktop")  # not logged in
    errors = csp_errors(page)
    code = unquote(
        bookmarklet_href(f"{live_server.url}/applications/new/").removeprefix("javascript:")
    )
    serve_postings(page.context)
    page.goto(EXPECTED["greenhouse"]["address"])
    with page.context.expect_page() as opened:
        page.evaluate(code)
    login = opened.value
    login.get_by_label("Username").fill("alice")
    login.get_by_label("Password").fill(PASSWORD)
    login.get_by_role("button", name="Log in").click()
    expect_prefilled(login, "greenhouse")
    assert "#" not in login.url and "capture" not in login.url
    assert login.evaluate("() => sessionStorage.getItem('walkout-capture')") is None
    assert Application.objects.count() == 0
    assert errors == []


def test_a_page_too_big_to_hand_over_is_cut_and_still_read(open_page, alice):
    page = open_page("desktop", user=alice)
    code = bookmarklet_code(page)
    page.context.route(
        "https://big.example/job",
        answer(
            "<title>Engineer at Bigcorp | LinkedIn</title>"
            '<meta property="og:description" content="Hybrid in Lyon.">',
            {"content-type": "text/html; charset=utf-8"},
        ),
    )
    page.goto("https://big.example/job")
    # A JobPosting of 3 million characters, not ASCII, with half a surrogate pair in it.
    page.evaluate(
        """() => {
        const block = document.createElement("script");
        block.type = "application/ld+json";
        block.textContent = JSON.stringify({"@type": "JobPosting", "title": "Engineer",
            "description": "\\ud800" + "é".repeat(3000000)});
        document.head.append(block);
    }"""
    )
    with page.context.expect_page() as opened:
        page.evaluate(code)
    form_page = opened.value
    expect(form_page.locator("#capture-found")).to_be_visible(timeout=60_000)
    expect(form_page.locator('[name="role"]')).to_have_value("Engineer")
    expect(form_page.locator('[name="company"]')).to_have_value("Bigcorp")
    expect(form_page.locator('[name="work_mode"]')).to_have_value("hybrid")
    assert Application.objects.count() == 0
