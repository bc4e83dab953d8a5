"""What the dashboard asks of the tracker: follow-ups due, and applications gone quiet.

Plain functions of a user and a frozen "now" or "today", one query each, so the dashboard
can call them without its cost growing with the number of applications.
"""

from datetime import timedelta

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, When
from django.utils import timezone

from .models import Application, Interview

LIMIT = 20


def today_for(user, now=None):
    """The user's calendar date at ``now``: a follow-up is due by their clock, not UTC's."""
    return timezone.localdate(now or timezone.now(), user.zone)


def due_followups(user, today, limit=LIMIT):
    """Open applications whose next action is due today or overdue, most overdue first.

    Each carries ``days_overdue`` (0 when due today).
    """
    applications = list(
        Application.objects.for_user(user)
        .follow_ups_due(today)
        .only("id", "company", "role", "status", "next_action", "next_action_on")
        .order_by("next_action_on", "id")[:limit]
    )
    for application in applications:
        application.days_overdue = (today - application.next_action_on).days
    return applications


def ghost_suggestions(user, now, limit=LIMIT):
    """Applications waiting on the employer with no move for ``user.ghost_after_days``.

    An interview since then (or one still to come) means they did answer, so those are left
    out. Longest silence first; each carries ``silent_days``.
    """
    cutoff = now - timedelta(days=user.ghost_after_days)
    applications = list(
        Application.objects.for_user(user)
        .waiting_on_them()
        .filter(status_changed_at__lte=cutoff)
        .exclude(interviews__starts_at__gt=cutoff)
        .only("id", "company", "role", "status", "status_changed_at")
        .order_by("status_changed_at", "id")[:limit]
    )
    for application in applications:
        application.silent_days = (now - application.status_changed_at).days
    return applications


def needs_attention(user, now, limit=LIMIT):
    """(follow-ups due, ghost suggestions) in one query, for the dashboard.

    The same rules as due_followups() and ghost_suggestions(); one round trip instead of
    two keeps the dashboard within its query budget."""
    today = today_for(user, now)
    cutoff = now - timedelta(days=user.ghost_after_days)
    due = Q(next_action_on__lte=today) & ~Q(status__in=Application.CLOSED_STATUSES)
    quiet = Q(status__in=Application.WAITING_STATUSES, status_changed_at__lte=cutoff) & ~Exists(
        Interview.objects.filter(application=OuterRef("pk"), starts_at__gt=cutoff)
    )
    rows = list(
        Application.objects.for_user(user)
        .filter(due | quiet)
        .annotate(
            is_due=Case(When(due, then=True), default=False, output_field=BooleanField()),
            is_quiet=Case(When(quiet, then=True), default=False, output_field=BooleanField()),
        )
        .only(
            "id", "company", "role", "status", "next_action", "next_action_on", "status_changed_at"
        )
        # Due ones first, most overdue first; then the longest silences.
        .order_by(
            F("is_due").desc(), F("next_action_on").asc(nulls_first=True), "status_changed_at", "id"
        )[: 2 * limit]
    )
    followups = [a for a in rows if a.is_due][:limit]
    for application in followups:
        application.days_overdue = (today - application.next_action_on).days
    ghosted = sorted((a for a in rows if a.is_quiet), key=lambda a: (a.status_changed_at, a.pk))
    for application in ghosted:
        application.silent_days = (now - application.status_changed_at).days
    return followups, ghosted[:limit]
