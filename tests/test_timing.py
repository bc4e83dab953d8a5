"""An interview's times as pages say them (interviews/timing.py): lengths in hours and
minutes, the end's day named when it is not the start's, and the clock stopped once the
interview is over; then the pages that show them, through their URLs."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from interviews import timing
from interviews.models import Decision, Interview

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def paris():
    with timezone.override(PARIS):
        yield


def at(*fields, zone=PARIS):
    return datetime(*fields, tzinfo=zone)


# Lengths


@pytest.mark.parametrize(
    ("minutes", "said"),
    [
        (0, "0 min"),
        (1, "1 min"),
        (45, "45 min"),
        (59, "59 min"),
        (60, "1 h"),
        (61, "1 h 1 min"),
        (90, "1 h 30 min"),
        (119, "1 h 59 min"),
        (120, "2 h"),
        (167, "2 h 47 min"),
        (1439, "23 h 59 min"),
        (1440, "24 h"),
        (-5, "0 min"),  # a clock running slow never says a negative length
    ],
)
def test_length_in_hours_and_minutes(minutes, said):
    assert timing.length(minutes) == said


# The moment of an end, and the planned span


@pytest.mark.parametrize(
    ("end", "said"),
    [
        (at(2026, 12, 7, 20, 0), "20:00"),
        (at(2026, 12, 7, 23, 59), "23:59"),
        (at(2026, 12, 8, 0, 0), "Tuesday 8 December, 00:00"),
        (at(2026, 12, 8, 18, 30), "Tuesday 8 December, 18:30"),
        (at(2027, 1, 1, 10, 0), "Friday 1 January 2027, 10:00"),
    ],
)
def test_moment_names_the_day_only_when_it_is_another(end, said):
    assert timing.moment(end, at(2026, 12, 7, 19, 0)) == said


def test_moment_is_read_in_the_users_zone():
    # 23:30 UTC on 7 December is 00:30 on the 8th in Paris: another day there.
    start = datetime(2026, 12, 7, 22, 0, tzinfo=UTC)  # 23:00 in Paris
    end = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)
    assert timing.moment(end, start) == "Tuesday 8 December, 00:30"
    with timezone.override(UTC):
        assert timing.moment(end, start) == "23:30"


def test_moment_past_the_last_date_python_reads_still_says_something():
    late = datetime.max.replace(tzinfo=UTC)
    assert timing.moment(late, at(2100, 12, 31, 23, 30)) == "Friday 31 December 9999, 23:59"


@pytest.mark.parametrize(
    ("start", "minutes", "said"),
    [
        (at(2026, 12, 7, 19, 0), 60, "1 h, until 20:00"),
        (at(2026, 12, 7, 19, 0), 45, "45 min, until 19:45"),
        (at(2026, 12, 7, 19, 0), 90, "1 h 30 min, until 20:30"),
        (at(2026, 12, 7, 23, 30), 60, "1 h, until Tuesday 8 December, 00:30"),
        (at(2100, 12, 31, 23, 30), 1440, "24 h, until Saturday 1 January 2101, 23:30"),
    ],
)
def test_planned_length_and_end(start, minutes, said):
    assert timing.planned(start, start + timedelta(minutes=minutes), minutes) == said


# The stopped clock


START = at(2026, 12, 7, 19, 17)


@pytest.mark.parametrize(
    ("status", "choice", "decided", "said"),
    [
        (
            "done",
            "walked_out",
            at(2026, 12, 7, 19, 31),
            "Ended 19:31 — you walked out after 14 min",
        ),
        (
            "done",
            "walked_out",
            at(2026, 12, 7, 20, 47),
            "Ended 20:47 — you walked out after 1 h 30 min",
        ),
        (
            "scheduled",
            "they_ended",
            at(2026, 12, 7, 19, 47),
            "Ended 19:47 — they ended it after 30 min",
        ),
        ("in_progress", "stayed", at(2026, 12, 7, 20, 20), "Ended 20:20 — you stayed to the end"),
        # Recorded the next morning: the day is named.
        (
            "done",
            "stayed",
            at(2026, 12, 8, 9, 5),
            "Ended Tuesday 8 December, 09:05 — you stayed to the end",
        ),
        # Recorded in the interview's first minute.
        ("done", "walked_out", START, "Ended 19:17 — you walked out after 0 min"),
        # No decision: the status says whether it is over.
        ("done", "", None, "Ended — this interview is marked done"),
        ("cancelled", "", None, "Cancelled — this interview is not taking place"),
        ("scheduled", "", None, ""),
        ("in_progress", "", None, ""),
    ],
)
def test_stopped_clock(status, choice, decided, said):
    assert timing.stopped_clock(START, status, choice, decided) == said


# The pages


def test_interview_page_says_a_day_long_interview_in_hours_and_names_the_end_day(
    alice_client, application, make_interview
):
    interview = make_interview(
        application, starts_at=at(2100, 12, 31, 23, 30), duration_minutes=1440
    )
    page = alice_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert (
        "Friday 31 December 2100, 23:30</time> (24 h, until Saturday 1 January 2101, 23:30)" in page
    )
    assert "1440 min" not in page
    prep = alice_client.get(f"/interviews/{interview.pk}/prep/").content.decode()
    assert "· 24 h ·" in prep and "1440 min" not in prep
    listed = alice_client.get(f"/applications/{application.pk}/").content.decode()
    assert "· 24 h ·" in listed and "1440 min" not in listed


def test_interview_page_keeps_a_same_day_end_short(alice_client, application, make_interview):
    interview = make_interview(application, starts_at=at(2026, 12, 7, 19, 0), duration_minutes=90)
    page = alice_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "(1 h 30 min, until 20:30)" in page


def test_mid_checklist_clock_runs_until_a_decision_then_says_how_it_ended(
    alice_client, application, make_interview
):
    # Yesterday at noon: the walk-out 14 minutes later falls on the same day whatever the
    # time the suite runs (from 20 minutes ago, it crossed midnight when run after 23:46).
    yesterday = timezone.localdate() - timedelta(days=1)
    started = at(yesterday.year, yesterday.month, yesterday.day, 12, 0)
    interview = make_interview(application, starts_at=started, duration_minutes=60)
    url = f"/interviews/{interview.pk}/checklist/mid/"
    page = alice_client.get(url).content.decode()
    assert 'data-minutes="60" data-length="1 h"' in page
    assert 'data-state="ended"' not in page

    decided = started + timedelta(minutes=14)
    alice_client.post(
        f"/interviews/{interview.pk}/decision/",
        {
            "choice": "walked_out",
            "decided_at": timezone.localtime(decided).strftime("%Y-%m-%dT%H:%M"),
            "not_a_tactic": "on",  # no dead end on the checklist: the user confirms
        },
    )
    assert Decision.objects.get(interview=interview).choice == "walked_out"
    page = alice_client.get(url).content.decode()
    assert (
        '<p class="interview-clock" id="interview-clock" data-state="ended">'
        "Ended 12:14 — you walked out after 14 min</p>"
    ) in page
    # Nothing left for the clock's script to run from.
    assert "data-starts-at" not in page


def test_mid_checklist_clock_stops_for_an_interview_marked_done(
    alice_client, application, make_interview
):
    interview = make_interview(application, status=Interview.Status.DONE)
    page = alice_client.get(f"/interviews/{interview.pk}/checklist/mid/").content.decode()
    assert 'data-state="ended">Ended — this interview is marked done</p>' in page
    # The checklist before the interview has no clock at all.
    pre = alice_client.get(f"/interviews/{interview.pk}/checklist/pre/").content.decode()
    assert "interview-clock" not in pre
