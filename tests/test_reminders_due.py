"""When reminders fall due (reminders/due.py): pure functions, no database."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reminders.due import describe_wait, digest_due, interview_due, local_day

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
START = datetime(2027, 1, 12, 14, 0, tzinfo=UTC)
DAY, HOUR = timedelta(days=1), timedelta(hours=1)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (START - DAY - timedelta(seconds=1), None),
        (START - DAY, (DAY, START - DAY)),
        (START - 2 * HOUR, (DAY, START - DAY)),  # late, still useful
        (START - HOUR, (HOUR, START - HOUR)),
        (START - timedelta(seconds=1), (HOUR, START - HOUR)),
        (START, None),  # started
        (START + HOUR, None),
    ],
)
def test_interview_due(now, expected):
    assert interview_due(START, [DAY, HOUR], now) == expected


def test_no_leads_no_reminder():
    assert interview_due(START, [], START - HOUR) is None


@given(
    leads=st.lists(st.integers(1, 2880), min_size=1, max_size=5, unique=True),
    before=st.integers(-100, 4000),
)
def test_the_reminder_due_is_the_freshest_one_come_and_never_after_the_start(leads, before):
    leads = [timedelta(minutes=m) for m in leads]
    now = START - timedelta(minutes=before)
    found = interview_due(START, leads, now)
    come = [lead for lead in leads if START - lead <= now]
    if now >= START or not come:
        assert found is None
    else:
        lead, due = found
        assert lead == min(come) and due == START - lead <= now < START


@pytest.mark.parametrize(
    ("starts_at", "due"),
    [
        # Monday 09:00 CEST after the spring change: Sunday 09:00 CEST, 24 hours.
        (datetime(2027, 3, 29, 7, 0, tzinfo=UTC), datetime(2027, 3, 28, 7, 0, tzinfo=UTC)),
        # Sunday 09:00 CEST: Saturday 09:00 CET, 23 hours before.
        (datetime(2027, 3, 28, 7, 0, tzinfo=UTC), datetime(2027, 3, 27, 8, 0, tzinfo=UTC)),
        # Sunday 09:00 CET after the autumn change: Saturday 09:00 CEST, 25 hours before.
        (datetime(2027, 10, 31, 8, 0, tzinfo=UTC), datetime(2027, 10, 30, 7, 0, tzinfo=UTC)),
    ],
)
def test_a_day_lead_keeps_the_wall_clock_and_an_hour_lead_is_elapsed(starts_at, due):
    assert interview_due(starts_at, [DAY], due, BERLIN) == (DAY, due)
    assert interview_due(starts_at, [DAY], due - timedelta(seconds=1), BERLIN) is None
    assert interview_due(starts_at, [HOUR], starts_at - HOUR, BERLIN) == (
        HOUR,
        starts_at - HOUR,
    )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2027, 3, 27, 6, 59, tzinfo=UTC), None),
        (datetime(2027, 3, 27, 7, 0, tzinfo=UTC), datetime(2027, 3, 27, 7, 0, tzinfo=UTC)),
        (datetime(2027, 3, 27, 10, 59, tzinfo=UTC), datetime(2027, 3, 27, 7, 0, tzinfo=UTC)),
        (datetime(2027, 3, 27, 11, 0, tzinfo=UTC), None),  # noon in Berlin
        (datetime(2027, 3, 28, 5, 59, tzinfo=UTC), None),
        (datetime(2027, 3, 28, 6, 0, tzinfo=UTC), datetime(2027, 3, 28, 6, 0, tzinfo=UTC)),
        (datetime(2027, 3, 28, 9, 59, tzinfo=UTC), datetime(2027, 3, 28, 6, 0, tzinfo=UTC)),
        (datetime(2027, 3, 28, 10, 0, tzinfo=UTC), None),  # noon in summer time
        (datetime(2027, 10, 31, 7, 0, tzinfo=UTC), datetime(2027, 10, 31, 7, 0, tzinfo=UTC)),
        (datetime(2027, 10, 31, 6, 59, tzinfo=UTC), None),  # 07:59 CET
    ],
)
def test_digest_due_at_8_in_berlin(now, expected):
    assert digest_due(BERLIN, 8, now) == expected


def test_digest_at_midnight_and_on_the_other_side_of_the_date_line():
    auckland = zoneinfo.ZoneInfo("Pacific/Auckland")
    # 20:00 UTC on 11 January is 09:00 on 12 January in Auckland (UTC+13).
    now = datetime(2027, 1, 11, 20, 0, tzinfo=UTC)
    assert digest_due(auckland, 9, now) == now
    assert digest_due(auckland, 0, now) == datetime(2027, 1, 11, 11, 0, tzinfo=UTC)
    assert digest_due(auckland, 10, now) is None


def test_local_day_is_23_or_25_hours_on_the_change_days():
    start, end = local_day(BERLIN, datetime(2027, 3, 28, 12, 0, tzinfo=UTC))
    assert end - start == timedelta(hours=23)
    start, end = local_day(BERLIN, datetime(2027, 10, 31, 12, 0, tzinfo=UTC))
    assert end - start == timedelta(hours=25)


@pytest.mark.parametrize(
    ("wait", "said"),
    [
        (timedelta(days=2), "2 days"),
        (timedelta(days=1), "1 day"),
        (timedelta(hours=23, minutes=59), "1 day"),
        (timedelta(hours=23), "1 day"),
        (timedelta(hours=25), "1 day"),
        (timedelta(hours=21), "21 hours"),
        (timedelta(hours=3), "3 hours"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(minutes=59, seconds=50), "1 hour"),
        (timedelta(minutes=50), "50 minutes"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(seconds=5), "1 minute"),
    ],
)
def test_describe_wait(wait, said):
    assert describe_wait(wait) == said
