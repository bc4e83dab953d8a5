import re
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ..checklist import LARGEST_ID, Tap, device_data, evaluate_interview, progress, save_tap
from ..models import ChecklistAnswer, Dealbreaker
from ..owned import get_interview_for_user

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


def read_fields(data):
    """({id: answer}, {id: note}, names that name no question) from a POST; no database."""
    values, notes, bad = {}, {}, []
    for key in data:
        match = FIELD.match(key)
        if not match:
            continue
        kind, raw_id = match.groups()
        if not raw_id.isdigit():
            bad.append(key)
            continue
        (values if kind == "answer" else notes)[int(raw_id)] = data.get(key, "")
    return values, notes, bad


def answer_problem(value, note):
    """What is wrong with one answer as sent, as a message to format with its {question}
    and {value}; "" when nothing is (an empty answer with no note is simply not given)."""
    if len(note) > ChecklistAnswer.NOTE_MAX_LENGTH:
        return (
            "The note on “{question}” is longer than "
            f"{ChecklistAnswer.NOTE_MAX_LENGTH} characters."
        )
    if not value:
        return "Choose yes, no or unsure for “{question}” to keep its note." if note else ""
    if value not in ChecklistAnswer.Answer.values:
        return "“{value}” is not an answer: use yes, no or unsure."
    return ""


def parse_answers(data, user, asked, phase):
    """[(dealbreaker, phase, answer, note, answered_at)] from a POST, or BadAnswers.

    Every field is checked before anything is stored, so bad input changes nothing."""
    values, notes, bad = read_fields(data)
    errors = [f"“{key[:40]}” does not name a question." for key in bad]
    by_id = {d.pk: d for d in asked}
    unknown = (set(values) | set(notes)) - set(by_id)
    if unknown:
        # Another user's question answers 404, exactly like another user's interview.
        possible = {pk for pk in unknown if pk <= LARGEST_ID}
        mine = set(
            Dealbreaker.objects.for_user(user).filter(pk__in=possible).values_list("pk", flat=True)
        )
        if Dealbreaker.objects.filter(pk__in=possible - mine).exists():
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
        problem = answer_problem(value, note)
        if problem:
            errors.append(problem.format(question=dealbreaker.question, value=value[:20]))
        elif value:
            parsed.append((dealbreaker, phase, value, note, answered_at))
    if errors:
        raise BadAnswers(errors)
    return parsed


def parse_tap(data):
    """A Tap from a POST that needs no message, else None: whatever is wrong with it is
    explained by the full path, which knows the questions (parse_answers)."""
    values, notes, bad = read_fields(data)
    named = values.keys() | notes.keys()
    if bad:
        return None
    answers = {}
    for pk in named:
        value, note = values.get(pk, ""), notes.get(pk, "").strip()
        if answer_problem(value, note):
            return None
        if value:
            answers[pk] = (value, note)
    try:
        answered_at = parse_answered_at(data.get("answered_at", ""))
        client_key = parse_client_key(data.get("client_key", ""))
    except BadAnswers:
        return None
    return Tap(answers, frozenset(named), answered_at, client_key)


def parse_client_key(raw):
    if raw and not CLIENT_KEY.match(raw):
        raise BadAnswers(["The answer's key is not one this app sends."])
    return raw


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def tap_json(kept, sent, verdict, counts):
    """The JSON answer to a tap: which answers were stored, and the verdict after them."""
    return {
        "saved": sorted(kept),
        # A newer answer from another device was already stored: it stands.
        "stale": sorted(set(sent) - set(kept)),
        "verdict": verdict.as_dict(),
        "progress": {phase: list(count) for phase, count in counts.items()},
    }


def quick_tap(request, pk, phase):
    """The JSON answer to a tap that needs no message, stored and worked out in one
    statement (checklist.save_tap); None when the full path must answer instead."""
    tap = parse_tap(request.POST)
    saved = tap and save_tap(request.user, pk, phase, tap)
    if not saved:
        return None
    if not saved.found:
        raise Http404("No such interview.")
    if not saved.asked:
        return None  # nothing was stored: the full path says which question is not asked
    return JsonResponse(tap_json(saved.kept, tap.answers, saved.verdict, saved.progress))


@login_required
@require_http_methods(["GET", "POST"])
def checklist(request, pk, phase):
    """The fit checklist for one phase. Each tap posts here on its own (JSON back, with the
    new verdict); without JavaScript the whole form posts and the page reloads."""
    if request.method == "POST" and wants_json(request):
        response = quick_tap(request, pk, phase)
        if response:
            return response
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
        return JsonResponse(tap_json(kept, [d.pk for d, *_ in sent], verdict, counts))
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
