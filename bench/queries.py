"""Count the SQL queries of each benchmarked page against one seeded database.

`python -m bench.queries SEED.json` with the servers' environment (DATABASE_URL, the
production settings, BENCH_FLOOR_VIEW): requests each page with Django's test client, as
the seeded user, and counts the queries (session and user included) of a request that
finds no cached copy of the page (walkout/fragments.py), the first visit after a change,
and of the next one, which does. It also times both in this process (median of 15,
wall clock), to show what the cache saves and what a first visit costs.
Prints one JSON object, {page: {"queries": n, "queries_cached": n, "uncached_ms": t,
"cached_ms": t, "status": s, "sql": [...]}}. Run by bench/run.py.
"""

import json
import os
import statistics
import sys
import time
from itertools import count

import django


def main(seed_path):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walkout.settings")
    django.setup()
    from django.conf import settings
    from django.core.cache import cache
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

        visit()  # imports, template loading
        cache.clear()
        with CaptureQueriesContext(connection) as uncached:
            response = visit()
        with CaptureQueriesContext(connection) as cached:
            visit()
        results[page.name] = {
            "queries": len(uncached),
            "queries_cached": len(cached),
            "uncached_ms": timed(visit, before=cache.clear),
            "cached_ms": timed(visit),
            "status": response.status_code,
            "sql": [query["sql"][:300] for query in uncached.captured_queries],
        }
    print(json.dumps(results))


def timed(visit, before=None, times=15):
    spent = []
    for _ in range(times):
        if before:
            before()
        start = time.perf_counter()
        visit()
        spent.append(time.perf_counter() - start)
    return round(statistics.median(spent) * 1000, 2)


if __name__ == "__main__":
    main(sys.argv[1])
