"""Every page works under the enforced Content-Security-Policy, checked in Chromium.

A crawler, so that pages added later are covered without a test naming them: it starts at
/ (anonymous, then logged in as the demo user with its realistic data), follows same-origin
links breadth-first and never submits a form (so it never logs out or deletes: delete
confirmation pages are visited, their buttons not pressed). On every page it listens for
`securitypolicyviolation` events and for console errors about the policy.
"""

import io
import re
from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from interviews.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERNAME
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_PAGES = 120
# Pages of one shape (/applications/<n>/, /applications/?status=…) render one template;
# a couple of each is enough, and the crawl then reaches every kind of page.
PER_SHAPE = 2
# Never followed: logging out ends the crawl's session; static files are not pages.
SKIP = re.compile(r"^/(accounts/logout/|admin/logout/|static/)")

LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation({
    page: location.pathname + location.search,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    where: `${event.sourceFile}:${event.lineNumber}`,
    sample: event.sample,
  });
});
"""


class Crawler:
    def __init__(self, page, origin):
        self.page = page
        self.origin = origin
        self.violations = []  # from the securitypolicyviolation listener
        self.console_errors = []  # Chromium's own "Refused to ..." messages
        page.expose_function("reportCspViolation", self.report)
        page.add_init_script(LISTENER)
        page.on("console", self.on_console)

    def report(self, violation):
        self.violations.append(violation)

    def on_console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.console_errors.append(f"{self.page.url}: {message.text}")

    def settle(self):
        """Let violation events queued during the load reach the listener and Python."""
        self.page.evaluate("() => new Promise((done) => setTimeout(done, 0))")

    def assert_listener_works(self):
        """A deliberate inline script must be reported, or a clean crawl proves nothing."""
        self.page.goto(self.origin + "/")
        self.page.evaluate(
            """() => {
              const script = document.createElement("script");
              script.textContent = "window.inlineRan = true";
              document.head.append(script);
            }"""
        )
        self.settle()
        assert self.page.evaluate("() => window.inlineRan") is None, "inline script ran"
        assert [v["directive"] for v in self.violations] == ["script-src-elem"]
        assert len(self.console_errors) == 1
        self.violations.clear()
        self.console_errors.clear()

    def crawl(self, start="/", limit=MAX_PAGES, within="/", queries=True):
        """Visit same-origin pages under `within` breadth-first from `start`; the paths
        visited. Without `queries`, links that differ only in their query are one page."""
        queue, seen, visited = deque([start]), {start}, []
        shapes = Counter()
        while queue and len(visited) < limit:
            path = queue.popleft()
            try:
                response = self.page.goto(self.origin + path)
            except PlaywrightError as error:
                if "Download is starting" in str(error):  # an export: not a page
                    continue
                raise
            assert response.status < 400, f"{path} answered {response.status}"
            self.settle()
            visited.append(path)
            for href in self.page.eval_on_selector_all(
                "a[href]", "links => links.map(a => a.href)"
            ):
                url = urlsplit(href)
                if (
                    f"{url.scheme}://{url.netloc}" != self.origin
                    or not url.path.startswith(within)
                    or SKIP.match(url.path)
                ):
                    continue
                target = url.path + (f"?{url.query}" if url.query and queries else "")
                shape = re.sub(r"\d+", "<n>", url.path)
                if target not in seen and shapes[shape] < PER_SHAPE:
                    seen.add(target)
                    shapes[shape] += 1
                    queue.append(target)
        return visited


@pytest.fixture
def crawler(open_page, live_server):
    return Crawler(open_page("desktop"), live_server.url)


def log_in(page, origin, username, password):
    page.goto(origin + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_no_page_violates_the_content_security_policy(crawler):
    call_command("seed_demo", stdout=io.StringIO())
    crawler.assert_listener_works()

    anonymous = crawler.crawl("/")
    log_in(crawler.page, crawler.origin, DEMO_USERNAME, DEMO_PASSWORD)
    logged_in = crawler.crawl("/")

    assert crawler.violations == []
    assert crawler.console_errors == []
    assert {"/", "/accounts/login/", "/accounts/signup/", "/accounts/password_reset/"} <= set(
        anonymous
    )
    assert len(logged_in) >= 40, logged_in
    for kind in (
        r"/applications/\d+/",
        r"/applications/\d+/edit/",
        r"/interviews/\d+/",
        r"/interviews/\d+/checklist/mid/",
        r"/interviews/\d+/exit-script/",
        r"/interviews/\d+/decision/",
        r"/decisions/",
        r"/decisions/\d+/reflect/",
        r"/dealbreakers/\d+/edit/",
        r"/scripts/",
        r"/board/",
        r"/contacts/",
        r"/stats/",
        r"/offline/",
    ):
        assert any(re.fullmatch(kind, path) for path in logged_in), f"no page like {kind}"


def test_no_admin_page_violates_the_content_security_policy(crawler, make_user):
    """The operator's pages too: Django's admin runs under the same policy."""
    call_command("seed_demo", stdout=io.StringIO())
    make_user("operator", is_staff=True, is_superuser=True)
    crawler.page.goto(crawler.origin + "/admin/login/")
    crawler.page.get_by_label("Username").fill("operator")
    crawler.page.get_by_label("Password").fill(PASSWORD)
    crawler.page.get_by_role("button", name="Log in").click()
    expect(crawler.page.get_by_text("Site administration")).to_be_visible()

    # The admin's list filters and sort orders are many links to the same template.
    visited = crawler.crawl("/admin/", limit=30, within="/admin/", queries=False)

    assert crawler.violations == []
    assert crawler.console_errors == []
    assert len(visited) >= 10, visited
