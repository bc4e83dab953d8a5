"""CSV exports, for a spreadsheet and for proof of a job search.

Every cell goes through `safe_cell`: a spreadsheet runs a cell that starts with = + - @
(or a tab or carriage return, which some strip first) as a formula, so a company named
`=HYPERLINK("http://evil.example","Click")` would become a live link. A leading
apostrophe makes it text; the CSV import takes that apostrophe off again.
"""

import csv
import io
from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from .models import Application, Interview, StatusChange

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The first columns are names the CSV import reads, so the file imports back.
APPLICATION_COLUMNS = [
    "Company",
    "Role",
    "Status",
    "Applied on",
    "Link",
    "Source",
    "Location",
    "Work mode",
    "Salary from",
    "Salary to",
    "Currency",
    "Notes",
    "Added on",
    "Timeline",  # then the user's zone, as in “Timeline (Europe/Paris)”
    "Interviews",
]


def safe_cell(value):
    """The value as spreadsheet text that never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header, rows):
    """CSV with a UTF-8 byte order mark, so Excel reads accents right; every cell safe."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def day_bounds(start, end, zone):
    """[start 00:00, the day after end 00:00) in the user's zone, either side open."""
    low = datetime.combine(start, time.min, tzinfo=zone) if start else None
    high = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone) if end else None
    return low, high


def in_range(prefix, low, high):
    q = Q()
    if low:
        q &= Q(**{f"{prefix}__gte": low})
    if high:
        q &= Q(**{f"{prefix}__lt": high})
    return q


def applications_in_range(user, start=None, end=None):
    """The user's applications with something in the date range (either end optional):
    applied to in it (the day it was added, when there is no applied date), or a timeline
    entry or an interview in it. Days are the user's."""
    zone = user.zone
    applications = Application.objects.for_user(user)
    if start or end:
        low, high = day_bounds(start, end, zone)
        applied = Q(applied_on__isnull=False)
        if start:
            applied &= Q(applied_on__gte=start)
        if end:
            applied &= Q(applied_on__lte=end)
        added = Q(applied_on__isnull=True) & in_range("created_at", low, high)
        moved = Exists(
            StatusChange.objects.filter(
                in_range("changed_at", low, high), application=OuterRef("pk")
            )
        )
        met = Exists(
            Interview.objects.filter(in_range("starts_at", low, high), application=OuterRef("pk"))
        )
        applications = applications.filter(applied | added | moved | met)
    # In the order they happened: the applied date, or the day added when there is none.
    return applications.annotate(
        added_on=TruncDate("created_at", tzinfo=zone),
        day=Coalesce("applied_on", "added_on"),
    ).order_by("day", "created_at", "id")


def local(moment, zone):
    return timezone.localtime(moment, zone).strftime("%Y-%m-%d %H:%M")


def status_label(value):
    return Application.Status(value).label if value in Application.Status.values else value


def timeline_text(changes, zone):
    lines = []
    for change in changes:
        if not change.from_status:
            what = status_label(change.to_status)
        elif change.from_status == change.to_status:
            what = "Note"
        else:
            what = f"{status_label(change.from_status)} → {status_label(change.to_status)}"
        lines.append(
            f"{local(change.changed_at, zone)} {what}" + (f": {change.note}" if change.note else "")
        )
    return "\n".join(lines)


def interviewers_of(interview):
    names = [contact.name for contact in interview.contacts.all()]
    names += [f"{name} ({role})" if role else name for name, role in interview.interviewer_list]
    return ", ".join(names)


def interview_details(interview):
    """“video, 60 min — done — with Dana Reyes (Head of Data) — offer”."""
    parts = [
        f"{interview.get_format_display().lower()}, {interview.duration_minutes} min",
        interview.get_status_display().lower(),
    ]
    if people := interviewers_of(interview):
        parts.append("with " + people)
    if interview.outcome:
        parts.append(interview.outcome)
    return " — ".join(parts)


def interview_text(interview, zone):
    return (
        f"{local(interview.starts_at, zone)} {interview.get_kind_display()} — "
        + interview_details(interview)
    )


def applications_csv(user, start=None, end=None):
    """One row per application, its timeline and interviews in a cell each: four queries.

    The first columns are the CSV import's, so this file imports back."""
    zone = user.zone
    applications = applications_in_range(user, start, end).prefetch_related(
        Prefetch("status_changes", queryset=StatusChange.objects.order_by("changed_at", "id")),
        Prefetch(
            "interviews",
            queryset=Interview.objects.order_by("starts_at", "id").prefetch_related("contacts"),
        ),
    )
    rows = [
        [
            a.company,
            a.role,
            a.get_status_display(),
            a.applied_on.isoformat() if a.applied_on else "",
            a.posting_url,
            a.source,
            a.location,
            a.get_work_mode_display(),
            a.salary_min,
            a.salary_max,
            a.currency if a.salary_min is not None or a.salary_max is not None else "",
            a.notes,
            a.added_on.isoformat(),
            timeline_text(a.status_changes.all(), zone),
            "\n".join(interview_text(i, zone) for i in a.interviews.all()),
        ]
        for a in applications
    ]
    zone_name = f"({user.time_zone})"
    header = [*APPLICATION_COLUMNS[:-2], f"Timeline {zone_name}", f"Interviews {zone_name}"]
    return csv_text(header, rows)


def activity_csv(user, start=None, end=None):
    """One row per dated event — each application's moves and notes, each interview —
    in time order: a log of the search. Three queries."""
    zone = user.zone
    low, high = day_bounds(start, end, zone)
    events = []
    for change in StatusChange.objects.filter(
        in_range("changed_at", low, high), application__owner=user
    ).select_related("application"):
        if not change.from_status:
            what, details = "Added", status_label(change.to_status)
        elif change.from_status == change.to_status:
            what, details = "Note", ""
        else:
            what = "Status"
            details = f"{status_label(change.from_status)} → {status_label(change.to_status)}"
        if change.note:
            details = f"{details}: {change.note}" if details else change.note
        events.append((change.changed_at, change.application, what, details))
    for interview in (
        Interview.objects.for_user(user)
        .filter(in_range("starts_at", low, high))
        .select_related("application")
        .prefetch_related("contacts")
    ):
        what = f"{interview.get_kind_display()} interview"
        events.append(
            (interview.starts_at, interview.application, what, interview_details(interview))
        )
    events.sort(key=lambda event: event[0])
    rows = []
    for moment, application, what, details in events:
        moment = timezone.localtime(moment, zone)
        rows.append(
            [
                moment.strftime("%Y-%m-%d"),
                moment.strftime("%H:%M"),
                application.company,
                application.role,
                what,
                details,
            ]
        )
    header = ["Date", f"Time ({user.time_zone})", "Company", "Role", "What happened", "Details"]
    return csv_text(header, rows)
