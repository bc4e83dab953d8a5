"""Users, logged-in clients and small factories shared by every test."""

import os
from datetime import timedelta
from itertools import count

import pytest
from django.test import Client
from django.utils import timezone

from interviews.models import Application, Interview

# pytest-playwright runs an event loop in the test thread beside live_server.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-staple"
_numbers = count(1)


@pytest.fixture
def make_user(django_user_model):
    def make(username=None, **extra):
        username = username or f"user{next(_numbers)}"
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


# Browser tests: Debian's Chromium, since Playwright cannot download its own here.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
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
