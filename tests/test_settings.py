"""Production settings fail closed; checked in a subprocess with a clean environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_settings(**env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    clean.update(env)
    code = "import walkout.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_without_secret_key_refuses_to_start():
    result = run_settings(ALLOWED_HOSTS="walkout.example.com")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    result = run_settings(SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS must be set" in result.stderr


def test_production_with_both_starts():
    result = run_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="a.example.com, b.example.com")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['a.example.com', 'b.example.com']"


def test_development_needs_no_configuration():
    result = run_settings(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True")


@pytest.mark.django_db
def test_healthz_answers_without_login(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize(
    "site_url", ["walkout.example.com", "ftp://walkout.example.com", "https://a b.example.com"]
)
def test_a_site_url_that_is_not_a_web_address_refuses_to_start(site_url):
    result = run_settings(DEBUG="true", SITE_URL=site_url)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SITE_URL must be an http:// or https:// address" in result.stderr


def test_site_url_loses_its_trailing_slash():
    code = "import walkout.settings as s; print(s.SITE_URL)"
    env = {**os.environ, "DEBUG": "true", "SITE_URL": "https://walkout.example.com/"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "https://walkout.example.com"
