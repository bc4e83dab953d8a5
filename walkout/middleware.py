"""What every request passes first: one log line each, and the health probe."""

import logging
import time

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
