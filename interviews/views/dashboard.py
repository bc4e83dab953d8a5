from datetime import timedelta

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.shortcuts import render
from django.utils import timezone

from .. import timing
from ..checklist import verdicts_for
from ..followups import due_followups, ghost_suggestions, today_for
from ..models import Application, Contact, Decision, Interview
from ..verdict import CONCERNS, DEAD_END

# The dashboard looks at interviews from a day back to two weeks ahead, and at most this
# many, so its cost does not grow with years of history.
WINDOW_BACK = timedelta(days=1)
WINDOW_AHEAD = timedelta(days=14)
MAX_INTERVIEWS = 40


def dashboard(request):
    if not request.user.is_authenticated:
        return render(request, "interviews/landing.html")
    return render(
        request, "interviews/dashboard.html", dashboard_context(request.user, timezone.now())
    )


def dashboard_context(user, now):
    """What needs attention at `now`, in a fixed number of queries."""
    Status = Interview.Status
    interviews = list(
        Interview.objects.for_user(user)
        .filter(decision__isnull=True)
        .exclude(application__status__in=Application.CLOSED_STATUSES)
        .filter(
            Q(status=Status.IN_PROGRESS)
            | Q(
                status=Status.SCHEDULED,
                starts_at__gte=now - WINDOW_BACK,
                starts_at__lte=now + WINDOW_AHEAD,
            )
        )
        .select_related("application")
        # Whom the card names: its lead interviewer among the contacts, in the same query.
        .annotate(
            lead_contact=Subquery(
                Contact.objects.filter(interviews=OuterRef("pk"))
                .as_interviewers()
                .values("name")[:1]
            )
        )
        .order_by("starts_at", "id")[:MAX_INTERVIEWS]
    )
    verdicts = verdicts_for(interviews, user)
    for interview in interviews:
        interview.verdict = verdicts[interview.pk]
    running = [i for i in interviews if i.is_running(now)]
    ahead = [i for i in interviews if i.starts_at > now and i not in running]
    current = running[0] if running else (ahead[0] if ahead else None)

    # Pipeline counts and the minutes walking out saved, in one round trip: the sum rides
    # along each status row as a scalar subquery.
    saved = (
        Decision.objects.for_user(user)
        .walked_out()
        .order_by()
        .values("interview__application__owner")
        .annotate(m=Sum("minutes_saved"))
        .values("m")
    )
    rows = list(
        Application.objects.for_user(user)
        .order_by()
        .values("status")
        .annotate(n=Count("id"), saved=Subquery(saved))
    )
    counts = {row["status"]: row["n"] for row in rows}
    minutes = rows[0]["saved"] if rows else 0
    return {
        "current": current,
        "current_running": current in running,
        "current_with": (current.lead_contact or current.lead_interviewer) if current else "",
        "upcoming": [i for i in ahead if i is not current][:5],
        "dead_ends": [i for i in interviews if i.verdict.state == DEAD_END],
        "concerns": [i for i in interviews if i.verdict.state == CONCERNS],
        "reflections": list(
            Decision.objects.for_user(user)
            .awaiting_reflection(now)
            .select_related("interview__application")[:5]
        ),
        "pipeline": [
            (value, label, counts.get(value, 0)) for value, label in Application.Status.choices
        ],
        "total": sum(counts.values()),
        "time_saved": timing.length(minutes or 0) if minutes else "",
        "followups": due_followups(user, today_for(user, now)),
        "ghosted": ghost_suggestions(user, now),
    }
