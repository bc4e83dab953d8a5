"""A logging filter that keeps credentials in addresses out of every log line.

A calendar feed's address, a password-reset link, an unsubscribe link and an address
confirmation link carry their secret in the path, and Django's own loggers write paths:
"Not Found: /calendar/<token>.ics" (django.request), a runserver access line
(django.server).
walkout.middleware logs its own request lines as routes already; this filter, on the
handlers, covers every other logger.
"""

import logging
import re

# The shapes of interviews/urls.py's calendar_feed and django.contrib.auth's
# password_reset_confirm: anything in the token's place, up to a slash, a space, a quote
# or the query string, since a wrong token is logged as well as a right one.
SEGMENT = r"[^/\s\"'?#]+"
SECRET_PATHS = [
    (re.compile(rf"/calendar/{SEGMENT}?(\.ics)?(?=[/\s\"'?#]|$)"), r"/calendar/<token>\1"),
    (re.compile(rf"/reset/{SEGMENT}/{SEGMENT}"), "/reset/<uidb64>/<token>"),
    # A reminder e-mail's one-click unsubscribe link (reminders/urls.py).
    (re.compile(rf"/unsubscribe/{SEGMENT}"), "/unsubscribe/<token>"),
    # An address confirmation link (accounts/urls.py).
    (re.compile(rf"/confirm-email/{SEGMENT}"), "/confirm-email/<token>"),
]


def mask(text):
    """`text` with every secret in an address replaced by its placeholder."""
    for pattern, placeholder in SECRET_PATHS:
        text = pattern.sub(placeholder, text)
    return text


class MaskSecretPaths(logging.Filter):
    """Rewrite a record's message, its arguments and its traceback with secrets masked.

    The message is formatted here, once, so an argument of any type (a request, a path)
    is masked; the record keeps no arguments."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True  # a malformed record: the handler reports it as it is
        record.msg, record.args = mask(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True
