"""Interviews as iCalendar (RFC 5545), built with the icalendar library.

Times are written in UTC (`…Z`): every calendar app converts them to its own zone, and a
stored interview is already an exact instant, so a daylight-saving change cannot shift it.
Interviewers are named in the description, never as ATTENDEE properties: a calendar app
importing the file could otherwise offer to e-mail them an invitation.
"""

from datetime import UTC, timedelta

from icalendar import Alarm, Calendar, Event, vDuration

PRODID = "-//Walkout//Interview calendar//EN"
STATUSES = {"cancelled": "CANCELLED"}
REFRESH = timedelta(hours=1)
# The feed lists interviews from this many days back, and every one ahead. A calendar app
# fetches the whole feed again every hour; years of past interviews made it a download of
# tens of seconds (each event and alarm is built and folded by the library), while the
# interviews themselves stay in Walkout and each keeps its own .ics file.
FEED_DAYS_BACK = 90


def new_calendar(name=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        # How often a subscribed calendar should fetch the feed again.
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH))  # the same, for Outlook
    return calendar


def people(interview):
    """Contacts on the interview (prefetched by with_interviewers), lead first, then the names
    typed in."""
    names = [
        f"{contact.name} ({contact.title})" if contact.title else contact.name
        for contact in interview.interviewer_contacts()
    ]
    names += [f"{name} ({role})" if role else name for name, role in interview.interviewer_list]
    return names


def alarm(lead, summary):
    """A VALARM `lead` (a timedelta) before the event's start: the phone's own reminder."""
    component = Alarm()
    component.add("action", "DISPLAY")
    component.add("trigger", -lead)  # negative: before DTSTART (RFC 5545 3.8.6.3)
    component.add("description", summary)
    return component


def interview_event(interview, host, links, leads=()):
    """One VEVENT, with an alarm at each of `leads` unless it is cancelled. `links` are
    absolute URLs: {"interview", "pre", "mid"} checklist pages."""
    application = interview.application
    event = Event()
    event.add("uid", f"interview-{interview.pk}@{host}")
    summary = (
        f"{interview.get_kind_display()} interview: {application.role} at {application.company}"
    )
    if interview.status == interview.Status.CANCELLED:
        summary = "Cancelled: " + summary
    event.add("summary", summary)
    event.add("dtstart", interview.starts_at.astimezone(UTC))
    event.add("dtend", interview.ends_at.astimezone(UTC))
    event.add("dtstamp", interview.updated_at.astimezone(UTC))
    event.add("last-modified", interview.updated_at.astimezone(UTC))
    event.add("status", STATUSES.get(interview.status, "CONFIRMED"))
    if interview.location:
        event.add("location", interview.location)
    lines = [f"{interview.get_format_display()}, {interview.duration_minutes} min."]
    if names := people(interview):
        lines.append("With: " + "; ".join(names) + ".")
    if interview.location:
        lines.append(f"Place or link: {interview.location}")
    lines += [
        "",
        f"Fit checklist, during the interview: {links['mid']}",
        f"Before it: {links['pre']}",
        f"The interview in Walkout: {links['interview']}",
    ]
    event.add("description", "\n".join(lines))
    event.add("url", links["mid"])
    if interview.status != interview.Status.CANCELLED:
        for lead in leads:
            event.add_component(alarm(lead, summary))
    return event


def calendar_bytes(interviews, host, links_for, name=None, leads=()):
    """The .ics file for some interviews (with their application and contacts fetched);
    each has an alarm at each of `leads` (timedeltas before its start)."""
    calendar = new_calendar(name)
    for interview in interviews:
        calendar.add_component(interview_event(interview, host, links_for(interview), leads))
    return calendar.to_ical()
