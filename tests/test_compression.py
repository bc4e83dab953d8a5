"""What a phone downloads: compressed pages and static files, static files cached for good.

The production settings (DEBUG off, collected static files) in a subprocess, like
tests/test_production.py; bench/run.py measures the bytes in Chromium."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_production import manage, production_env

ROOT = Path(__file__).resolve().parent.parent

# Requests with the test client under the production settings; prints what came back.
PROBE = """
import json, django
django.setup()
from django.contrib.auth import get_user_model
from django.templatetags.static import static
from django.test import Client

user = get_user_model().objects.create_user("phone", password=None)
client = Client(SERVER_NAME="walkout.example.com")
client.force_login(user)
results = {}
for name, path, encoding in [
    ("css_br", static("vendor/bootstrap/bootstrap.min.css"), "gzip, deflate, br"),
    ("css_gzip", static("vendor/bootstrap/bootstrap.min.css"), "gzip, deflate"),
    ("page_gzip", "/", "gzip, deflate, br"),
    ("page_plain", "/", ""),
]:
    response = client.get(path, secure=True, headers={"accept-encoding": encoding})
    body = b"".join(response) if response.streaming else response.content
    results[name] = {
        "status": response.status_code,
        "encoding": response.get("Content-Encoding", ""),
        "cache": response.get("Cache-Control", ""),
        "bytes": len(body),
    }
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def delivered(tmp_path_factory, collected_static):
    tmp_path = tmp_path_factory.mktemp("compression")
    env = production_env(tmp_path, STATIC_ROOT=collected_static)
    result = manage(env, "migrate", "--noinput")
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_static_files_go_out_brotli_compressed_to_browsers_that_ask(delivered):
    assert delivered["css_br"]["status"] == 200
    assert delivered["css_br"]["encoding"] == "br"
    assert delivered["css_gzip"]["encoding"] == "gzip"
    # Bootstrap's CSS is 232 KB as shipped.
    assert delivered["css_br"]["bytes"] < delivered["css_gzip"]["bytes"] < 40_000


def test_hashed_static_files_are_cached_for_good(delivered):
    cache = delivered["css_br"]["cache"]
    assert "immutable" in cache and "max-age=315360000" in cache


def test_pages_are_compressed_for_browsers_that_ask(delivered):
    assert delivered["page_gzip"]["status"] == delivered["page_plain"]["status"] == 200
    assert delivered["page_gzip"]["encoding"] == "gzip"
    assert delivered["page_plain"]["encoding"] == ""
    assert delivered["page_gzip"]["bytes"] * 2 < delivered["page_plain"]["bytes"]
