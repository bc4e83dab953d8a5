"""A lost database connection costs at most one request, and with health checks none.

Requests go through Django's WSGI handler, as under gunicorn: the test client skips the
close_old_connections calls at the start and end of each request, which is where a
persistent connection's health is checked.
"""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from tests.postgres import requires_postgres, terminate_backends

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def get(alice_client):
    """GET a page as alice through the WSGI handler; its status code."""
    handler = WSGIHandler()
    cookie = f"sessionid={alice_client.cookies['sessionid'].value}"

    def get_(path):
        environ = RequestFactory().get(path, HTTP_COOKIE=cookie).environ
        statuses = []
        response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
        try:
            b"".join(response)
        finally:
            response.close()  # request_finished, as a WSGI server sends it
        return int(statuses[0].split()[0])

    return get_


def backend_pid():
    assert connection.connection is not None, "the connection should persist between requests"
    return connection.connection.info.backend_pid


def test_next_request_succeeds_after_the_connection_is_cut(get, application):
    assert get("/applications/") == 200
    lost = backend_pid()
    assert terminate_backends(connection.settings_dict["NAME"], [lost]) == 1

    assert get("/applications/") == 200
    assert backend_pid() != lost


def test_without_health_checks_one_request_would_fail(get, application, monkeypatch, request):
    """Why CONN_HEALTH_CHECKS is on: without it, the request that finds the dead connection
    fails, and only the one after it is served."""
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    connection.close()  # the setting is read when the connection opens
    request.addfinalizer(connection.close)  # so later tests reopen it with checks on
    assert get("/applications/") == 200
    terminate_backends(connection.settings_dict["NAME"], [backend_pid()])

    assert get("/applications/") == 500
    assert get("/applications/") == 200


def test_settings_keep_connections_and_check_them():
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
