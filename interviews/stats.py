"""The funnel and response times, aggregated in the database: a fixed number of queries.

Each figure is one pass of joins and GROUP BY over the user's applications and their
timelines, never a subquery per application. The page still grows with the data: every
application and timeline entry is read once per figure.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import reduce
from operator import or_

from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Min,
    Q,
    Window,
)
from django.db.models.functions import Cast, Coalesce, CumeDist, Least, Lower, Trim

from .models import Application

S = Application.Status
FUNNEL = Application.FUNNEL
# How far along the funnel a status proves an application got. Being rejected, ghosted,
# withdrawing or walking out all prove it was applied for; the timeline shows the rest.
LEVELS = {status: number for number, status in enumerate(FUNNEL, start=1)} | {
    S.REJECTED: 1,
    S.WITHDRAWN: 1,
    S.NO_RESPONSE: 1,
    S.WALKED_OUT: 1,
}
# A reply from the employer. Withdrawing or marking "no response" is the candidate's move.
RESPONSES = (S.SCREENING, S.INTERVIEWING, S.OFFER, S.ACCEPTED, S.REJECTED)


def reached(stage):
    """Q: the application got to funnel stage ``stage`` (1 = applied … 5 = accepted) or
    further, by its current status or by any entry in its timeline.

    It joins the timeline, so an application appears once per entry: count it with
    ``Count("pk", distinct=True, filter=reached(n))``."""
    statuses = [status for status, level in LEVELS.items() if level >= stage]
    return Q(status__in=statuses) | Q(status_changes__to_status__in=statuses)


def _stage_counts():
    return {
        f"stage_{n}": Count("pk", distinct=True, filter=reached(n))
        for n in range(1, len(FUNNEL) + 1)
    }


@dataclass
class Stage:
    status: str
    label: str
    count: int
    conversion: int | None  # percent of the previous stage that got here
    share: int  # percent of the applied stage, for the bar


@dataclass
class Funnel:
    label: str
    total: int
    stages: list = field(default_factory=list)

    @property
    def applied(self):
        return self.stages[0].count


def _percent(part, whole):
    return round(100 * part / whole) if whole else None


def build_funnel(label, total, counts):
    """Stages with their conversions, from counts of applications that reached each stage."""
    stages = []
    for n, status in enumerate(FUNNEL, start=1):
        count = counts[n - 1]
        previous = counts[n - 2] if n > 1 else None
        stages.append(
            Stage(
                status=status,
                label=S(status).label,
                count=count,
                conversion=None if previous is None else _percent(count, previous),
                share=_percent(count, counts[0]) or 0,
            )
        )
    return Funnel(label=label, total=total, stages=stages)


def funnels_by_source(user):
    """The overall funnel and one per source (case and spacing ignored). One query.

    A source spelled several ways is labelled with its first spelling in sort order, which
    prefers capitals ("LinkedIn" over "linkedin")."""
    rows = list(
        Application.objects.for_user(user)
        .order_by()
        .values(source_key=Lower(Trim("source")))
        .annotate(label=Min(Trim("source")), total=Count("pk", distinct=True), **_stage_counts())
        .order_by("-total", "source_key")
    )
    stage_names = [f"stage_{n}" for n in range(1, len(FUNNEL) + 1)]
    by_source = [
        build_funnel(
            row["label"] or "Not recorded",
            row["total"],
            [row[name] for name in stage_names],
        )
        for row in rows
    ]
    overall = build_funnel(
        "All sources",
        sum(row["total"] for row in rows),
        [sum(row[name] for row in rows) for name in stage_names],
    )
    return overall, by_source


def resume_versions(user):
    """Each résumé version sent, with how many applications and how many got a reply. One
    query."""
    return list(
        Application.objects.for_user(user)
        .exclude(resume_version="")
        .order_by()
        .values("resume_version")
        .annotate(
            total=Count("pk", distinct=True),
            screened=Count("pk", distinct=True, filter=reached(2)),
        )
        .order_by("-total", "resume_version")
    )


def totals(user):
    """Counts of applications and of walk-outs. One query."""
    return Application.objects.for_user(user).aggregate(
        applications=Count("pk"), walked_out=Count("pk", filter=Q(status=S.WALKED_OUT))
    )


def _moves_to(*statuses):
    """Q on ``status_changes``: a move into one of the statuses. An entry that stays at its
    status is a note in the timeline (a follow-up done), not a move: the rule of
    ``StatusChange.objects.moves()``, spelled out per status because an F() in a
    FilteredRelation's condition joins the table again rather than naming the joined row."""
    return reduce(
        or_,
        (
            Q(status_changes__to_status=status) & ~Q(status_changes__from_status=status)
            for status in statuses
        ),
    )


def median_days_to_response(user):
    """Median days from applying to the employer's first move after being marked applied.
    Applying is the “applied on” date (its midnight, UTC) when it is earlier than the move
    to applied: an application entered weeks after it was sent waited all that time. One
    query; None when no reply yet."""
    # Each application joins its moves to applied and, for each of them, the answers after
    # it. Any answer after a later move to applied is also after the first one, so the two
    # minimums are the first move to applied and the first answer after it.
    answered = (
        Application.objects.for_user(user)
        .alias(
            applied=FilteredRelation("status_changes", condition=_moves_to(S.APPLIED)),
            answer=FilteredRelation(
                "status_changes",
                condition=_moves_to(*RESPONSES)
                & Q(status_changes__changed_at__gt=F("applied__changed_at")),
            ),
        )
        .filter(answer__isnull=False)
        .order_by()
        .values("pk")
        .annotate(
            moved_at=Min("applied__changed_at"),
            # Least() of a NULL is NULL on SQLite: no date falls back to the move itself.
            applied_at=Least(
                Coalesce(Cast("applied_on", DateTimeField()), F("moved_at")), F("moved_at")
            ),
            answered_at=Min("answer__changed_at"),
        )
    )
    wait = ExpressionWrapper(F("answered_at") - F("applied_at"), output_field=DurationField())
    # The middle of the waits in order: the first with at least half of them at or below it,
    # and the next one, needed only when the count is even. The wait is worked out once per
    # application, in the ordering (on SQLite each one is a call into Python).
    middle = list(
        answered.annotate(
            share=Window(CumeDist(), order_by=[wait.asc(), F("pk").asc()]),
            count=Window(Count("pk")),
        )
        .filter(share__gte=0.5)
        .order_by("share")
        .values_list("applied_at", "answered_at", "count")[:2]
    )
    if not middle:
        return None
    count = middle[0][2]
    waits = [answered_at - applied_at for applied_at, answered_at, _ in middle[: 2 - count % 2]]
    median = sum(waits, timedelta()) / len(waits)
    return round(median / timedelta(days=1), 1)
