"""Calendar and password-reset tokens never reach the logs, whichever logger writes the
address (walkout/log.py, on the handler every logger writes through)."""

import io
import logging
import re
import secrets

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from interviews.views import calendar
from walkout.log import mask
from walkout.middleware import SECRET_URL_KWARGS

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_output():
    """Everything the configured stdout handler writes from now on, its filters applied."""
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "stdout"]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.mark.parametrize(
    "token",
    [secrets.token_urlsafe(32), "short", "wrong.token,with;odd=bits"],
    ids=["token-shaped", "too-short", "odd-characters"],
)
def test_a_wrong_calendar_token_is_logged_masked(log_output, token):
    assert Client().get(f"/calendar/{token}.ics").status_code == 404
    written = log_output.getvalue()
    assert "Not Found: /calendar/<token>.ics" in written
    assert token not in written


def test_a_failing_feed_is_logged_without_its_token(log_output, alice, interview, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the feed broke")

    monkeypatch.setattr(calendar.ics, "calendar_bytes", broken)
    token = alice.new_calendar_token()
    client = Client(raise_request_exception=False)
    assert client.get(f"/calendar/{token}.ics").status_code == 500
    written = log_output.getvalue()
    assert "Internal Server Error: /calendar/<token>.ics" in written
    assert "RuntimeError: the feed broke" in written  # the traceback is still there
    assert token not in written


def test_a_reset_link_is_logged_masked(log_output):
    uid, token = "MTIz", "cdq2v9-0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    assert Client().get(f"/accounts/reset/{uid}/{token}/more/").status_code == 404
    logging.getLogger("django.server").warning(
        '"%s" %s %s', f"GET /accounts/reset/{uid}/{token}/ HTTP/1.1", 200, 0
    )
    written = log_output.getvalue()
    assert "Not Found: /accounts/reset/<uidb64>/<token>/more/" in written
    assert '"GET /accounts/reset/<uidb64>/<token>/ HTTP/1.1" 200 0' in written
    assert uid not in written and token not in written


def test_other_addresses_are_logged_as_they_are(log_output):
    Client().get("/nothing/here/")
    logging.getLogger("walkout.test").warning("at %s: %d", "/interviews/7/calendar.ics", 3)
    written = log_output.getvalue()
    assert "Not Found: /nothing/here/" in written
    assert "at /interviews/7/calendar.ics: 3" in written


def routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def with_samples(route):
    """(a path for the route, {secret's name: the sample in its place})."""
    samples = {}

    def sample(match):
        name = match[1]
        if name not in SECRET_URL_KWARGS:
            return "1"
        samples[name] = f"Secret{name.capitalize()}{secrets.token_hex(8)}"
        return samples[name]

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", sample, route), samples


def test_every_address_with_a_secret_is_masked():
    """A new address with a token in it fails here until walkout/log.py masks it."""
    checked = 0
    for route in routes(get_resolver().url_patterns):
        path, samples = with_samples(route)
        masked = mask(f"Not Found: {path}")
        for value in samples.values():
            assert value not in masked, (route, masked)
        checked += bool(samples)
    assert checked >= 2  # the calendar feed and the password reset
