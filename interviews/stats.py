"""The funnel and response times, aggregated in the database: a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Lower, Trim

from .models import Application, StatusChange

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


def _level(field_name):
    return Case(
        *[When(**{field_name: status}, then=Value(n)) for status, n in LEVELS.items()],
        default=Value(0),
        output_field=IntegerField(),
    )


def with_reached(applications):
    """Annotate ``reached``: the furthest funnel stage (1 = applied … 5 = accepted) that the
    timeline or the current status shows."""
    furthest = (
        StatusChange.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(top=Max(_level("to_status")))
        .values("top")
    )
    return applications.annotate(
        reached=Greatest(Coalesce(Subquery(furthest), Value(0)), _level("status"))
    )


def _stage_counts():
    return {f"stage_{n}": Count("pk", filter=Q(reached__gte=n)) for n in range(1, len(FUNNEL) + 1)}


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
        with_reached(Application.objects.for_user(user))
        .order_by()
        .values(source_key=Lower(Trim("source")))
        .annotate(label=Min(Trim("source")), total=Count("pk"), **_stage_counts())
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
        with_reached(Application.objects.for_user(user).exclude(resume_version=""))
        .order_by()
        .values("resume_version")
        .annotate(total=Count("pk"), screened=Count("pk", filter=Q(reached__gte=2)))
        .order_by("-total", "resume_version")
    )


def totals(user):
    """Counts of applications and of walk-outs. One query."""
    return Application.objects.for_user(user).aggregate(
        applications=Count("pk"), walked_out=Count("pk", filter=Q(status=S.WALKED_OUT))
    )


def median_days_to_response(user):
    """Median days from being marked applied to the employer's first move after it. Two
    queries (a count, then the middle one or two values); None when no reply yet."""
    moves = StatusChange.objects.moves().filter(application=OuterRef("pk")).order_by("changed_at")
    applied_at = moves.filter(to_status=S.APPLIED).values("changed_at")[:1]
    responded_at = moves.filter(
        to_status__in=RESPONSES, changed_at__gt=OuterRef("applied_at")
    ).values("changed_at")[:1]
    waits = (
        Application.objects.for_user(user)
        .annotate(applied_at=Subquery(applied_at), responded_at=Subquery(responded_at))
        .filter(responded_at__isnull=False)
        .annotate(
            wait=ExpressionWrapper(
                F("responded_at") - F("applied_at"), output_field=DurationField()
            )
        )
    )
    count = waits.count()
    if not count:
        return None
    middle = list(
        waits.order_by("wait", "pk").values_list("wait", flat=True)[
            (count - 1) // 2 : count // 2 + 1
        ]
    )
    median = sum(middle, timedelta()) / len(middle)
    return round(median / timedelta(days=1), 1)
