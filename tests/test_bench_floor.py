"""The benchmark's floor views: routed by its own settings (bench/settings.py), never by
production's, which it otherwise leaves as they are."""

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

import bench.settings
import walkout.settings

pytestmark = pytest.mark.django_db

FLOORS = ("/bench/floor/", "/bench/write-floor/")
# What bench/settings.py may change, and nothing else: the floor views' URLconf and
# templates.
BENCH_ONLY = {"ROOT_URLCONF", "TEMPLATES"}


def setting_names(module):
    return {name for name in dir(module) if name.isupper()}


@pytest.fixture
def bench_settings(settings):
    """The test settings with what bench/settings.py changes."""
    for name in BENCH_ONLY:
        setattr(settings, name, getattr(bench.settings, name))
    return settings


@pytest.mark.parametrize("path", FLOORS)
def test_production_has_no_bench_address(alice_client, path):
    with pytest.raises(Resolver404):
        resolve(path)
    assert alice_client.get(path).status_code == 404
    assert alice_client.post(path).status_code == 404


def test_production_settings_know_nothing_of_the_benchmark():
    assert not [name for name in setting_names(walkout.settings) if "BENCH" in name]


def test_bench_settings_change_only_the_floor_views():
    production, bench_names = setting_names(walkout.settings), setting_names(bench.settings)
    assert bench_names == production
    changed = {
        name
        for name in production
        if getattr(bench.settings, name) != getattr(walkout.settings, name)
    }
    assert changed == BENCH_ONLY
    # The templates are production's with one more directory: the floors'.
    (production_engine,), (bench_engine,) = walkout.settings.TEMPLATES, bench.settings.TEMPLATES
    assert {**bench_engine, "DIRS": production_engine["DIRS"]} == production_engine
    assert bench_engine["DIRS"][: len(production_engine["DIRS"])] == production_engine["DIRS"]


def test_bench_urls_include_the_production_addresses(bench_settings, alice_client):
    assert reverse("dashboard") == "/"
    assert alice_client.get("/").status_code == 200
    assert alice_client.get("/applications/").status_code == 200


def test_floor_renders_nothing_for_a_logged_in_user(bench_settings, alice_client):
    response = alice_client.get("/bench/floor/")
    assert response.status_code == 200
    assert response.content.strip() == b""


@pytest.mark.parametrize("path", FLOORS)
def test_floors_ask_visitors_to_log_in(bench_settings, client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_write_floor_checks_csrf_and_writes_nothing_new(bench_settings, alice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    before = type(alice).objects.values().get(pk=alice.pk)
    page = browser.get("/bench/write-floor/")
    token = page.context["csrf_token"]
    assert b"csrfmiddlewaretoken" in page.content
    assert browser.post("/bench/write-floor/").status_code == 403
    response = browser.post("/bench/write-floor/", {"csrfmiddlewaretoken": token})
    assert (response.status_code, response.json()) == (200, {"saved": 1})
    assert type(alice).objects.values().get(pk=alice.pk) == before
