"""/capture/: the ways to capture a job from the page it is on."""

import functools
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

BOOKMARKLET = "js/bookmarklet.js"
PLACEHOLDER = "__WALKOUT_NEW__"
# Kept as they are in the link: what a javascript: URL reads the same either way. "%" and
# "#" (and spaces, quotes, line breaks) are escaped.
SAFE = "!$&'()*+,;=:@/?-_.~[]{}<>|^"


@functools.cache
def _source_cached():
    return Path(finders.find(BOOKMARKLET)).read_text(encoding="utf-8")


def bookmarklet_source():
    """static/js/bookmarklet.js as written; read once per process in production."""
    if settings.DEBUG:
        _source_cached.cache_clear()
    return _source_cached()


def bookmarklet_href(new_application_url):
    """The javascript: link of the bookmarklet for this Walkout: the source's lines joined
    (its comments have lines of their own, its statements end with semicolons)."""
    source = bookmarklet_source().replace(PLACEHOLDER, new_application_url)
    lines = (line.strip() for line in source.splitlines())
    code = " ".join(line for line in lines if line and not line.startswith("//"))
    return "javascript:" + quote(code, safe=SAFE)


@login_required
@require_GET
def capture(request):
    new_url = request.build_absolute_uri(reverse("application_create"))
    return render(
        request,
        "interviews/capture.html",
        {"bookmarklet": bookmarklet_href(new_url), "new_url": new_url},
    )
