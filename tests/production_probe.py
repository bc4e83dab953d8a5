"""Requests against the production settings, run by tests/test_production.py in a subprocess
(the test process itself runs with DEBUG on).

`python -m tests.production_probe OUT.json`: makes the requests with Django's test client,
writes what came back to OUT.json, and leaves the app's own logging on stdout, where the
tests read it. The database and collected static files are prepared by the caller.
"""

import json
import sys

import django
from django.urls import path

# Secrets the probe sends; the tests assert that none of them reaches the logs.
PASSWORD = "probe-passphrase-never-logged"
QUERY_TOKEN = "query-token-never-logged"
HOST = "walkout.example.com"


def explode(request):
    raise ZeroDivisionError("probe failure")


def urlpatterns_with_a_failing_view():
    from walkout.urls import urlpatterns

    return [path("explode/", explode), *urlpatterns]


urlpatterns = []  # filled in main(), once Django is set up


def summary(response):
    return {
        "status": response.status_code,
        "headers": dict(response.headers),
        "cookies": {
            name: {
                "value": morsel.value,
                "secure": bool(morsel["secure"]),
                "httponly": bool(morsel["httponly"]),
                "samesite": morsel["samesite"],
            }
            for name, morsel in response.cookies.items()
        },
    }


def main(out_path):
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.test import Client, override_settings
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    urlpatterns.extend(urlpatterns_with_a_failing_view())
    user = get_user_model().objects.create_user(
        "probe", email="probe@example.com", password=PASSWORD
    )
    results = {}
    browser = Client(HTTP_HOST=HOST)
    results["plain_http"] = summary(browser.get("/accounts/login/"))
    results["login_page"] = summary(browser.get("/accounts/login/", secure=True))
    results["login"] = summary(
        browser.post(
            f"/accounts/login/?next=/&token={QUERY_TOKEN}",
            {"username": "probe", "password": PASSWORD},
            secure=True,
        )
    )
    results["dashboard"] = summary(browser.get("/", secure=True))
    results["session_id"] = browser.cookies["sessionid"].value
    # Offline use: the worker and the manifest must name the collected (hashed) files.
    for name, url in (("service_worker", "/sw.js"), ("manifest", "/manifest.webmanifest")):
        response = browser.get(url, secure=True)
        results[name] = {**summary(response), "body": response.content.decode()}

    user.refresh_from_db()  # the token depends on last_login, which logging in changed
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    results["reset_token"] = token
    results["reset_link"] = summary(
        Client(HTTP_HOST=HOST).get(f"/accounts/reset/{uid}/{token}/", secure=True)
    )

    # Docker's health check: plain HTTP, the container's own name for itself.
    results["healthz_internal"] = summary(Client(HTTP_HOST="localhost:8000").get("/healthz"))
    results["unknown_host"] = summary(Client(HTTP_HOST="evil.example.net").get("/", secure=True))

    with override_settings(ROOT_URLCONF=__name__):
        failing = Client(HTTP_HOST=HOST, raise_request_exception=False)
        results["error"] = summary(failing.get("/explode/", secure=True))

    with open(out_path, "w") as out:
        json.dump(results, out)


if __name__ == "__main__":
    main(sys.argv[1])
