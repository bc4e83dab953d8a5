"""The production settings (DEBUG off), exercised in subprocesses: the deploy check, the
headers and cookies a browser gets, the health probe, and what reaches the logs."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.production_probe import PASSWORD, QUERY_TOKEN

ROOT = Path(__file__).resolve().parent.parent
# Set for the test run (pytest-env, conftest.py); an operator's environment has none of them.
TEST_ONLY_VARIABLES = {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def production_env(tmp_path, **overrides):
    """What an operator's .env gives the app: DEBUG off, the required values, SMTP."""
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="walkout.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="walkout.example.com",
        CSRF_TRUSTED_ORIGINS="https://walkout.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        EMAIL_HOST="smtp.example.com",
        SITE_URL="https://walkout.example.com",
        LOG_LEVEL="INFO",
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def deploy_check(tmp_path, **overrides):
    return manage(
        production_env(tmp_path, **overrides), "check", "--deploy", "--fail-level", "WARNING"
    )


def test_deploy_check_passes(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_would_catch_a_weakened_setting(tmp_path):
    result = deploy_check(tmp_path, SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_without_smtp_the_deploy_check_says_resets_cannot_arrive(tmp_path):
    result = deploy_check(tmp_path, EMAIL_HOST=None)
    assert result.returncode != 0
    assert "mail.E001" in result.stderr


def test_without_site_url_the_deploy_check_says_reminders_cannot_be_sent(tmp_path):
    result = deploy_check(tmp_path, SITE_URL=None)
    assert result.returncode != 0
    assert "reminders.E001" in result.stderr and "SITE_URL is not set" in result.stderr
    # The app itself still starts: only reminders need the address.
    assert manage(production_env(tmp_path, SITE_URL=None), "check").returncode == 0


def test_without_site_url_the_sender_refuses_with_a_clear_message(tmp_path):
    env = production_env(tmp_path, SITE_URL=None)
    assert manage(env, "migrate", "--noinput").returncode == 0
    result = manage(env, "send_reminders")
    assert result.returncode != 0
    assert "CommandError: SITE_URL is not set" in result.stderr


@pytest.fixture(scope="module")
def probe(tmp_path_factory, collected_static):
    """Migrate a SQLite database and run tests/production_probe.py, with the production
    settings and the collected static files; its results and its stdout (the logs)."""
    tmp_path = tmp_path_factory.mktemp("production")
    env = production_env(tmp_path, STATIC_ROOT=collected_static)
    result = manage(env, "migrate", "--noinput")
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "probe.json"
    result = subprocess.run(
        [sys.executable, "-m", "tests.production_probe", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(out.read_text()), result.stdout, result.stderr


def csp_directives(header):
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def test_plain_http_is_redirected_to_https(probe):
    results, _, _ = probe
    assert results["plain_http"]["status"] == 301
    assert results["plain_http"]["headers"]["Location"] == (
        "https://walkout.example.com/accounts/login/"
    )


def test_pages_carry_the_security_headers(probe):
    results, _, _ = probe
    for page in ("login_page", "dashboard"):
        assert results[page]["status"] == 200
        headers = results[page]["headers"]
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        csp = csp_directives(headers["Content-Security-Policy"])
        assert csp["default-src"] == ["'self'"]
        assert csp["script-src"] == ["'self'"]
        assert csp["style-src"] == ["'self'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'none'"]
        assert csp["form-action"] == ["'self'"]
        assert "Content-Security-Policy-Report-Only" not in headers


def test_service_worker_and_manifest_name_the_hashed_static_files(probe):
    results, _, _ = probe
    worker = results["service_worker"]
    assert worker["status"] == 200
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", worker["body"]).group(1))
    assert precache and all(re.search(r"\.[0-9a-f]{12}\.\w+$", url) for url in precache), precache
    # Hashed names never change content: the worker serves them from its cache first.
    assert "const HASHED = true;" in worker["body"]
    icons = json.loads(results["manifest"]["body"])["icons"]
    assert all(re.search(r"\.[0-9a-f]{12}\.\w+$", icon["src"]) for icon in icons), icons


def test_cookies_are_secure_httponly_and_same_site(probe):
    results, _, _ = probe
    csrf = results["login_page"]["cookies"]["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    assert results["login"]["status"] == 302
    session = results["login"]["cookies"]["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_healthz_answers_an_internal_probe_over_plain_http(probe):
    results, _, _ = probe
    health = results["healthz_internal"]
    assert health["status"] == 200
    assert "sessionid" not in health["cookies"]
    assert "no-cache" in health["headers"]["Cache-Control"]


def test_unknown_host_is_refused(probe):
    results, _, _ = probe
    assert results["unknown_host"]["status"] == 400


def test_each_request_is_one_log_line_on_stdout(probe):
    _, stdout, stderr = probe
    assert re.search(r"INFO walkout\.requests GET /accounts/login/ 301 \d+ms$", stdout, re.M)
    assert re.search(r"INFO walkout\.requests POST /accounts/login/ 302 \d+ms$", stdout, re.M)
    assert re.search(r"INFO walkout\.requests GET / 200 \d+ms$", stdout, re.M)
    assert "walkout.requests" not in stderr


def test_errors_are_logged_with_their_traceback(probe):
    results, stdout, _ = probe
    assert results["error"]["status"] == 500
    assert "ERROR django.request Internal Server Error: /explode/" in stdout
    assert "Traceback (most recent call last):" in stdout
    assert "ZeroDivisionError: probe failure" in stdout
    assert re.search(r"walkout\.requests GET /explode/ 500 \d+ms$", stdout, re.M)


def test_logs_hold_no_passwords_tokens_or_session_ids(probe):
    results, stdout, stderr = probe
    logs = stdout + stderr
    assert PASSWORD not in logs
    assert QUERY_TOKEN not in logs
    assert results["session_id"] not in logs
    assert results["reset_token"] not in logs
    # The reset link is logged by its route, with the token's placeholder.
    assert re.search(r"GET /accounts/reset/<uidb64>/<token>/ 302 \d+ms$", stdout, re.M)


def test_healthz_is_503_when_the_database_is_down(tmp_path):
    """Port 1 on this machine refuses connections: a PostgreSQL that is not there."""
    env = production_env(tmp_path, DATABASE_URL="postgres://walkout@127.0.0.1:1/walkout")
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/healthz');"
        "print(r.status_code, r.content.decode().strip())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "503 database unavailable"


@pytest.mark.django_db
def test_request_log_line_leaves_out_the_query_string(client, caplog):
    with caplog.at_level("INFO", logger="walkout.requests"):
        client.get("/applications/?q=private-search")
    [line] = [r.getMessage() for r in caplog.records if r.name == "walkout.requests"]
    assert re.fullmatch(r"GET /applications/ 302 \d+ms", line)


@pytest.mark.django_db
def test_request_log_cannot_be_forged_with_an_encoded_newline(client, caplog):
    with caplog.at_level("INFO", logger="walkout.requests"):
        client.get("/nothing%0A2026-01-01 INFO walkout.requests GET /admin/ 200 1ms")
    [line] = [r.getMessage() for r in caplog.records if r.name == "walkout.requests"]
    assert "\n" not in line
    assert re.fullmatch(r"GET /nothing\\x0a2026-01-01 INFO .* 404 \d+ms", line)
