"""Users, logged-in clients and small factories shared by every test."""

import os
import threading
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from itertools import count

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import Client, override_settings
from django.test.testcases import LiveServerThread
from django.utils import timezone

from interviews.models import (
    Application,
    ChecklistAnswer,
    Contact,
    Dealbreaker,
    Decision,
    Interview,
    ScriptTemplate,
)
from tests.machine import CHROMIUM, CHROMIUM_ARGS

# pytest-playwright runs an event loop in the test thread beside live_server.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class OneRequestAtATime(ThreadedWSGIServer):
    """live_server's server, handling one request at a time (connections stay concurrent).

    With SQLite in memory, the server's threads share the test's one connection, and the
    service worker fetches pages in the background while the browser loads another: two
    requests at once on one sqlite3 connection fail ("bad parameter or other API misuse").
    The body is read inside the lock too: a streamed response may still query. The test's
    own queries take the lock as well (the live_server fixture below): a write made while
    a page was still being served failed now and then ("database table is locked")."""

    # Re-entrant: a request's queries pass the same wrapper, under the lock it holds.
    lock = threading.RLock()

    def get_app(self):
        app = super().get_app()

        def serially(environ, start_response):
            with self.lock:
                response = app(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    if hasattr(response, "close"):
                        response.close()

        return serially


LiveServerThread.server_class = OneRequestAtATime


def one_at_a_time(execute, sql, params, many, context):
    """A query run under OneRequestAtATime's lock: never during another thread's request."""
    with OneRequestAtATime.lock:
        return execute(sql, params, many, context)


@pytest.fixture
def live_server(live_server):
    """pytest-django's live server, with every query on a connection it shares with this
    test (SQLite in memory) waiting for the request being served, if any."""
    with ExitStack() as stack:
        for connection in live_server.thread.connections_override.values():
            stack.enter_context(connection.execute_wrapper(one_at_a_time))
        yield live_server


PASSWORD = "correct-horse-battery-staple"


def profile_form(user, **changes):
    """The profile form as the page would post it for `user`, with `changes`."""
    return {
        "display_name": user.display_name,
        "email": user.email,
        "time_zone": user.time_zone,
        "currency": user.currency,
        "concern_threshold": user.concern_threshold,
        "ghost_after_days": user.ghost_after_days,
        "interview_reminders": "on",
        "reminder_leads": ["1440", "60"],
        "digest_hour": "8",
        **changes,
    }


_numbers = count(1)


# Production hashes a password in a good part of a second, on purpose; the suite creates
# and logs in users by the thousand. One test (test_accounts.py) keeps the real hasher.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hasher(request, settings):
    if "real_password_hasher" not in request.keywords:
        settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Documents any test stores go to a folder of the session's, never the project's
    media/ (test_documents.py gives each of its tests a folder of its own)."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """A STATIC_ROOT with the static files collected and compressed as production has them,
    made once for every test that runs the production settings in a subprocess: collecting
    takes about 20 seconds."""
    from tests.test_production import manage, production_env

    tmp_path = tmp_path_factory.mktemp("collected")
    env = production_env(tmp_path)
    result = manage(env, "collectstatic", "--noinput")
    assert result.returncode == 0, result.stdout + result.stderr
    return env["STATIC_ROOT"]


@pytest.fixture
def make_user(django_user_model):
    """A user with an address, confirmed (as an established account's is) unless the test
    says email_confirmed=False."""

    def make(username=None, **extra):
        username = username or f"user{next(_numbers)}"
        extra.setdefault("email_confirmed", True)
        return django_user_model.objects.create_user(
            username, email=f"{username}@example.com", password=PASSWORD, **extra
        )

    return make


@pytest.fixture
def alice(make_user):
    return make_user("alice", time_zone="Europe/Paris", display_name="Alice Martin")


@pytest.fixture
def bob(make_user):
    return make_user("bob")


@pytest.fixture
def alice_client(alice):
    client = Client()  # each user their own client: one test may use both
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob):
    client = Client()
    client.force_login(bob)
    return client


@pytest.fixture
def make_application():
    def make(owner, **fields):
        fields.setdefault("company", f"Company {next(_numbers)}")
        fields.setdefault("role", "Software Engineer")
        return Application.objects.create(owner=owner, **fields)

    return make


@pytest.fixture
def make_interview():
    def make(application, **fields):
        fields.setdefault("starts_at", timezone.now() + timedelta(days=1))
        return Interview.objects.create(application=application, **fields)

    return make


@pytest.fixture
def application(alice, make_application):
    return make_application(
        alice, company="Northwind", role="Data Engineer", salary_min=90_000, salary_max=110_000
    )


@pytest.fixture
def interview(application, make_interview):
    return make_interview(application, interviewers="Dana Reyes, Head of Data")


@pytest.fixture
def fill_account(make_application, make_interview):
    """A factory giving a user one of everything they can own, with the awkward cases: an
    edited dealbreaker set, a deleted dealbreaker's answer, a timeline note, a walk-out
    with its reflection, a contact on two applications and an interview, a default script,
    text with accents, quotes, formulas and newlines."""

    def fill(user):
        user.display_name = "Zoë O'Brien"
        user.time_zone = "America/New_York"
        user.currency = "CAD"
        user.concern_threshold = 55
        user.ghost_after_days = 14
        user.interview_reminders, user.reminder_leads = False, "2880,15"
        user.digest, user.digest_hour = True, 7
        user.save()
        starters = list(Dealbreaker.objects.for_user(user).order_by("position"))
        starters[-1].active = False
        starters[-1].save()
        floor = Dealbreaker.objects.create(
            owner=user,
            question="Pays at least 70k",
            category="compensation",
            rule="salary_floor",
            salary_floor=70_000,
            salary_currency="EUR",
            position=20,
        )
        Dealbreaker.objects.create(
            owner=user,
            question="Remote or hybrid",
            category="logistics",
            severity="concern",
            rule="work_mode",
            work_modes="remote,hybrid",
            weight=3,
            position=21,
        )
        doomed = Dealbreaker.objects.create(owner=user, question="Free lunch", position=22)
        ScriptTemplate.objects.create(
            owner=user, name="Mine", body="Thank you, {interviewer}.", is_default=True
        )
        ScriptTemplate.objects.create(owner=user, name="Short", body="I'll stop here.")
        base = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
        north = make_application(
            user,
            company="Northwind Café",
            role="Data Engineer",
            posting_url="https://jobs.example.com/42",
            source="LinkedIn",
            location="Lyon",
            work_mode="hybrid",
            salary_min=50_000,
            salary_max=60_000,
            currency="EUR",
            applied_on=date(2027, 2, 20),
            next_action="Send references",
            next_action_on=date(2027, 3, 10),
            resume_version="v3",
            job_description="Build “pipelines”.\nSecond line.",
            notes='=HYPERLINK("http://evil.example","x")',
        )
        north.move_to("interviewing", note="Recruiter called")
        north.next_action_on = date(2027, 3, 9)
        north.save()
        north.mark_follow_up_done()
        quarry = make_application(user, company="Quarry", role="Analyst", status="wishlist")
        make_application(user, company="Empty Co", role="Nobody", status="no_response")
        first = make_interview(
            north,
            kind="technical",
            starts_at=base,
            duration_minutes=45,
            format="in_person",
            location="1 Rue de la Paix, Lyon",
            interviewers="Dana Reyes, Head of Data\nSam Lee",
            status="done",
            outcome="Went badly",
            notes="Boss was rude",
        )
        make_interview(
            quarry, starts_at=base + timedelta(days=3), location="https://meet.example/abc"
        )
        answered = base + timedelta(minutes=10)
        for dealbreaker, phase, value in (
            (starters[0], "pre", "yes"),
            (starters[2], "mid", "no"),
            (floor, "mid", "unsure"),
            (doomed, "mid", "yes"),
        ):
            ChecklistAnswer.objects.create(
                interview=first,
                dealbreaker=dealbreaker,
                phase=phase,
                answer=value,
                note="hm" if value == "no" else "",
                question=dealbreaker.question,
                answered_at=answered,
            )
        doomed.delete()  # its answer stays, with the question as asked
        Decision.record(
            first,
            "walked_out",
            base + timedelta(minutes=20),
            reasons=["I could work for this boss"],
            script="Thank you, Dana.",
        )
        decision = first.decision
        decision.right_call = "yes"
        decision.reflection_note = "Glad I left."
        decision.reflected_at = base + timedelta(days=8)
        decision.save()
        dana = Contact.objects.create(
            owner=user,
            name="Dana Reyes",
            title="Head of Data",
            company="Northwind",
            email="dana@example.com",
        )
        dana.applications.add(north, quarry)
        dana.interviews.add(first)
        Contact.objects.create(owner=user, name="Lonely Contact", phone="+33 1 23")
        return user

    return fill


# Browser tests: the Chromium and flags bench/run.py uses too (tests/machine.py).
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SCREENS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def open_page(browser, live_server):
    """A factory for a browser page at a screen size, optionally logged in as a user."""
    contexts = []

    def open_(screen="phone", user=None, **context_args):
        context = browser.new_context(base_url=live_server.url, **SCREENS[screen], **context_args)
        contexts.append(context)
        if user is not None:
            from django.test import Client

            client = Client()
            client.force_login(user)
            cookie = client.cookies["sessionid"]
            context.add_cookies(
                [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
            )
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()
