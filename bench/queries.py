"""Count the SQL queries of each benchmarked page against one seeded database.

`python -m bench.queries SEED.json` with the servers' environment (DATABASE_URL, the
production settings, BENCH_FLOOR_VIEW): requests each page twice with Django's test client,
as the seeded user, and counts the second request's queries (session and user included).
Prints one JSON object, {page: {"queries": n, "status": s, "sql": [...]}}. Run by
bench/run.py.
"""

import json
import os
import sys

import django


def main(seed_path):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walkout.settings")
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
        for attempt in range(2):
            with CaptureQueriesContext(connection) as queries:
                if page.method == "POST":
                    data = page.form(attempt)
                    response = client.post(
                        page.path, data, headers={"accept": "application/json"}, secure=True
                    )
                else:
                    response = client.get(page.path, secure=True)
        results[page.name] = {
            "queries": len(queries),
            "status": response.status_code,
            "sql": [query["sql"][:300] for query in queries.captured_queries],
        }
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1])
