"""What the dashboard asks of the tracker: follow-ups due, and applications gone quiet.

Plain functions of a user and a frozen "now" or "today", one query each, so the dashboard
can call them without its cost growing with the number of applications.
"""

from datetime import timedelta
from operator import attrgetter

from django.db import connections
from django.utils import timezone

from .models import Application

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


class Shown(list):
    """The first rows of a longer list, and how many there are in all."""

    def __init__(self, rows, total):
        super().__init__(rows)
        self.total = total

    @property
    def more(self):
        return self.total - len(self)


def sql_strings(values):
    """An SQL list of constant strings from the code (status values), never user input."""
    if not all(value.isidentifier() for value in values):
        raise ValueError(f"Not status values: {values!r}")
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


# needs_attention() in SQL: the two rules are worked out once per row (in the ORM each use
# of an annotation repeats its expression, the EXISTS subquery four times: twice as slow),
# then each list is ranked and counted on its own. The rules are due_followups()' and
# ghost_suggestions()'; tests/test_followups.py holds the three to the same answers. Only
# the status lists (from the code) are formatted in; every value travels as a parameter.
ATTENTION_SQL = """
WITH flagged AS (
    SELECT a.*,
        CASE WHEN a.next_action_on <= %(today)s AND a.status NOT IN {closed}
            THEN 1 ELSE 0 END AS is_due,
        CASE WHEN a.status IN {waiting} AND a.status_changed_at <= %(cutoff)s
            AND NOT EXISTS (
                SELECT 1 FROM interviews_interview i
                WHERE i.application_id = a.id AND i.starts_at > %(cutoff)s
            ) THEN 1 ELSE 0 END AS is_quiet
    FROM interviews_application a
    WHERE a.owner_id = %(owner)s
        AND (a.next_action_on <= %(today)s OR a.status IN {waiting})
), ranked AS (
    SELECT flagged.*,
        ROW_NUMBER() OVER (PARTITION BY is_due ORDER BY next_action_on, id) AS due_rank,
        COUNT(*) OVER (PARTITION BY is_due) AS due_total,
        ROW_NUMBER() OVER (PARTITION BY is_quiet ORDER BY status_changed_at, id) AS quiet_rank,
        COUNT(*) OVER (PARTITION BY is_quiet) AS quiet_total
    FROM flagged
    WHERE is_due = 1 OR is_quiet = 1
)
SELECT id, company, role, status, next_action, next_action_on, status_changed_at,
    is_due, due_rank, due_total, is_quiet, quiet_rank, quiet_total
FROM ranked
WHERE (is_due = 1 AND due_rank <= %(limit)s) OR (is_quiet = 1 AND quiet_rank <= %(limit)s)
""".format(  # noqa: S608
    closed=sql_strings(Application.CLOSED_STATUSES),
    waiting=sql_strings(Application.WAITING_STATUSES),
)


def needs_attention(user, now, limit=LIMIT):
    """(follow-ups due, ghost suggestions) in one query, for the dashboard: each a Shown
    list of the first ``limit``, with how many there are in all.

    The same rules and order as due_followups() and ghost_suggestions(); one round trip
    instead of two (or four, with the counts) keeps the dashboard within its query budget.
    Each list is ranked on its own, so a long list of one kind never crowds the other out.
    """
    today = today_for(user, now)
    cutoff = now - timedelta(days=user.ghost_after_days)
    ops = connections[Application.objects.db].ops
    rows = list(
        Application.objects.raw(
            ATTENTION_SQL,
            {
                "owner": user.pk,
                "today": ops.adapt_datefield_value(today),
                "cutoff": ops.adapt_datetimefield_value(cutoff),
                "limit": limit,
            },
        )
    )
    followups = sorted(
        (a for a in rows if a.is_due and a.due_rank <= limit), key=attrgetter("due_rank")
    )
    for application in followups:
        application.days_overdue = (today - application.next_action_on).days
    ghosted = sorted(
        (a for a in rows if a.is_quiet and a.quiet_rank <= limit), key=attrgetter("quiet_rank")
    )
    for application in ghosted:
        application.silent_days = (now - application.status_changed_at).days
    return (
        Shown(followups, followups[0].due_total if followups else 0),
        Shown(ghosted, ghosted[0].quiet_total if ghosted else 0),
    )
