"""The installable app's parts, as served: the manifest, the service worker, the offline
page, and what the checklist and dashboard pages carry for offline use."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b5563"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_every_page_links_the_manifest_and_loads_the_offline_script(client, alice_client):
    for page in (client.get("/"), alice_client.get("/")):
        html = page.content.decode()
        assert '<link rel="manifest" href="/manifest.webmanifest">' in html
        assert 'data-sw="/sw.js"' in html
        assert '<script src="/static/js/offline.js" defer></script>' in html


def test_service_worker_is_served_from_the_root_with_its_static_files(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    assert re.search(r'const VERSION = "[0-9a-f]{16}";', script)
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", script).group(1))
    assert "/static/js/checklist.js" in precache and "/static/css/walkout.css" in precache
    for url in precache:
        assert finders.find(url.removeprefix("/static/")), url
    assert 'const OFFLINE_URL = "/offline/";' in script
    # Checked by the browser on each visit: unchanged, it costs a 304 and no body.
    again = client.get("/sw.js", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    # It never touches a post: answers go to the network as the page sends them.
    assert 'if (request.method !== "GET") return;' in script


def test_service_worker_version_follows_its_static_files(client, settings, tmp_path):
    # In development (plain names) from the files' content; in production the hashed
    # names change with it, and the version is worked out once per process.
    settings.DEBUG = True
    first = client.get("/sw.js").content.decode()
    changed = tmp_path / "css"
    changed.mkdir()
    (changed / "walkout.css").write_text("body { color: red; }")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    second = client.get("/sw.js").content.decode()

    def version(script):
        return re.search(r'const VERSION = "(\w+)"', script).group(1)

    assert version(first) != version(second)


def test_offline_page_needs_no_login_and_holds_no_user_data(client, alice_client):
    anonymous = client.get("/offline/")
    assert anonymous.status_code == 200
    assert b"What works offline" in anonymous.content
    mine = alice_client.get("/offline/").content.decode()
    assert "Log out" not in mine and "Applications" not in mine


def test_policy_allows_only_this_origin_for_workers_and_manifests(client):
    policy = client.get("/offline/")["Content-Security-Policy"]
    assert "worker-src 'self'" in policy and "manifest-src 'self'" in policy
    assert "'unsafe-inline'" not in policy


def test_checklist_carries_what_the_phone_needs_for_the_verdict(alice_client, alice, interview):
    page = alice_client.get(f"/interviews/{interview.pk}/checklist/mid/")
    data = json.loads(
        re.search(
            r'<script id="checklist-data" type="application/json">(.*?)</script>',
            page.content.decode(),
            re.S,
        ).group(1)
    )
    assert data["threshold"] == alice.concern_threshold
    assert data["labels"]["dead_end"] == "Dead end"
    assert {"id", "question", "severity", "weight", "ruled", "because"} == set(data["items"][0])
    assert f'data-user="{alice.pk}"' in page.content.decode()


def test_dashboard_lists_the_pages_to_keep_for_its_interviews(alice_client, interview):
    html = alice_client.get("/").content.decode()
    assert f'data-url="/interviews/{interview.pk}/checklist/mid/"' in html
    assert f'data-url="/interviews/{interview.pk}/exit-script/?confirmed=1"' in html


def test_an_opened_interview_keeps_its_checklist_and_exit_script(alice_client, interview):
    for page in (f"/interviews/{interview.pk}/", f"/interviews/{interview.pk}/checklist/mid/"):
        html = alice_client.get(page).content.decode()
        assert f'data-url="/interviews/{interview.pk}/exit-script/?confirmed=1"' in html, page


def test_every_page_says_who_is_logged_in(client, alice_client, alice, interview):
    """The service worker drops a user's kept pages on a page for nobody (or someone else)."""
    assert client.get("/")["X-Walkout-User"] == ""
    login_redirect = client.get(f"/interviews/{interview.pk}/checklist/mid/")
    assert login_redirect.status_code == 302 and login_redirect["X-Walkout-User"] == ""
    assert alice_client.get("/")["X-Walkout-User"] == str(alice.pk)
    assert alice_client.get("/offline/")["X-Walkout-User"] == str(alice.pk)
    # Not on what needs no session.
    assert "X-Walkout-User" not in alice_client.get("/sw.js")
    assert "X-Walkout-User" not in alice_client.get("/manifest.webmanifest")
