"""The benchmark's settings (bench/run.py): production's, plus the floor views.

Every server, seed and query count of the benchmark runs with
DJANGO_SETTINGS_MODULE=bench.settings. Three names differ from walkout.settings, and
tests/test_bench_floor.py fails if any other does: the URLconf and templates that add the
floor views, and a cache that keeps nothing, so every request is a first visit.
"""

from walkout.settings import *  # noqa: F403
from walkout.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"

TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]},
]

# The budgets are on first visits: a page cached in a worker's memory would answer wrk's
# repeated requests from that copy, and the benchmark would measure the cache.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
