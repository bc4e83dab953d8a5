"""What every request passes first: one log line each, the health probe, and the refusal
of control characters in what a request sends."""

import contextlib
import logging
import time

from django.http import JsonResponse, UnreadablePostError
from django.middleware import gzip
from django.shortcuts import render

from interviews.text import REFUSED_CHARACTERS

from .views import healthz

logger = logging.getLogger("walkout.requests")

# URL parameters that are credentials (a password-reset link, a calendar feed): a path
# holding one is logged as its route, with the placeholder instead of the value.
SECRET_URL_KWARGS = {"token", "uidb64"}
# A path is URL-decoded: an encoded newline would otherwise forge a log line.
CONTROL_CHARACTERS = {code: f"\\x{code:02x}" for code in [*range(32), 127]}


def loggable_path(request):
    """The path without its query string, with any token-bearing part replaced."""
    match = request.resolver_match
    if match is not None and SECRET_URL_KWARGS.intersection(match.kwargs):
        return "/" + match.route
    return request.path.translate(CONTROL_CHARACTERS)


class RequestLogMiddleware:
    """Log `METHOD path status duration` for each request, and nothing the user sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        milliseconds = (time.perf_counter() - started) * 1000
        logger.info(
            "%s %s %s %.0fms",
            request.method.translate(CONTROL_CHARACTERS)[:16],
            loggable_path(request),
            response.status_code,
            milliseconds,
        )
        return response


class HealthCheckMiddleware:
    """Answer /healthz before host validation and the HTTPS redirect: a probe from inside
    the deployment (Docker's health check) uses neither the public host name nor TLS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return healthz(request)
        return self.get_response(request)


def refused_parameter(*parameters):
    """The name of the first parameter whose name or a value holds a refused character."""
    for query_dict in parameters:
        for name, values in query_dict.lists():
            if REFUSED_CHARACTERS.search(name) or any(map(REFUSED_CHARACTERS.search, values)):
                return name
    return None


def control_character_refusal(request, read_form=True):
    """A 400 response naming the parameter (of the query string, and of the form unless
    not `read_form`) that holds a control character, or None when none does."""
    sent = [request.GET]
    if read_form:
        # A client gone before its body arrived has nothing to store.
        with contextlib.suppress(UnreadablePostError):
            sent.append(request.POST)
    name = refused_parameter(*sent)
    if name is None:
        return None
    message = (
        f"“{name.translate(CONTROL_CHARACTERS)[:40]}” holds a control character (such as a "
        "NUL byte). Text may hold tabs and line breaks, but no other control characters."
    )
    if request.method == "POST":
        message += " Nothing was saved: remove it and send again."
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"errors": [message]}, status=400)
    return render(request, "bad_request.html", {"message": message}, status=400)


class ControlCharacterMiddleware:
    """Refuse, before any view runs, a request whose parameters (names or values, in the
    query string or the form) hold a control character other than tab, CR and LF."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        # A view the CSRF middleware must leave unread may set its upload handlers before
        # its form is read (interviews/uploads.py): it checks the form itself then.
        return control_character_refusal(request, read_form=not getattr(view, "csrf_exempt", False))


# Files compressed already: gzip would spend CPU on them (seconds for a 200 MB zip export)
# to gain nothing.
COMPRESSED_TYPES = (
    "application/pdf",
    "application/zip",
    "image/",
    "application/vnd.openxmlformats-officedocument.",
    "application/vnd.oasis.opendocument.",
)


class GZipMiddleware(gzip.GZipMiddleware):
    """Django's, except for files of a kind that is compressed already (documents, the zip
    export): pages, JSON and text still go out compressed."""

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith(COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)


# Who is logged in, on every page, for the service worker (templates/offline/sw.js): a
# user's id, or empty for nobody.
USER_HEADER = "X-Walkout-User"


class LoggedInUserHeaderMiddleware:
    """Say on every page who is logged in. The service worker reads it on each response,
    before any page script runs, and drops the pages it kept for anyone else: a session
    ended by a password reset, an expiry or a deleted account is known by the next page.

    Pages only (HTML, redirects included): static files and JSON need no session. Never on
    a server error, which may come from a database the session cannot be read from."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 500 and response.get("Content-Type", "").startswith("text/html"):
            response[USER_HEADER] = str(request.user.pk or "")
        return response
