"""Glue between the database rows and the pure verdict: a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import connections
from django.utils import timezone

from . import verdict
from .models import ChecklistAnswer, Dealbreaker

# The largest id a row can have (BigAutoField): a larger one names nothing, and must not
# reach the database as a parameter (PostgreSQL: "bigint out of range"; SQLite: overflow).
LARGEST_ID = 2**63 - 1


def as_item(dealbreaker):
    return verdict.Item(
        id=dealbreaker.pk,
        question=dealbreaker.question,
        severity=dealbreaker.severity,
        weight=dealbreaker.weight,
        active=dealbreaker.active,
        rule=dealbreaker.rule,
        salary_floor=dealbreaker.salary_floor,
        salary_currency=dealbreaker.salary_currency,
        work_modes=tuple(dealbreaker.work_mode_list),
    )


def as_facts(application):
    return verdict.Facts(
        salary_min=application.salary_min,
        salary_max=application.salary_max,
        currency=application.currency,
        work_mode=application.work_mode,
    )


def as_answer(row):
    return verdict.Answer(item_id=row.dealbreaker_id, phase=row.phase, value=row.answer)


def evaluate_interview(interview, dealbreakers, answers, threshold):
    """The verdict for one interview from rows already fetched."""
    return verdict.evaluate(
        [as_item(d) for d in dealbreakers],
        [as_answer(a) for a in answers if a.dealbreaker_id is not None],
        as_facts(interview.application),
        threshold,
    )


def verdicts_for(interviews, user):
    """{interview id: Verdict} for many interviews in two queries, whatever their number.

    The interviews must come with their application (select_related)."""
    interviews = list(interviews)
    if not interviews:
        return {}
    dealbreakers = list(Dealbreaker.objects.for_user(user).active())
    answers = defaultdict(list)
    for row in ChecklistAnswer.objects.filter(
        interview__in=[i.pk for i in interviews], dealbreaker__isnull=False
    ).only("interview_id", "dealbreaker_id", "phase", "answer"):
        answers[row.interview_id].append(row)
    return {
        i.pk: evaluate_interview(i, dealbreakers, answers[i.pk], user.concern_threshold)
        for i in interviews
    }


def progress(dealbreakers, answers):
    """{phase: (answered, total)} over the active items asked in each phase."""
    return count_progress(
        [(d.pk, d.phase) for d in dealbreakers if d.active],
        {(a.dealbreaker_id, a.phase) for a in answers},
    )


def count_progress(asked, answered):
    """progress() from (item id, phase asked in) pairs and a set of (item id, phase)."""
    result = {}
    for phase in (ChecklistAnswer.Phase.PRE, ChecklistAnswer.Phase.MID):
        ids = [pk for pk, asked_in in asked if asked_in in (phase, Dealbreaker.Phase.BOTH)]
        result[phase] = (sum((pk, phase) in answered for pk in ids), len(ids))
    return result


def interview_verdict(interview, user):
    """(verdict, active dealbreakers, answers) for one interview: two queries."""
    dealbreakers = list(Dealbreaker.objects.for_user(user).active())
    answers = list(interview.answers.filter(dealbreaker__isnull=False))
    return (
        evaluate_interview(interview, dealbreakers, answers, user.concern_threshold),
        dealbreakers,
        answers,
    )


def device_data(interview, dealbreakers, answers, user):
    """What the checklist page carries so that the phone can work out the verdict itself
    while offline (js/checklist.js mirrors verdict.evaluate): every active item with what
    its rule says about this application, the answers stored, the labels and threshold."""
    facts = as_facts(interview.application)
    items = []
    for dealbreaker in dealbreakers:
        item = as_item(dealbreaker)
        if not item.active:
            continue
        ruled, because = verdict.rule_outcome(item, facts)
        items.append(
            {
                "id": item.id,
                "question": item.question,
                "severity": item.severity,
                "weight": item.weight,
                "ruled": ruled,
                "because": because,
            }
        )
    return {
        "items": items,
        "answers": [
            {
                "id": a.dealbreaker_id,
                "phase": a.phase,
                "value": a.answer,
                "at": a.answered_at.isoformat(),
            }
            for a in answers
            if a.dealbreaker_id is not None
        ],
        "threshold": user.concern_threshold,
        "labels": verdict.LABELS,
    }


@dataclass(frozen=True)
class Tap:
    """One tap as the phone sends it, already checked: {dealbreaker id: (answer, note)}
    for the answers to store, and every id the request names (an empty answer too)."""

    answers: dict
    named: frozenset
    answered_at: datetime
    client_key: str = ""


@dataclass(frozen=True)
class SavedTap:
    """What one statement stored and read back for a tap's JSON answer."""

    found: bool  # the interview is the user's
    asked: bool  # every question named is on this phase's checklist: the tap was stored
    kept: frozenset = frozenset()  # ids whose answer is now the one sent
    verdict: "verdict.Verdict | None" = None  # quoted: the field shadows the module here
    progress: dict | None = None


# The tap in one round trip: find the interview (the user's only) and its application's
# facts, the user's active dealbreakers, store the answers with ChecklistAnswer.record()'s
# rules (an older device time loses, a replayed key changes nothing), and read the answers
# the verdict needs. A data-modifying CTE runs on the statement's snapshot, so the answers
# read are those from before it: RETURNING says which rows it wrote, and they are laid over
# them in Python. Nothing is stored unless the interview is found and every question named
# is asked in the phase; the full path then explains (views/checklist.py).
TAP_SQL = """
WITH interview AS (
    SELECT a.salary_min, a.salary_max, a.currency, a.work_mode
    FROM interviews_interview i
    JOIN interviews_application a ON a.id = i.application_id
    WHERE i.id = %(interview)s AND a.owner_id = %(user)s
), item AS (
    SELECT id, question, severity, weight, phase, rule, salary_floor, salary_currency,
        work_modes, position
    FROM interviews_dealbreaker
    WHERE owner_id = %(user)s AND active
), asked AS (
    SELECT count(*) = cardinality(%(named)s::bigint[]) AS every_one
    FROM item
    WHERE id = ANY(%(named)s::bigint[]) AND phase IN (%(phase)s, 'both')
), saved AS (
    INSERT INTO interviews_checklistanswer AS stored (interview_id, dealbreaker_id, phase,
        answer, note, question, answered_at, client_key, created_at, updated_at)
    SELECT %(interview)s, item.id, %(phase)s, sent.answer, sent.note, item.question,
        %(answered_at)s, %(client_key)s, %(now)s, %(now)s
    FROM unnest(%(ids)s::bigint[], %(values)s::text[], %(notes)s::text[])
        AS sent (id, answer, note)
    JOIN item ON item.id = sent.id
    WHERE EXISTS (SELECT FROM interview) AND (SELECT every_one FROM asked)
    ON CONFLICT (interview_id, dealbreaker_id, phase) DO UPDATE SET
        answer = excluded.answer, note = excluded.note, question = excluded.question,
        answered_at = excluded.answered_at, client_key = excluded.client_key,
        updated_at = excluded.updated_at
    WHERE stored.answered_at <= excluded.answered_at
        AND (excluded.client_key = '' OR stored.client_key <> excluded.client_key)
    RETURNING dealbreaker_id, answer
)
SELECT
    (SELECT json_build_array(salary_min, salary_max, currency, work_mode) FROM interview),
    (SELECT every_one FROM asked),
    (SELECT json_agg(json_build_array(id, question, severity, weight, phase, rule,
        salary_floor, salary_currency, work_modes) ORDER BY position, id) FROM item),
    (SELECT json_agg(json_build_array(dealbreaker_id, phase, answer, client_key))
        FROM interviews_checklistanswer
        WHERE interview_id = %(interview)s AND dealbreaker_id IS NOT NULL),
    (SELECT json_agg(json_build_array(dealbreaker_id, answer)) FROM saved)
"""


def item_from_row(pk, question, severity, weight, phase, rule, floor, currency, modes):
    """A verdict.Item from one row of TAP_SQL's dealbreakers (`phase` is for progress)."""
    return verdict.Item(
        id=pk,
        question=question,
        severity=severity,
        weight=weight,
        rule=rule,
        salary_floor=floor,
        salary_currency=currency,
        work_modes=tuple(mode for mode in modes.split(",") if mode),
    )


def prepared_cursor(connection):
    """connection.cursor(), but binding parameters on the server, so that PostgreSQL keeps
    each statement parsed and planned for the connection's next use (the prepare_threshold
    set in settings.py). Counted, logged and wrapped like any Django cursor."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(ServerBindingCursor(connection.connection))


def save_tap(user, interview_id, phase, tap):
    """Store one tap and work out the verdict after it in a single statement, or None where
    the database cannot (SQLite: no INSERT inside WITH) or an id is beyond any row's; the
    caller then takes the ORM path, which explains.

    Each tap during an interview is the hottest write there is: one round trip instead of
    four (interview, dealbreakers, upsert, answers) is most of its cost (docs/performance.md).
    """
    connection = connections[ChecklistAnswer.objects.db]
    if connection.vendor != "postgresql" or max(interview_id, *tap.named) > LARGEST_ID:
        return None
    ids = list(tap.answers)
    params = {
        "interview": interview_id,
        "user": user.pk,
        "phase": phase,
        "named": sorted(tap.named),
        "ids": ids,
        "values": [tap.answers[pk][0] for pk in ids],
        "notes": [tap.answers[pk][1] for pk in ids],
        "answered_at": tap.answered_at,
        "client_key": tap.client_key,
        "now": timezone.now(),
    }
    with prepared_cursor(connection) as cursor:
        cursor.execute(TAP_SQL, params)
        facts, asked, items, answers, written = cursor.fetchone()
    if facts is None:
        return SavedTap(found=False, asked=False)
    if not asked:
        return SavedTap(found=True, asked=False)
    items, answers, written = items or [], answers or [], written or []
    kept = {pk for pk, _ in written}
    if tap.client_key:
        # A request sent again (its first response lost) was stored the first time: the
        # rows still carrying its key say so.
        kept |= {
            pk for pk, asked_in, _, key in answers if asked_in == phase and key == tap.client_key
        }
    given = {(pk, asked_in): value for pk, asked_in, value, _ in answers}
    given.update(((pk, phase), value) for pk, value in written)
    salary_min, salary_max, currency, work_mode = facts
    return SavedTap(
        found=True,
        asked=True,
        kept=frozenset(kept),
        verdict=verdict.evaluate(
            [item_from_row(*row) for row in items],
            [verdict.Answer(item_id=pk, phase=p, value=value) for (pk, p), value in given.items()],
            verdict.Facts(salary_min, salary_max, currency, work_mode),
            user.concern_threshold,
        ),
        progress=count_progress([(item[0], item[4]) for item in items], set(given)),
    )
