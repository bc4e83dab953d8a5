"""Glue between the database rows and the pure verdict: a fixed number of queries."""

from collections import defaultdict

from django.db.models import Q

from . import prep, verdict
from .models import ChecklistAnswer, Dealbreaker, Interview
from .verdict import as_item


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


def verdicts_for(interviews, user, dealbreakers=None):
    """{interview id: Verdict} for many interviews in two queries, whatever their number
    (one, given the user's active `dealbreakers`).

    The interviews must come with their application (select_related)."""
    interviews = list(interviews)
    if not interviews:
        return {}
    if dealbreakers is None:
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
    answered = {(a.dealbreaker_id, a.phase) for a in answers}
    result = {}
    for phase in (ChecklistAnswer.Phase.PRE, ChecklistAnswer.Phase.MID):
        asked_in = (phase, Dealbreaker.Phase.BOTH)
        ids = [d.pk for d in dealbreakers if d.active and d.phase in asked_in]
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


def device_items(items, facts):
    """The active verdict.Items as js/checklist.js reads them, each with what its rule says
    about the application already worked out: the phone has no rules of its own."""
    result = []
    for item in items:
        if not item.active:
            continue
        ruled, because = verdict.rule_outcome(item, facts)
        result.append(
            {
                "id": item.id,
                "question": item.question,
                "severity": item.severity,
                "weight": item.weight,
                "ruled": ruled,
                "because": because,
            }
        )
    return result


def device_data(interview, dealbreakers, answers, user):
    """What the checklist page carries so that the phone can work out the verdict itself
    while offline (js/checklist.js mirrors verdict.evaluate): every active item with what
    its rule says about this application, the answers stored, the labels and threshold."""
    return {
        "items": device_items([as_item(d) for d in dealbreakers], as_facts(interview.application)),
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


def rounds_of(interviews):
    """prep.Round for each interview (oldest first, as given), their answers in one query."""
    interviews = list(interviews)
    for i in interviews:
        i.interviewer_name = i.lead_name()
    rows = defaultdict(list)
    for row in ChecklistAnswer.objects.filter(
        interview__in=[i.pk for i in interviews], dealbreaker__isnull=False
    ).values_list("interview_id", "dealbreaker_id", "phase", "answer", "note"):
        rows[row[0]].append(row[1:])
    return [
        prep.Round(
            label=i.get_kind_display(),
            who=prep.interviewer_key(i.pk, i.interviewer_name),
            answers=prep.effective(rows[i.pk]),
            interview=i,
        )
        for i in interviews
    ]


def earlier_interviews(interview):
    """The application's interviews before this one, oldest first; cancelled ones said
    nothing."""
    before = Q(starts_at__lt=interview.starts_at) | Q(
        starts_at=interview.starts_at, pk__lt=interview.pk
    )
    return (
        Interview.objects.filter(application_id=interview.application_id)
        .filter(before)
        .exclude(status=Interview.Status.CANCELLED)
        .order_by("starts_at", "id")
        .with_interviewers()
    )


def prep_sheet_for(interview):
    """(the prep sheet, the earlier rounds) for an interview: what is still open for its
    application before it. The prep page and the reminder e-mails both read it."""
    rounds = rounds_of(earlier_interviews(interview))
    dealbreakers = list(Dealbreaker.objects.for_user(interview.application.owner_id).active())
    sheet = prep.prep_sheet(dealbreakers, rounds, as_facts(interview.application), interview.kind)
    return sheet, rounds
