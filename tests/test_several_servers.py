"""Two gunicorn instances, one PostgreSQL: nothing a request needs lives in one server.

The servers run in other processes, so they cannot see the pytest test database (its rows
live in uncommitted transactions): the test creates its own database, named after the
test database with `_multi`, migrates it and seeds the demo user by subprocess, and drops
it at the end.
"""

import http.cookies
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection
from psycopg import sql

from interviews.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERNAME
from tests.machine import free_ports
from tests.postgres import database_url, requires_postgres, server_connection, terminate_backends

pytestmark = [requires_postgres, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parent.parent
# Ports this project's servers may use on a shared machine.
PORTS = range(8100, 8200)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A user agent with one cookie jar, sending each request to whichever server it is
    told: a load balancer without sticky sessions."""

    opener = urllib.request.build_opener(NoRedirects)

    def __init__(self):
        self.cookies = {}

    def request(self, server, path, data=None):
        body = None if data is None else urlencode(data).encode()
        # Only ever http://127.0.0.1:<port> of the servers this test started (ruff S310).
        request = urllib.request.Request(server + path, data=body)  # noqa: S310
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in http.cookies.SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return response.status, response.headers, response.read().decode()

    def get(self, server, path):
        return self.request(server, path)

    def post_form(self, server, path, fields):
        """Load the form's page from `server`, then post the fields with its CSRF token."""
        status, _, page = self.get(server, path)
        assert status == 200, page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(server, path, {**fields, "csrfmiddlewaretoken": token})


@pytest.fixture
def multi_database():
    name = connection.settings_dict["NAME"] + "_multi"
    with server_connection() as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with server_connection() as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def servers(multi_database, tmp_path):
    """Two gunicorn instances (gunicorn.conf.py, one worker each) on one database."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": database_url(multi_database),
        # Development settings serve static files without collectstatic and plain HTTP;
        # what is shared between servers (database, sessions, keys) is the same.
        "DEBUG": "true",
        "SECRET_KEY": "one-key-for-every-app-server-" + "x" * 30,
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    processes, logs, urls = [], [], []
    for port in free_ports(2, PORTS):
        log = open(tmp_path / f"gunicorn-{port}.log", "w+")  # noqa: SIM115 - closed below
        logs.append(log)
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "walkout.wsgi"]
                + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, process in zip(urls, processes, strict=True):
            wait_until_healthy(url, process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.seek(0)
            sys.stdout.write(log.read())  # shown by pytest when the test fails
            log.close()


def wait_until_healthy(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"gunicorn for {url} exited"
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} did not answer /healthz within {seconds} s")


def is_logged_in(page):
    return "Log out</button>" in page


def test_two_app_servers_share_sessions_state_and_throttling(servers, multi_database):
    """Log in through one server, carry on through the other, change state through each:
    create applications and answer checklist questions."""
    first, second = servers
    browser = Browser()

    status, headers, _ = browser.post_form(
        first, "/accounts/login/", {"username": DEMO_USERNAME, "password": DEMO_PASSWORD}
    )
    assert (status, headers["Location"]) == (302, "/")
    session_id = browser.cookies["sessionid"]

    status, _, page = browser.get(second, "/")
    assert status == 200 and is_logged_in(page)

    created = {}
    for name, server in (("second", second), ("first", first)):
        status, headers, _ = browser.post_form(
            server,
            "/applications/new/",
            {
                "company": f"Made via the {name} server",
                "role": "SRE",
                "status": "applied",
                "currency": "USD",
            },
        )
        assert status == 302, f"creating through the {name} server"
        created[name] = headers["Location"]
        assert re.fullmatch(r"/applications/\d+/", created[name])

    # Each server sees what was made through the other.
    status, _, page = browser.get(first, created["second"])
    assert status == 200 and "Made via the second server" in page
    status, _, page = browser.get(second, "/applications/?q=Made+via")
    assert "Made via the first server" in page and "Made via the second server" in page

    # Checklist answers through each server; each server shows both.
    status, _, page = browser.get(first, "/")
    mid = re.search(r'href="(/interviews/\d+/checklist/mid/)"', page)[1]
    status, _, page = browser.get(second, mid)
    questions = list(dict.fromkeys(re.findall(r'name="answer_(\d+)"', page)))
    asked = {questions[0]: "unsure", questions[1]: "no"}
    for (question, value), server in zip(asked.items(), (first, second), strict=True):
        status, headers, _ = browser.post_form(server, mid, {f"answer_{question}": value})
        assert (status, headers["Location"]) == (302, mid)
    for server in (first, second):
        status, _, page = browser.get(server, mid)
        for question, value in asked.items():
            assert re.search(rf'id="a-{question}-{value}" value="{value}"[^>]*checked', page)
        assert 'data-verdict="dead_end"' in page

    # A PostgreSQL restart cuts every worker's persistent connection: the next request on
    # each server reconnects instead of failing.
    assert terminate_backends(multi_database) >= 2
    for server in (first, second):
        status, _, page = browser.get(server, "/")
        assert status == 200 and is_logged_in(page)

    # Throttling is counted in the database: failures through one server count on the other.
    attacker = Browser()
    for server in (first, second, first, second, first):
        status, _, _ = attacker.post_form(
            server, "/accounts/login/", {"username": DEMO_USERNAME, "password": "guess"}
        )
        assert status == 200
    status, _, page = attacker.post_form(
        second, "/accounts/login/", {"username": DEMO_USERNAME, "password": DEMO_PASSWORD}
    )
    assert status == 429 and "Too many failed attempts" in page

    # Logging out through one server ends the session on the other.
    # (The log-out form is in every page's header; /accounts/logout/ itself takes only POST.)
    status, _, page = browser.get(second, "/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, _, _ = browser.request(second, "/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert status == 302
    stale = Browser()
    stale.cookies["sessionid"] = session_id
    status, _, page = stale.get(first, "/")
    assert status == 200 and not is_logged_in(page)
