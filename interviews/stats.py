"""The funnel, the résumé versions and the response times, in a fixed number of queries.

What each application reached is one pass of a join and GROUP BY over the user's
applications and their timelines, never a subquery per application; the funnel, the
résumé versions and the totals are counted from those rows. The page still grows with the
data: every application and timeline entry is read once.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from functools import reduce
from operator import or_
from typing import NamedTuple

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    Min,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, CumeDist, Least

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
SCREENED = 2  # the funnel stage of screening


class Reached(NamedTuple):
    """A kind of application: its source and résumé version as typed, its status, and the
    furthest funnel stage it got to (0: never applied; 1 = applied … 5 = accepted)."""

    source: str
    resume_version: str
    status: str
    stage: int


def _stage_of(field_name):
    """The funnel stage a status field proves (LEVELS), 0 for the wishlist, as SQL."""
    return Case(
        *(
            When(**{f"{field_name}__in": [s for s, level in LEVELS.items() if level == n]}, then=n)
            for n in range(len(FUNNEL), 0, -1)
        ),
        default=Value(0),
        output_field=IntegerField(),
    )


def applications_reached(user):
    """How many applications of `user` there are of each kind, a Counter of Reached: the
    furthest stage is that of the status or of any entry in the timeline, whichever is
    further. One query: the timeline joined and its furthest stage taken per application
    (MAX … GROUP BY id) in the database.

    The rows, one per application, are counted as they arrive (Counter, in C) into a few
    hundred kinds at most, which the figures below add up. The COUNT(DISTINCT) per stage
    and source this replaces (the join repeats each application once per timeline entry)
    cost several times as much in the database."""
    rows = (
        Application.objects.for_user(user)
        .order_by()
        .values("pk")
        .annotate(timeline=Max(_stage_of("status_changes__to_status")))
        .values_list("source", "resume_version", "status", "timeline")
    )
    reached = Counter()
    for (source, resume_version, status, timeline), count in Counter(rows).items():
        stage = max(LEVELS.get(status, 0), timeline or 0)
        reached[Reached(source, resume_version, status, stage)] += count
    return reached


def source_key(source):
    """Sources are grouped ignoring case and the spaces around them."""
    return source.strip(" ").lower()


def stage_counts(reached):
    """How many of the `reached` applications got to each funnel stage or further, in
    funnel order."""
    stages = Counter()
    for kind, count in reached.items():
        stages[kind.stage] += count
    return [
        sum(count for stage, count in stages.items() if stage >= n)
        for n in range(1, len(FUNNEL) + 1)
    ]


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


def funnels_by_source(reached):
    """The overall funnel and one per source (case and spacing ignored), most applications
    first and "Not recorded" last, from applications_reached().

    A source spelled several ways is labelled with its first spelling in sort order, which
    prefers capitals ("LinkedIn" over "linkedin")."""
    by_source = defaultdict(Counter)
    for kind, count in reached.items():
        by_source[source_key(kind.source)][kind] = count
    funnels = [
        build_funnel(
            min(kind.source.strip(" ") for kind in kinds) or "Not recorded",
            kinds.total(),
            stage_counts(kinds),
        )
        for _, kinds in sorted(
            by_source.items(), key=lambda item: (item[0] == "", -item[1].total(), item[0])
        )
    ]
    return build_funnel("All sources", reached.total(), stage_counts(reached)), funnels


def resume_versions(reached):
    """Each résumé version sent, with how many applications and how many got a reply
    (reached screening), most sent first, from applications_reached()."""
    versions = defaultdict(lambda: {"total": 0, "screened": 0})
    for kind, count in reached.items():
        if kind.resume_version:
            version = versions[kind.resume_version]
            version["total"] += count
            if kind.stage >= SCREENED:
                version["screened"] += count
    return [
        {"resume_version": name, **counts}
        for name, counts in sorted(versions.items(), key=lambda item: (-item[1]["total"], item[0]))
    ]


def totals(reached):
    """Counts of applications and of walk-outs, from applications_reached()."""
    return {
        "applications": reached.total(),
        "walked_out": sum(count for kind, count in reached.items() if kind.status == S.WALKED_OUT),
    }


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
