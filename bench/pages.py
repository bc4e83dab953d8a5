"""The pages the benchmark measures, from a seeded database's ids (bench/seed.py)."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True)
class Page:
    name: str
    label: str
    path: str
    # Text only the logged-in page has: a redirect to log in or the landing page must not
    # pass for the page.
    marker: str = ""
    method: str = "GET"
    answers: tuple = field(default=())  # dealbreaker ids the answer save cycles through

    def form(self, n):
        """The n-th answer save: one tap, as static/js/checklist.js posts it."""
        pk = self.answers[n % len(self.answers)]
        return {
            f"answer_{pk}": "yes" if n % 2 else "no",
            f"note_{pk}": "",
            "answered_at": datetime.now(UTC).isoformat(timespec="seconds"),
            # js/offline.js sends each queued answer with its idempotency key.
            "client_key": uuid.uuid4().hex,
        }


def pages(seed):
    interview, application = seed["interview"], seed["application"]
    checklist = f"/interviews/{interview}/checklist/mid/"
    return [
        Page("floor", "floor view", "/bench/floor/"),
        Page("dashboard", "dashboard", "/", 'id="pipeline-heading"'),
        Page("applications", "application list", "/applications/", 'id="application-list"'),
        Page("board", "board", "/board/", "data-board"),
        Page(
            "application",
            "application page",
            f"/applications/{application}/",
            'id="timeline',
        ),
        Page("checklist", "mid checklist", checklist, 'id="checklist"'),
        Page(
            "answer_save",
            "answer save",
            checklist,
            '"verdict"',
            method="POST",
            answers=tuple(seed["mid_dealbreakers"]),
        ),
        Page("decisions", "review page", "/decisions/", 'id="decision-list"'),
        # Session, user, CSRF and one durable write that changes nothing: how far below the
        # answer save a saved tap can go (walkout.views.bench_write_floor).
        Page(
            "write_floor",
            "write floor",
            "/bench/write-floor/",
            '"saved"',
            method="POST",
            answers=tuple(seed["mid_dealbreakers"]),
        ),
    ]
