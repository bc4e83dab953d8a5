"""Airplane mode mid-interview: the checklist, the exit script and the dashboard from the
phone's own copy, answers kept on the phone and saved exactly once when the signal returns.

Chromium at phone size with touch; `context.set_offline` cuts the network for the page and
for its service worker alike."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from interviews.models import ChecklistAnswer, Dealbreaker
from tests.browser import stored, tap, wait_until
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(`${location.pathname} ${event.effectiveDirective} ${event.blockedURI}`);
});
"""


def mid_items(user):
    return list(Dealbreaker.objects.for_user(user).active().for_phase("mid"))


def open_offline_ready(open_page, user, path):
    """A page opened online, once the service worker controls it and has kept it."""
    page = open_page("phone", user)
    page.goto(path)
    expect(page.locator("body")).to_have_attribute("data-offline", "ready")
    assert page.evaluate("() => !!navigator.serviceWorker.controller")
    return page


def kept_pages(page):
    return page.evaluate(
        """async () => {
          const urls = [];
          for (const name of await caches.keys()) {
            if (!name.startsWith("walkout-pages-")) continue;
            for (const request of await (await caches.open(name)).keys()) {
              const url = new URL(request.url);
              urls.push(url.pathname + url.search);
            }
          }
          return urls.sort();
        }"""
    )


def test_checklist_answered_offline_is_saved_once_back_online(open_page, alice, interview):
    boss, qualified, interested = (
        Dealbreaker.objects.get(owner=alice, question=q)
        for q in (
            "I could work for this boss",
            "I am qualified for this role",
            "I am interested in this job as they describe it",
        )
    )
    url = f"/interviews/{interview.pk}/checklist/mid/"
    page = open_offline_ready(open_page, alice, url)
    page.context.set_offline(True)
    tap(page, qualified, "yes")
    tap(page, interested, "unsure")
    tap(page, boss, "no")
    banner = page.locator("#pending-banner")
    expect(banner).to_contain_text("3 answers not saved yet")

    # Reloading in airplane mode: the page from the phone's copy, the answers from the queue.
    response = page.reload()
    assert response.from_service_worker
    for item, value in ((qualified, "yes"), (interested, "unsure"), (boss, "no")):
        expect(page.locator(f"#a-{item.pk}-{value}")).to_be_checked()
        expect(page.locator(f"#q-{item.pk} .save-state")).to_have_attribute("data-state", "pending")
    expect(banner).to_contain_text("3 answers not saved yet")
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "dead_end")
    expect(page.locator("#verdict")).to_contain_text("I could work for this boss")
    expect(page.locator("#exit-link")).to_be_visible()
    expect(page.locator("#progress-mid")).to_have_text(f"3/{len(mid_items(alice))}")
    assert stored(interview) == {}

    page.context.set_offline(False)
    expect(banner).to_contain_text("All answers saved")
    expect(banner).to_have_attribute("data-state", "saved")
    for item in (qualified, interested, boss):
        expect(page.locator(f"#q-{item.pk} .save-state")).to_have_attribute("data-state", "saved")
    assert stored(interview) == {qualified.pk: "yes", interested.pk: "unsure", boss.pk: "no"}
    rows = ChecklistAnswer.objects.filter(interview=interview)
    # Each written once, by the device's queue (its key), at the time it was given.
    assert all(row.client_key and row.updated_at == row.created_at for row in rows)
    assert all(row.answered_at < row.created_at for row in rows)
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "dead_end")


def test_the_same_answer_queued_twice_reaches_the_server_once(open_page, alice, interview):
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    page = open_offline_ready(open_page, alice, f"/interviews/{interview.pk}/checklist/mid/")
    page.context.set_offline(True)
    tap(page, boss, "no")
    expect(page.locator("#pending-banner")).to_contain_text("1 answer not saved yet")
    # As if its first sending had arrived but its reply had not: the same entry, same key,
    # queued a second time.
    page.evaluate(
        """() => new Promise((resolve, reject) => {
          const open = indexedDB.open("walkout", 1);
          open.onsuccess = () => {
            const tx = open.result.transaction("pending", "readwrite");
            const store = tx.objectStore("pending");
            store.getAll().onsuccess = (event) => {
              const copy = { ...event.target.result[0] };
              delete copy.seq;
              store.add(copy);
            };
            tx.oncomplete = resolve;
            tx.onerror = () => reject(tx.error);
          };
        })"""
    )
    page.reload()
    expect(page.locator("#pending-banner")).to_contain_text("2 answers not saved yet")
    page.context.set_offline(False)
    expect(page.locator("#pending-banner")).to_contain_text("All answers saved")
    row = ChecklistAnswer.objects.get(interview=interview)
    assert row.answer == "no"
    assert row.updated_at == row.created_at  # the second sending changed nothing


def test_an_older_offline_answer_does_not_overwrite_a_newer_one(open_page, alice, interview):
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    url = f"/interviews/{interview.pk}/checklist/mid/"
    page = open_offline_ready(open_page, alice, url)
    page.context.set_offline(True)
    tap(page, boss, "no")
    expect(page.locator(f"#q-{boss.pk} .save-state")).to_have_attribute("data-state", "pending")
    # Meanwhile, on the laptop (online), a later answer to the same question.
    laptop = Client()
    laptop.force_login(alice)
    laptop.post(
        url,
        {f"answer_{boss.pk}": "yes", "answered_at": timezone.now().isoformat()},
        HTTP_ACCEPT="application/json",
    )
    page.context.set_offline(False)
    state = page.locator(f"#q-{boss.pk} .save-state")
    expect(state).to_have_attribute("data-state", "stale")
    expect(state).to_contain_text("Another device answered later")
    expect(page.locator("#pending-banner")).to_contain_text("All answers saved")
    assert stored(interview) == {boss.pk: "yes"}
    # The server's verdict, with the laptop's answer, replaces the one worked out here.
    expect(page.locator("#verdict")).not_to_have_attribute("data-verdict", "dead_end")


def test_exit_script_and_offline_page_show_without_a_connection(open_page, alice, interview):
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    client = Client()
    client.force_login(alice)
    client.post(f"/interviews/{interview.pk}/checklist/mid/", {f"answer_{boss.pk}": "no"})
    violations = []
    page = open_page("phone", alice)
    page.expose_function("reportCspViolation", lambda v: violations.append(v))
    page.add_init_script(CSP_LISTENER)
    page.goto("/")
    expect(page.locator("body")).to_have_attribute("data-offline", "ready")
    # The dashboard listed this dead end: its checklist and exit script are on the phone.
    assert {
        "/",
        f"/interviews/{interview.pk}/checklist/mid/",
        f"/interviews/{interview.pk}/exit-script/?confirmed=1",
    } <= set(kept_pages(page))

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    page.locator("#dead-ends").get_by_role("link", name="Exit script").tap()
    expect(page.get_by_role("heading", name="Your exit script")).to_be_visible()
    expect(page.locator("#script-text")).to_contain_text("Dana")
    expect(page.locator("#as-of")).to_be_hidden()  # kept seconds ago: nothing to say
    # Styled: the static files came from the phone's cache too.
    header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).background")
    assert "rgb(11, 85, 99)" in header

    page.goto("/applications/")  # never kept: the friendly page, not the browser's error
    expect(page.get_by_role("heading", name="No connection for this page")).to_be_visible()
    expect(page.get_by_text("What works offline")).to_be_visible()
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "dead_end")
    assert violations == []


def test_a_session_that_ended_keeps_the_answers_until_login(open_page, alice, interview):
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    url = f"/interviews/{interview.pk}/checklist/mid/"
    page = open_offline_ready(open_page, alice, url)
    page.context.set_offline(True)
    tap(page, boss, "no")
    Session.objects.all().delete()  # the session expires while the phone is offline
    page.context.set_offline(False)
    banner = page.locator("#pending-banner")
    expect(banner).to_contain_text("Log in again to save 1 answer")
    expect(banner).to_have_attribute("data-state", "login")
    assert stored(interview) == {}

    page.locator("#pending-login").tap()
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").tap()
    page.wait_for_url(f"**{url}")
    expect(page.locator(f"#q-{boss.pk} .save-state")).to_have_attribute("data-state", "saved")
    assert stored(interview) == {boss.pk: "no"}


def test_logging_out_forgets_the_kept_pages_but_not_the_queue(open_page, alice, bob, interview):
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    page = open_offline_ready(open_page, alice, f"/interviews/{interview.pk}/checklist/mid/")
    page.goto("/")
    expect(page.locator("body")).to_have_attribute("data-offline", "ready")
    assert kept_pages(page)
    page.context.set_offline(True)
    page.goto(f"/interviews/{interview.pk}/checklist/mid/")
    tap(page, boss, "no")
    # Back online, but this answer cannot get through before alice logs out.
    page.route("**/checklist/mid/", lambda route: route.abort())
    page.context.set_offline(False)
    page.goto("/")
    expect(page.locator("#pending-banner")).to_contain_text("1 answer not saved yet")
    # Logging out asks first: the answer would wait on this phone for alice's next login.
    page.get_by_text("More").tap()
    with page.expect_event("dialog") as asked:
        page.get_by_role("button", name="Log out").tap()
    assert asked.value.message.startswith("1 answer is not saved yet.")
    asked.value.dismiss()
    expect(page.locator("#pending-banner")).to_contain_text("1 answer not saved yet")
    assert kept_pages(page), "staying logged in keeps the pages"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Log out").tap()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()
    assert kept_pages(page) == []

    # Bob on the same phone: alice's waiting answer is neither sent nor shown to him.
    page.unroute("**/checklist/mid/")
    page.context.add_cookies([{"name": "sessionid", "value": session_for(bob), "url": page.url}])
    page.goto("/")
    expect(page.locator("body")).to_have_attribute("data-offline", "ready")
    expect(page.locator("#pending-banner")).to_be_hidden()
    assert stored(interview) == {}
    assert page.evaluate(
        """() => new Promise((resolve) => {
          indexedDB.open("walkout", 1).onsuccess = (event) => {
            const all = event.target.result.transaction("pending").objectStore("pending").getAll();
            all.onsuccess = () => resolve(all.result.map((e) => e.user));
          };
        })"""
    ) == [str(alice.pk)]


def session_for(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def cache_names(page):
    return page.evaluate("caches.keys()")


def test_an_update_keeps_old_pages_whole_and_the_queue(open_page, alice, interview, monkeypatch):
    """A new service worker arrives while an answer waits and the session has ended: the
    page kept by the old version stays with the old version's static files, the answer
    stays queued, and the old caches go once nothing needs them."""
    from walkout import views

    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    url = f"/interviews/{interview.pk}/checklist/mid/"
    page = open_offline_ready(open_page, alice, url)
    (old_static,) = [n for n in cache_names(page) if n.startswith("walkout-static-")]
    old_version = old_static.removeprefix("walkout-static-")
    page.context.set_offline(True)
    tap(page, boss, "no")
    expect(page.locator(f"#q-{boss.pk} .save-state")).to_have_attribute("data-state", "pending")
    Session.objects.all().delete()
    page.context.set_offline(False)
    expect(page.locator("#pending-banner")).to_have_attribute("data-state", "login")

    urls, _ = views.offline_assets()
    monkeypatch.setattr(views, "offline_assets", lambda: (urls, "0000000000000002"))
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    wait_until(
        page,
        """async () => {
          const r = await navigator.serviceWorker.getRegistration();
          return r.active && r.active.state === "activated" && !r.installing && !r.waiting &&
            (await caches.keys()).includes("walkout-static-0000000000000002");
        }""",
    )
    names = cache_names(page)
    # The checklist could not be fetched again (logged out): the old copy and its static stay.
    assert f"walkout-pages-{old_version}" in names and old_static in names
    assert len(page.evaluate("walkoutQueue.pending()")) == 1

    page.context.set_offline(True)
    assert page.reload().from_service_worker
    expect(page.locator(f"#a-{boss.pk}-no")).to_be_checked()
    expect(page.locator("#pending-banner")).to_contain_text("1 answer not saved yet")
    header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).background")
    assert "rgb(11, 85, 99)" in header

    page.context.set_offline(False)
    expect(page.locator("#pending-banner")).to_contain_text("Log in again to save 1 answer")
    page.locator("#pending-login").tap()
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").tap()
    page.wait_for_url(f"**{url}")
    expect(page.locator(f"#q-{boss.pk} .save-state")).to_have_attribute("data-state", "saved")
    assert stored(interview) == {boss.pk: "no"}
    # Kept again by the new version: nothing needs the old caches any more.
    wait_until(
        page, f"""async () => !(await caches.keys()).some((n) => n.endsWith("-{old_version}"))"""
    )


@pytest.mark.parametrize(
    "answers",
    [
        # A concern answered no: concerns, with its reason.
        {"They introduced me to the team": "no", "I am qualified for this role": "yes"},
        # Unsure pulls the score under the threshold, and is never a dead end.
        {"I could work for this boss": "unsure", "The role matches the posting": "unsure"},
        # A dead end beside a yes.
        {"I could work for this boss": "no", "I am qualified for this role": "yes"},
    ],
)
def test_the_phones_verdict_is_the_servers(open_page, alice, interview, answers):
    """What the phone works out offline is what the server says once the answers arrive."""
    alice.concern_threshold = 80
    alice.save()
    page = open_offline_ready(open_page, alice, f"/interviews/{interview.pk}/checklist/mid/")
    page.context.set_offline(True)
    for question, value in answers.items():
        tap(page, Dealbreaker.objects.get(owner=alice, question=question), value)
    expect(page.locator("#pending-banner")).to_contain_text(f"{len(answers)} answers not saved")
    banner = page.locator("#verdict")
    on_phone = (banner.get_attribute("data-verdict"), banner.inner_text())
    page.context.set_offline(False)
    expect(page.locator("#pending-banner")).to_contain_text("All answers saved")
    page.reload()  # rendered by the server
    assert (banner.get_attribute("data-verdict"), banner.inner_text()) == on_phone


def test_chromium_finds_the_app_installable(open_page, alice):
    page = open_offline_ready(open_page, alice, "/")
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito ones, where nothing installs; anything else is ours.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest") and not manifest["errors"]


def test_an_exit_script_kept_a_while_says_how_old_it_is(open_page, alice, interview):
    from datetime import datetime, timedelta

    page = open_page("phone", alice)
    page.clock.set_fixed_time(datetime.now() + timedelta(minutes=30))
    page.goto(f"/interviews/{interview.pk}/exit-script/?confirmed=1")
    note = page.locator("#as-of")
    expect(note).to_be_visible()
    expect(note).to_contain_text("when this page was kept on your phone")


def test_an_exit_script_kept_before_the_start_offers_the_walk_out_once_it_has_started(
    open_page, alice, application, make_interview
):
    """Kept by Today before the interview, opened in airplane mode during it: the buttons
    that record what happened are there, not the sentence saying it is too early."""
    from datetime import datetime

    soon = make_interview(application, starts_at=timezone.now() + timedelta(minutes=30))
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    client = Client()
    client.force_login(alice)
    client.post(f"/interviews/{soon.pk}/checklist/mid/", {f"answer_{boss.pk}": "no"})
    url = f"/interviews/{soon.pk}/exit-script/?confirmed=1"
    page = open_offline_ready(open_page, alice, "/")
    assert url in kept_pages(page)

    page.context.set_offline(True)
    page.clock.install(time=datetime.now() + timedelta(minutes=20))
    assert page.goto(url).from_service_worker
    waits, walked = page.locator("#record-waits"), page.locator("#walked-out-link")
    expect(waits).to_contain_text("You can record a walk-out once the interview has started")
    expect(walked).to_be_hidden()
    # The start comes while the page is open: the buttons come with it.
    page.clock.fast_forward("15:00")
    expect(walked).to_be_visible()
    expect(page.get_by_role("link", name="I stayed")).to_be_visible()
    expect(waits).to_be_hidden()
    # Opened afresh from the copy, after the start: the buttons at once.
    page.reload()
    expect(walked).to_be_visible()
    expect(waits).to_be_hidden()
    assert walked.get_attribute("href").startswith(f"/interviews/{soon.pk}/decision/")


def keep_alices_pages(open_page, alice, interview):
    """Alice's phone online: Today, the checklist and the exit script of a dead end kept."""
    boss = Dealbreaker.objects.get(owner=alice, question="I could work for this boss")
    client = Client()
    client.force_login(alice)
    client.post(f"/interviews/{interview.pk}/checklist/mid/", {f"answer_{boss.pk}": "no"})
    page = open_offline_ready(open_page, alice, "/")
    assert {
        "/",
        f"/interviews/{interview.pk}/checklist/mid/",
        f"/interviews/{interview.pk}/exit-script/?confirmed=1",
    } <= set(kept_pages(page))
    return page


def wait_until_nothing_kept(page, seconds=10):
    """kept_pages() polled: wait_for_function takes a promise for a truthy answer."""
    deadline = time.monotonic() + seconds
    while kept_pages(page) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert kept_pages(page) == []


def assert_nothing_of_alices_offline(page, interview):
    """In airplane mode, every page that was kept shows the offline page, for nobody."""
    page.context.set_offline(True)
    for path in (
        "/",
        f"/interviews/{interview.pk}/checklist/mid/",
        f"/interviews/{interview.pk}/exit-script/?confirmed=1",
    ):
        page.goto(path)
        expect(page.get_by_role("heading", name="No connection for this page")).to_be_visible()
        expect(page.locator("body")).to_have_attribute("data-user", "")


def end_sessions(how, alice):
    """Alice's session ends away from this phone: a password reset on her laptop (every
    session deleted), her session expiring, or her account deleted."""
    if how == "sessions deleted":
        Session.objects.all().delete()
    elif how == "session expired":
        Session.objects.update(expire_date=timezone.now() - timedelta(minutes=1))
    else:
        alice.delete()


@pytest.mark.parametrize("how", ["sessions deleted", "session expired", "account deleted"])
def test_a_session_ended_elsewhere_drops_the_kept_pages_on_the_next_visit(
    open_page, alice, interview, how
):
    page = keep_alices_pages(open_page, alice, interview)
    end_sessions(how, alice)
    page.goto("/")  # online: a visitor now, shown the landing page
    expect(page.locator("body")).to_have_attribute("data-user", "")
    wait_until_nothing_kept(page)
    assert_nothing_of_alices_offline(page, interview)


def test_the_worker_drops_the_kept_pages_on_the_servers_word_alone(open_page, alice, interview):
    """No page script runs (a page without IndexedDB stops js/offline.js at once): the
    worker itself drops Alice's pages when a page from the server says nobody is here."""
    page = keep_alices_pages(open_page, alice, interview)
    Session.objects.all().delete()
    page.add_init_script("Object.defineProperty(window, 'indexedDB', { value: undefined });")
    page.goto("/applications/")  # not a kept page: the login page, for nobody
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    wait_until_nothing_kept(page)
    assert_nothing_of_alices_offline(page, interview)


def test_a_copy_shown_on_a_slow_network_gives_way_to_the_servers_page(open_page, alice, interview):
    """The server is slower than the worker's patience: Alice's copy of Today may show
    first, but once the server's answer says nobody is logged in, the page is the server's
    and nothing of Alice's is kept."""
    page = keep_alices_pages(open_page, alice, interview)
    Session.objects.all().delete()
    slowed = []

    def slowly(route):
        if not slowed:  # the first answer only: the worker's patience is 4 s
            slowed.append(route.request.url)
            time.sleep(6)
        route.continue_()

    page.context.route(re.compile(r"^http://[^/]+/$"), slowly)
    page.goto("/")
    expect(page.locator("body")).to_have_attribute("data-user", "", timeout=20000)
    assert slowed
    expect(page.get_by_role("heading", name="Today")).to_be_hidden()
    page.context.unroute_all()
    wait_until_nothing_kept(page)
    assert_nothing_of_alices_offline(page, interview)


QUEUE = """() => new Promise((resolve) => {
  indexedDB.open("walkout", 1).onsuccess = (event) => {
    const all = event.target.result.transaction("pending").objectStore("pending").getAll();
    all.onsuccess = () => resolve(all.result.map((e) => [e.user, !!e.sent]).sort());
  };
})"""


def test_a_visitors_page_drops_what_was_kept_even_unseen_by_the_worker(open_page, alice, interview):
    """A page that did not pass through the worker (a hard reload bypasses it) says nobody
    is logged in: its own script drops the kept pages and Alice's sent answers, which only
    completed them. Her answer not sent yet stays, for her next login here."""
    page = keep_alices_pages(open_page, alice, interview)
    page.evaluate(
        """async () => {
          await walkoutQueue.add({ url: location.pathname, id: 1, answer: "no" });
          const entry = await walkoutQueue.add({ url: location.pathname, id: 2, answer: "yes" });
          await new Promise((resolve) => {
            indexedDB.open("walkout", 1).onsuccess = (event) => {
              const tx = event.target.result.transaction("pending", "readwrite");
              tx.objectStore("pending").put({ ...entry, seq: 2, sent: true, sent_at: Date.now() });
              tx.oncomplete = resolve;
            };
          });
          await (await navigator.serviceWorker.getRegistration()).unregister();
        }"""
    )
    assert page.evaluate(QUEUE) == [[str(alice.pk), False], [str(alice.pk), True]]
    Session.objects.all().delete()
    page.goto("/")
    expect(page.locator("body")).to_have_attribute("data-user", "")
    wait_until_nothing_kept(page)
    assert page.evaluate(QUEUE) == [[str(alice.pk), False]]
