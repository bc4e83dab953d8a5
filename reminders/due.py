"""When reminders fall due: pure functions of instants, zones and preferences.

Every instant is time-zone aware; the digest's hour is a wall-clock hour in the user's
zone, so it is worked out on the local date and only then turned into an instant (a
daylight-saving change moves the instant, never the hour on the user's clock).
"""

from datetime import UTC, datetime, time, timedelta

NOON = time(12)


DAY = timedelta(days=1)


def due_at(starts_at, lead, zone=UTC):
    """The instant (UTC) a reminder `lead` before `starts_at` falls due.

    A lead of whole days is on the user's calendar: a day before a 09:00 interview is 09:00
    the day before, on their clock, even when the clocks changed in between (then it is 23
    or 25 hours). A lead in hours or minutes is elapsed time."""
    if lead % DAY:
        return (starts_at - lead).astimezone(UTC)
    # Arithmetic on an aware datetime keeps its wall-clock time and zone.
    return (starts_at.astimezone(zone) - lead).astimezone(UTC)


def interview_due(starts_at, leads, now, zone=UTC):
    """(lead, due instant) of the reminder to send at `now` for an interview at
    `starts_at`, for a user in `zone`, or None.

    Among the leads whose time has come, the latest: a reminder missed while nothing was
    sending goes out late, but only the freshest one, and never once the interview has
    started."""
    if now >= starts_at:
        return None
    come = [(at, lead) for lead in leads if (at := due_at(starts_at, lead, zone)) <= now]
    if not come:
        return None
    at, lead = max(come)
    return lead, at


def digest_due(zone, hour, now):
    """The instant (UTC) today's digest fell due for a user in `zone` who chose `hour`,
    while it may still go out at `now`: from that hour until noon, local time. Else None.

    An hour that does not exist that day (clocks went forward) falls at the same offset
    as the hour before it, so the digest still comes that morning, an hour later on the
    clock; an hour that happens twice (clocks went back) counts from the first."""
    today = now.astimezone(zone).date()
    due = datetime.combine(today, time(hour), tzinfo=zone)
    noon = datetime.combine(today, NOON, tzinfo=zone)
    # Aware datetimes in different zones compare as instants: `now` is UTC.
    if due <= now < noon:
        return due.astimezone(UTC)
    return None


def local_day(zone, now):
    """[start, end) of the user's calendar day at `now`, as UTC instants."""
    today = now.astimezone(zone).date()
    start = datetime.combine(today, time.min, tzinfo=zone)
    end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def describe_wait(wait):
    """“1 day”, “3 hours”, “15 minutes”: how long until an interview, as a person says it.

    Rounded, so that a reminder sent on time says its lead (23 h 59 min: “1 day”; a day
    shortened to 23 hours by a daylight-saving change too), and a late one the truth."""
    minutes = max(1, round(wait.total_seconds() / 60))
    if minutes >= 22 * 60:
        count, unit = round(minutes / 1440), "day"
    elif minutes >= 55:
        count, unit = round(minutes / 60), "hour"
    else:
        count, unit = minutes, "minute"
    return f"{count} {unit}{'' if count == 1 else 's'}"
