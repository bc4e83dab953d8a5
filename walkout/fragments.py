"""Pages cached per user, kept until that user's data changes.

Today, the board, the application list, an application's page and the review page read
much more than they show,
and a user opens them far more often than they change anything. Each is cached under the
user's ``data_version``, which the database itself advances on every insert, update or
delete of a row of theirs (triggers, interviews migration 0007): a cached copy is never
served after a change, whoever or whatever made it. What also depends on the clock
expires on its own (``seconds`` from build()), and the key carries the preferences a page
depends on.

The cache is the process's own memory (settings.CACHES): nothing to run beside the app,
and a copy can only be missing, never wrong, in another worker.

A page's forms need a CSRF token, and a token belongs to one browser: the page is cached
with a placeholder, replaced by the request's own token when served. A page with a
message to show (after a form, say) is rendered afresh: messages are shown once.
"""

import hashlib
import secrets

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string

# Unguessable and per process: user data cannot contain it by chance or design.
CSRF_PLACEHOLDER = f"csrf-placeholder-{secrets.token_hex(16)}"
DEFAULT_TIMEOUT = 300  # seconds


def user_key(user, name, *vary):
    """A cache key that changes with the user's data and every preference shown."""
    parts = [
        user.pk,
        user.data_version,
        user.username,
        user.time_zone,
        user.display_name,
        user.concern_threshold,
        user.ghost_after_days,
        name,
        *vary,
    ]
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"walkout:{name}:{user.pk}:{digest}"


def cached_page(request, name, template, build, *vary, timeout=DEFAULT_TIMEOUT):
    """The response for `template` with the context build() returns, for request.user.

    build() returns (context, seconds): seconds caps how long the copy may live, for what
    the clock changes (an interview starting, a follow-up falling due). `vary` is what
    else the page depends on (its query string's filters, the date).
    """
    if len(messages.get_messages(request)):  # counting them does not mark them shown
        context, _ = build()
        return render(request, template, context)
    key = user_key(request.user, name, *vary)
    html = cache.get(key)
    if html is None:
        context, seconds = build()
        html = render_to_string(template, {**context, "csrf_token": CSRF_PLACEHOLDER}, request)
        seconds = min(timeout, seconds)
        if seconds > 0:
            cache.set(key, html, seconds)
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
