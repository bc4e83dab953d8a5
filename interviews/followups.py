"""What the dashboard asks of the tracker: follow-ups due, and applications gone quiet.

Plain functions of a user and a frozen "now" or "today", one query each whatever the
number of applications: each list is ranked on its own and carries its own total.
"""

from datetime import timedelta

from django.db.models import Count, Window
from django.utils import timezone

from .models import Application

LIMIT = 20


def today_for(user, now=None):
    """The user's calendar date at ``now``: a follow-up is due by their clock, not UTC's."""
    return timezone.localdate(now or timezone.now(), user.zone)


class Shown(list):
    """The first rows of a longer list, and how many there are in all."""

    def __init__(self, rows, total):
        super().__init__(rows)
        self.total = total

    @property
    def more(self):
        return self.total - len(self)


def first_rows(queryset, limit):
    """A Shown list of the first `limit` rows of `queryset`, with its total.

    The total rides along each row as a window count, computed before the LIMIT: the same
    round trip as the rows, instead of a second query for the count."""
    rows = list(queryset.annotate(total=Window(Count("pk")))[:limit])
    return Shown(rows, rows[0].total if rows else 0)


def due_followups(user, today, limit=LIMIT):
    """Open applications whose next action is due today or overdue, most overdue first:
    the first ``limit``, with how many are due in all.

    Each carries ``days_overdue`` (0 when due today).
    """
    applications = first_rows(
        Application.objects.for_user(user)
        .follow_ups_due(today)
        .only("id", "company", "role", "status", "next_action", "next_action_on")
        .order_by("next_action_on", "id"),
        limit,
    )
    for application in applications:
        application.days_overdue = (today - application.next_action_on).days
    return applications


def ghost_suggestions(user, now, limit=LIMIT):
    """Applications waiting on the employer with no move for ``user.ghost_after_days``:
    the first ``limit``, longest silence first, with how many there are in all.

    An interview since then (or one still to come) means they did answer, so those are left
    out. Each carries ``silent_days``.
    """
    cutoff = now - timedelta(days=user.ghost_after_days)
    applications = first_rows(
        Application.objects.for_user(user)
        .waiting_on_them()
        .filter(status_changed_at__lte=cutoff)
        .exclude(interviews__starts_at__gt=cutoff)
        .only("id", "company", "role", "status", "status_changed_at")
        .order_by("status_changed_at", "id"),
        limit,
    )
    for application in applications:
        application.silent_days = (now - application.status_changed_at).days
    return applications
