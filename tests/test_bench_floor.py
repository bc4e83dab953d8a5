"""The benchmark's floor view: an empty logged-in page that production never routes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from walkout.views import bench_floor

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def test_floor_is_not_routed_by_default(alice_client):
    assert alice_client.get("/bench/floor/").status_code == 404


def test_floor_is_routed_when_the_benchmark_asks():
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('bench_floor'))"
    )
    env = {**os.environ, "DEBUG": "true", "BENCH_FLOOR_VIEW": "true"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/bench/floor/"


def test_floor_renders_nothing_for_a_logged_in_user(alice):
    request = RequestFactory().get("/bench/floor/")
    request.user = alice
    response = bench_floor(request)
    assert response.status_code == 200
    assert response.content.strip() == b""


def test_floor_asks_visitors_to_log_in():
    request = RequestFactory().get("/bench/floor/")
    request.user = AnonymousUser()
    response = bench_floor(request)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_write_floor_is_not_routed_by_default(alice_client):
    assert alice_client.post("/bench/write-floor/").status_code == 404


def test_write_floor_writes_nothing_new(alice):
    from django.contrib.sessions.backends.db import SessionStore

    from walkout.views import bench_write_floor

    before = type(alice).objects.values().get(pk=alice.pk)
    request = RequestFactory().post("/bench/write-floor/")
    request.user, request.session = alice, SessionStore()
    response = bench_write_floor(request)
    assert (response.status_code, response.content) == (200, b'{"saved": 1}')
    assert type(alice).objects.values().get(pk=alice.pk) == before
    page = RequestFactory().get("/bench/write-floor/")
    page.user = alice
    assert b"csrfmiddlewaretoken" in bench_write_floor(page).content
