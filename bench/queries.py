"""Count the SQL queries of each benchmarked page against one seeded database.

`python -m bench.queries SEED.json` with the servers' environment (DATABASE_URL, the
benchmark's settings: bench.settings, whose cache keeps nothing): requests each page with
Django's test client, as the seeded user, and counts the queries of one request (session
and user included), a first visit. It also times the page in this process (median of 15,
wall clock, no concurrency). Prints one JSON object, {page: {"queries": n, "ms": t,
"status": s, "sql": [...]}}. Run by bench/run.py.
"""

import json
import os
import statistics
import sys
import time
from itertools import count

import django

TIMES = 15


def main(seed_path):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import pages

    with open(seed_path) as seed_file:
        seed = json.load(seed_file)
    # The servers' host name; secure=True below stands for the TLS proxy in front.
    client = Client(SERVER_NAME="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = seed["session"]
    results = {}
    for page in pages(seed):
        attempts = count()

        def visit(page=page, attempts=attempts):
            if page.method == "POST":
                return client.post(
                    page.path,
                    page.form(next(attempts)),
                    headers={"accept": "application/json"},
                    secure=True,
                )
            return client.get(page.path, secure=True)

        visit()  # imports, template loading: once per worker, not per visit
        with CaptureQueriesContext(connection) as queries:
            response = visit()
        results[page.name] = {
            "queries": len(queries),
            "ms": timed(visit),
            "status": response.status_code,
            "sql": [query["sql"][:300] for query in queries.captured_queries],
        }
    print(json.dumps(results))


def timed(visit):
    spent = []
    for _ in range(TIMES):
        start = time.perf_counter()
        visit()
        spent.append(time.perf_counter() - start)
    return round(statistics.median(spent) * 1000, 2)


if __name__ == "__main__":
    main(sys.argv[1])
