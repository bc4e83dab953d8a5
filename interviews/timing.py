"""An interview's times as pages say them: “1 h 30 min”, “until 23:30”, the day named when
the end falls on another one, and the stopped clock once the interview is over. Plain
functions of minutes and datetimes; js/interview-clock.js says lengths the same way."""

from django.utils import timezone
from django.utils.formats import date_format


def length(minutes):
    """A length in minutes as people say it: “45 min”, “1 h”, “1 h 30 min”, “24 h”."""
    hours, rest = divmod(max(0, int(minutes)), 60)
    if not hours:
        return f"{rest} min"
    if not rest:
        return f"{hours} h"
    return f"{hours} h {rest} min"


def local(at):
    try:
        return timezone.localtime(at)
    except OverflowError:
        # Only a moment stored before dates were bounded (interviews/limits.py) is this
        # late; its pages must still open, so that it can be corrected.
        return at


def moment(at, since):
    """`at` as its time of day, with its day named when that is not the day of `since`
    (both shown in the current time zone): “23:30”, “Saturday 1 January, 23:30”, and with
    the year when that differs too."""
    at, since = local(at), local(since)
    if at.date() == since.date():
        return date_format(at, "H:i")
    if at.year == since.year:
        return date_format(at, "l j F, H:i")
    return date_format(at, "l j F Y, H:i")


def planned(start, end, minutes):
    """The planned length and end: “1 h, until 20:00”; “24 h, until Saturday 1 January
    2101, 23:30” when the end is on another day than the start."""
    return f"{length(minutes)}, until {moment(end, start)}"


def elapsed(start, end):
    """Whole minutes from start to end, never fewer than none."""
    return max(0, int((end - start).total_seconds() // 60))


# What the clock says once a decision is recorded, by Decision.Choice value.
ENDED = {
    "walked_out": "you walked out after {length}",
    "they_ended": "they ended it after {length}",
    "stayed": "you stayed to the end",
}


def stopped_clock(start, status, choice="", decided_at=None):
    """What the interview clock says instead of running, or "" while it may still run: the
    interview has a decision recorded, or it is marked done or cancelled."""
    if choice in ENDED and decided_at is not None:
        how = ENDED[choice].format(length=length(elapsed(start, decided_at)))
        return f"Ended {moment(decided_at, start)} — {how}"
    if status == "done":
        return "Ended — this interview is marked done"
    if status == "cancelled":
        return "Cancelled — this interview is not taking place"
    return ""
