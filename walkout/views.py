import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import condition, require_GET


@never_cache
def healthz(request):
    """200 when the app and its database answer, 503 otherwise. No session, no auth."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


# Offline use: the web app manifest, the service worker and the page it shows for what is
# not on the device. None of them holds user data, so none needs a login.

# What the service worker keeps on install: the static files of the pages that work
# offline (base.html, the checklist, the exit script) and the icons.
OFFLINE_STATIC = [
    "vendor/bootstrap/bootstrap.min.css",
    "css/walkout.css",
    "js/offline.js",
    "js/checklist.js",
    "js/copy.js",
    # The exit script's buttons, shown once the interview has started in a copy kept
    # before it (opened offline, this file must be on the device already).
    "js/once-started.js",
    "icons/walkout.svg",
    "icons/icon-192.png",
]
THEME_COLOR = "#0b5563"


def _offline_version(urls):
    """A version that changes with the worker's code and with any file it precaches.

    In production the URLs are whitenoise's hashed names, which already change with their
    content; the content is hashed too so that development (plain names) updates as well."""
    digest = hashlib.sha256(get_template("offline/sw.js").template.source.encode())
    for name, url in zip(OFFLINE_STATIC, urls, strict=True):
        digest.update(url.encode())
        path = finders.find(name)
        if path:
            digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def _offline_assets_cached():
    urls = [static(name) for name in OFFLINE_STATIC]
    return urls, _offline_version(urls)


def offline_assets():
    """(precached static URLs, version); computed once per process in production."""
    if settings.DEBUG:
        _offline_assets_cached.cache_clear()
    return _offline_assets_cached()


def _offline_etag(request):
    return offline_assets()[1]


@require_GET
@condition(etag_func=_offline_etag)
def service_worker(request):
    """/sw.js, from the site root so that its scope is the whole site. Its version is its
    ETag: the browser's check for a new worker on each visit costs a 304 when none."""
    urls, version = offline_assets()
    body = render_to_string(
        "offline/sw.js",
        {
            "version": version,
            "precache": json.dumps(urls),
            "offline_url": json.dumps(reverse("offline")),
            "static_prefix": json.dumps(settings.STATIC_URL),  # with the script prefix: /static/
            # Hashed names (production) never change content: cache first. Plain names
            # (development) may: network first.
            "hashed": json.dumps(isinstance(staticfiles_storage, ManifestFilesMixin)),
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # The browser checks for a new worker on each navigation; never from a stale copy.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    """The web app manifest: installable, opening on the dashboard."""
    data = {
        "name": "Walkout",
        "short_name": "Walkout",
        "description": "Track the search, and know when to leave an interview.",
        "id": "/",
        "start_url": reverse("dashboard"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": "#ffffff",
        # "Share → Walkout" on Android opens the new-application form filled from what was
        # shared; a GET, so it never saves (interviews/views/applications.py reads it).
        "share_target": {
            "action": reverse("application_create"),
            "method": "GET",
            # GET sends the share as the query string; Chromium reports a share target
            # without an enctype as an installability issue.
            "enctype": "application/x-www-form-urlencoded",
            "params": {"title": "title", "text": "text", "url": "url"},
        },
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("icons/walkout.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request):
    """What the service worker shows for a page that is not on the device; online, it
    explains what works without a connection."""
    return render(request, "offline/offline.html")
