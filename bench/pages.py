"""What the benchmark measures, from a seeded database's ids (bench/seed.py): the pages
(wrk, one request after another) and the exports (whole downloads)."""

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
    logged_in: bool = True  # False: the address is the key (the calendar feed)

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


FLOORS = ("floor", "write_floor")


def pages(seed):
    interview, application = seed["interview"], seed["application"]
    checklist = f"/interviews/{interview}/checklist/mid/"
    return [
        # Session, user, middleware and an empty template (bench/views.py).
        Page("floor", "floor view", "/bench/floor/"),
        Page("today", "Today", "/", 'id="pipeline-heading"'),
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
        # A dead end's script: the page a candidate opens to leave.
        Page(
            "exit_script",
            "exit script",
            f"/interviews/{seed['dead_end_interview']}/exit-script/",
            'id="script-text"',
        ),
        Page("decisions", "review page", "/decisions/", 'id="decision-list"'),
        Page("stats", "stats", "/stats/", 'id="stat-applications"'),
        Page("contacts", "contacts", "/contacts/", 'id="contact-list"'),
        # Session, user, CSRF and one durable write that changes nothing: how far below the
        # answer save a saved tap can go (bench/views.py).
        Page(
            "write_floor",
            "write floor",
            "/bench/write-floor/",
            '"saved"',
            method="POST",
            answers=tuple(seed["mid_dealbreakers"]),
        ),
    ]


def exports(seed):
    """Every application, with its interviews, answers and decisions, in one download."""
    return [
        Page("csv", "CSV export", "/export/applications.csv", "Company,Role,Status"),
        Page("json", "JSON archive", "/export/walkout.json", '"app": "walkout"'),
        Page(
            "ics",
            "calendar feed",
            f"/calendar/{seed['calendar_token']}.ics",
            "BEGIN:VCALENDAR",
            logged_in=False,
        ),
    ]
