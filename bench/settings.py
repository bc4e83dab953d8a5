"""The benchmark's settings (bench/run.py): production's, plus the floor views.

Every server, seed and query count of the benchmark runs with
DJANGO_SETTINGS_MODULE=bench.settings. Two names differ from walkout.settings, and
tests/test_bench_floor.py fails if any other does: the URLconf and templates that add the
floor views. Walkout caches no page, so every request the benchmark sends is a first visit.
"""

from walkout.settings import *  # noqa: F403
from walkout.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"

TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]},
]
