"""CSV exports, for a spreadsheet and for proof of a job search.

Every cell goes through `safe_cell`: a spreadsheet runs a cell that starts with = + - @
(or a tab or carriage return, which some strip first) as a formula, so a company named
`=HYPERLINK("http://evil.example","Click")` would become a live link. A leading
apostrophe makes it text; the CSV import takes that apostrophe off again.
"""

import csv
import io
from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from .json_archive import grouped
from .models import Application, Interview, InterviewContact, StatusChange, Tag

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Labels by value, read once: get_<field>_display() costs more than a dict lookup, and ten
# thousand applications make tens of thousands of cells.
APPLICATION_STATUS = dict(Application.Status.choices)
WORK_MODE = dict(Application.WorkMode.choices)
INTERVIEW_KIND = dict(Interview.Kind.choices)
INTERVIEW_FORMAT = dict(Interview.Format.choices)
INTERVIEW_STATUS = dict(Interview.Status.choices)

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
    "Priority",
    "Tags",
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
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def label(labels, value):
    """A choice's label, or the stored value when it is not one (as get_FOO_display())."""
    return labels.get(value, value)


def status_label(value):
    return label(APPLICATION_STATUS, value)


def timeline_text(changes, zone):
    lines = []
    for change in changes:
        before, after = change["from_status"], change["to_status"]
        if not before:
            what = status_label(after)
        elif before == after:
            what = "Note"
        else:
            what = f"{status_label(before)} → {status_label(after)}"
        note = change["note"]
        lines.append(f"{local(change['changed_at'], zone)} {what}" + (f": {note}" if note else ""))
    return "\n".join(lines)


def contact_names(interviews):
    """{interview id: names of its contacts, lead first} for an interview queryset: one
    query, with the interviews as a subquery rather than a list of their ids."""
    links = (
        InterviewContact.objects.filter(interview__in=interviews.values("pk"))
        .order_by("position", "id")
        .values_list("interview_id", "contact__name")
    )
    names = {}
    for interview_id, name in links:
        names.setdefault(interview_id, []).append(name)
    return names


def interview_details(interview, contacts):
    """“video, 60 min — done — with Dana Reyes (Head of Data) — offer”; `contacts` are the
    names of the contacts on the interview, before the names typed in."""
    parts = [
        f"{label(INTERVIEW_FORMAT, interview.format).lower()}, {interview.duration_minutes} min",
        label(INTERVIEW_STATUS, interview.status).lower(),
    ]
    people = [*contacts]
    people += [f"{name} ({role})" if role else name for name, role in interview.interviewer_list]
    if people:
        parts.append("with " + ", ".join(people))
    if interview.outcome:
        parts.append(interview.outcome)
    return " — ".join(parts)


def interview_text(interview, zone, contacts):
    return (
        f"{local(interview.starts_at, zone)} {label(INTERVIEW_KIND, interview.kind)} — "
        + interview_details(interview, contacts)
    )


def applications_csv(user, start=None, end=None):
    """One row per application, its timeline, tags and interviews in a cell each: five
    queries.

    The timeline, the interviews and their contacts each come in one query with the
    applications as a subquery: prefetch_related would send every application's id, and
    build a related manager per application, which at ten thousand costs more than the
    rows. The timeline is plain values, the only rows read by field and nothing else.
    The first columns are the CSV import's, so this file imports back."""
    zone = user.zone
    # The posting's whole text can be long, and the file has no column for it.
    applications = applications_in_range(user, start, end).defer("job_description")
    chosen = applications.values("pk")
    timelines = grouped(
        StatusChange.objects.filter(application__in=chosen)
        .order_by("changed_at", "id")
        .values("application_id", "from_status", "to_status", "changed_at", "note"),
        "application_id",
    )
    tags = grouped(
        Tag.applications.through.objects.filter(application__in=chosen)
        .order_by("tag__key", "tag_id")
        .values("application_id", "tag__name"),
        "application_id",
    )
    interviews = Interview.objects.filter(application__in=chosen).order_by("starts_at", "id")
    contacts = contact_names(interviews)
    meetings = {}
    for interview in interviews:
        meetings.setdefault(interview.application_id, []).append(interview)
    rows = [
        [
            a.company,
            a.role,
            status_label(a.status),
            a.applied_on.isoformat() if a.applied_on else "",
            a.posting_url,
            a.source,
            a.location,
            label(WORK_MODE, a.work_mode),
            a.salary_min,
            a.salary_max,
            a.currency if a.salary_min is not None or a.salary_max is not None else "",
            a.priority,
            ", ".join(tag["tag__name"] for tag in tags[a.pk]),
            a.notes,
            a.added_on.isoformat(),
            timeline_text(timelines[a.pk], zone),
            "\n".join(
                interview_text(i, zone, contacts.get(i.pk, ())) for i in meetings.get(a.pk, ())
            ),
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
    interviews = (
        Interview.objects.for_user(user)
        .filter(in_range("starts_at", low, high))
        .select_related("application")
    )
    contacts = contact_names(interviews)
    for interview in interviews:
        what = f"{label(INTERVIEW_KIND, interview.kind)} interview"
        details = interview_details(interview, contacts.get(interview.pk, ()))
        events.append((interview.starts_at, interview.application, what, details))
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
