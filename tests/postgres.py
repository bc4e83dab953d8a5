"""For tests that need a PostgreSQL server: a connection of their own to it, beside Django's."""

from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (DATABASE_URL is SQLite): there is no server to lose or share",
)


def server_connection(dbname="postgres"):
    """An autocommit connection to the server Django uses, outside Django."""
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


def database_url(dbname):
    """DATABASE_URL for another database on the same server, for subprocesses."""
    settings = connection.settings_dict
    credentials = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"] or "localhost"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{dbname}"


def terminate_backends(dbname, pids=None):
    """Cut the server side of connections to `dbname` (only `pids`, if given), as a
    PostgreSQL restart or a failover would; waits until they are gone. Returns how many."""
    query = (
        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid()"
    )
    params = [dbname]
    if pids is not None:
        query += " AND pid = ANY(%s)"
        params.append(list(pids))
    with server_connection() as admin:
        return admin.execute(query, params).fetchone()[0]
