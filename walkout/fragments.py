"""Pages cached per user, kept until that user's data changes.

The dashboard, the board and the review page's totals read much more than they show, and
a user opens them far more often than they change anything. Each is cached under the
user's ``data_version``, which the database itself advances on every insert, update or
delete of a row of theirs (triggers, interviews migration 0006): a cached copy is never
served after a change, whoever or whatever made it. What also depends on the clock
expires on its own (``timeout``), and the key carries the preferences a page depends on.

The cache is the process's own memory (settings.CACHES): nothing to run beside the app,
and a copy can only be missing, never wrong, in another worker.

Only the page's own content is cached, never the layout around it (messages, the logout
form). Forms in the content need a CSRF token, and a token belongs to one browser: the
content is rendered with a placeholder, replaced by the request's own token when served.
"""

import hashlib
import secrets

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

# Unguessable and per process: user data cannot contain it by chance or design.
CSRF_PLACEHOLDER = f"csrf-placeholder-{secrets.token_hex(16)}"
DEFAULT_TIMEOUT = 300  # seconds


def user_key(user, name, *vary):
    """A cache key that changes with the user's data and every preference shown."""
    parts = [
        user.pk,
        user.data_version,
        user.time_zone,
        user.display_name,
        user.concern_threshold,
        user.ghost_after_days,
        name,
        *vary,
    ]
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"walkout:{name}:{user.pk}:{digest}"


def cached_value(user, name, build, *vary, timeout=DEFAULT_TIMEOUT):
    """build()'s result for this user, from the cache while their data is unchanged."""
    key = user_key(user, name, *vary)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value


def cached_html(request, name, template, build, *vary, timeout=DEFAULT_TIMEOUT):
    """`template` rendered with the context build() returns, cached for request.user.

    build() returns (context, seconds): seconds caps how long the copy may live, for what
    the clock changes (an interview starting, a follow-up falling due). The template is
    rendered without the request: it may use what build() gives it and {% csrf_token %}.
    """
    key = user_key(request.user, name, *vary)
    html = cache.get(key)
    if html is None:
        context, seconds = build()
        html = render_to_string(template, {**context, "csrf_token": CSRF_PLACEHOLDER})
        seconds = min(timeout, seconds)
        if seconds > 0:
            cache.set(key, html, seconds)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    # Rendered by the template engine, escaping on; the token is a plain string.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703
