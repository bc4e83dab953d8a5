import re
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ..checklist import device_data, evaluate_interview, progress
from ..lookups import get_interview_for_user
from ..models import ChecklistAnswer, Dealbreaker

FIELD = re.compile(r"^(answer|note)_(.+)$")
# An offline queue's idempotency key: a UUID in practice; letters, digits, - and _.
CLIENT_KEY = re.compile(rf"^[A-Za-z0-9_-]{{1,{ChecklistAnswer.CLIENT_KEY_MAX_LENGTH}}}$")


class BadAnswers(Exception):
    def __init__(self, errors):
        self.errors = errors


def parse_answered_at(raw):
    now = timezone.now()
    if not raw:
        return now
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        raise BadAnswers(["The answer time is not a date and time."]) from None
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    # A device clock running fast must not date an answer in the future: it would then
    # beat every later answer until that moment. Nothing can be answered after "now".
    return min(when, now)


def parse_answers(data, user, asked, phase):
    """[(dealbreaker, phase, answer, note, answered_at)] from a POST, or BadAnswers.

    Every field is checked before anything is stored, so bad input changes nothing."""
    values, notes, errors = {}, {}, []
    for key in data:
        match = FIELD.match(key)
        if not match:
            continue
        kind, raw_id = match.groups()
        if not raw_id.isdigit():
            errors.append(f"“{key[:40]}” does not name a question.")
            continue
        (values if kind == "answer" else notes)[int(raw_id)] = data.get(key, "")
    by_id = {d.pk: d for d in asked}
    unknown = (set(values) | set(notes)) - set(by_id)
    if unknown:
        # Another user's question answers 404, exactly like another user's interview.
        mine = set(
            Dealbreaker.objects.for_user(user).filter(pk__in=unknown).values_list("pk", flat=True)
        )
        if Dealbreaker.objects.filter(pk__in=unknown - mine).exists():
            raise Http404("No such question.")
        for pk in sorted(unknown):
            if pk in mine:
                errors.append(f"Question {pk} is not on the {phase} checklist.")
            else:
                errors.append(f"There is no question {pk}.")
    answered_at = parse_answered_at(data.get("answered_at", ""))
    parsed = []
    for pk, dealbreaker in by_id.items():
        value = values.get(pk, "")
        note = notes.get(pk, "").strip()
        if len(note) > ChecklistAnswer.NOTE_MAX_LENGTH:
            errors.append(
                f"The note on “{dealbreaker.question}” is longer than "
                f"{ChecklistAnswer.NOTE_MAX_LENGTH} characters."
            )
            continue
        if not value:
            if note:
                errors.append(
                    f"Choose yes, no or unsure for “{dealbreaker.question}” to keep its note."
                )
            continue
        if value not in ChecklistAnswer.Answer.values:
            errors.append(f"“{value[:20]}” is not an answer: use yes, no or unsure.")
            continue
        parsed.append((dealbreaker, phase, value, note, answered_at))
    if errors:
        raise BadAnswers(errors)
    return parsed


def parse_client_key(raw):
    if raw and not CLIENT_KEY.match(raw):
        raise BadAnswers(["The answer's key is not one this app sends."])
    return raw


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_http_methods(["GET", "POST"])
def checklist(request, pk, phase):
    """The fit checklist for one phase. Each tap posts here on its own (JSON back, with the
    new verdict); without JavaScript the whole form posts and the page reloads."""
    interview = get_interview_for_user(request.user, pk)
    dealbreakers = list(Dealbreaker.objects.for_user(request.user).active())
    asked = [d for d in dealbreakers if d.phase in (phase, Dealbreaker.Phase.BOTH)]
    errors, kept, sent, key = [], set(), [], ""
    if request.method == "POST":
        try:
            key = parse_client_key(request.POST.get("client_key", ""))
            sent = parse_answers(request.POST, request.user, asked, phase)
        except BadAnswers as bad:
            errors = bad.errors
        else:
            kept = ChecklistAnswer.objects.record(interview, sent, client_key=key)
    answers = list(interview.answers.filter(dealbreaker__isnull=False))
    if key:
        # A request sent again (its first response lost) was saved the first time: the
        # rows still carrying its key say so, without another query.
        kept |= {a.dealbreaker_id for a in answers if a.phase == phase and a.client_key == key}
    verdict = evaluate_interview(interview, dealbreakers, answers, request.user.concern_threshold)
    counts = progress(dealbreakers, answers)
    if request.method == "POST" and wants_json(request):
        if errors:
            return JsonResponse({"errors": errors}, status=400)
        return JsonResponse(
            {
                "saved": sorted(kept),
                # A newer answer from another device was already stored: it stands.
                "stale": sorted(d.pk for d, *_ in sent if d.pk not in kept),
                "verdict": verdict.as_dict(),
                "progress": {p: list(c) for p, c in counts.items()},
            }
        )
    if request.method == "POST" and not errors:
        stale = len(sent) - len(kept)
        note = f" {stale} kept a newer answer from another device." if stale else ""
        messages.success(request, f"Saved {len(kept)} answer{'s' if len(kept) != 1 else ''}.{note}")
        return redirect(request.path)
    mine = {a.dealbreaker_id: a for a in answers if a.phase == phase}
    other = {a.dealbreaker_id: a for a in answers if a.phase != phase}
    items = []
    for d in asked:
        stored = mine.get(d.pk)
        if errors:  # show what was sent, so nothing typed is lost
            value = request.POST.get(f"answer_{d.pk}", "")
            note = request.POST.get(f"note_{d.pk}", "")
        else:
            value, note = (stored.answer, stored.note) if stored else ("", "")
        items.append(
            {
                "dealbreaker": d,
                "value": value,
                "note": note,
                "other": other.get(d.pk),
                "rule_note": verdict.rule_notes.get(d.pk, ""),
            }
        )
    return render(
        request,
        "interviews/checklist.html",
        {
            "interview": interview,
            "application": interview.application,
            "phase": phase,
            "items": items,
            "verdict": verdict,
            "progress": counts,
            "errors": errors,
            "answer_choices": ChecklistAnswer.Answer.choices,
            "note_max_length": ChecklistAnswer.NOTE_MAX_LENGTH,
            "device": device_data(interview, dealbreakers, answers, request.user),
        },
        status=400 if errors else 200,
    )
