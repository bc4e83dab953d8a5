"""The fit checklist at /interviews/<id>/checklist/<phase>/: the page with its plain form
post (JavaScript off), and the JSON tap that js/checklist.js and the offline queue send."""

import re
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from .. import limits
from ..checklist import device_data, evaluate_interview, progress
from ..models import ChecklistAnswer, Dealbreaker
from ..owned import get_interview_for_user

FIELD = re.compile(r"(answer|note)_(.*)", re.DOTALL)
# ASCII digits only: str.isdigit() is true for "²", which int() refuses, and for "١",
# which int() reads as 1.
DIGITS = re.compile(r"[0-9]+")
# The largest id a row can have (BigAutoField): a larger one names nothing, and must not
# reach the database as a parameter (PostgreSQL: "bigint out of range"; SQLite: overflow).
LARGEST_ID = 2**63 - 1
# An offline queue's idempotency key: a UUID in practice; letters, digits, - and _.
CLIENT_KEY = re.compile(rf"[A-Za-z0-9_-]{{1,{ChecklistAnswer.CLIENT_KEY_MAX_LENGTH}}}")


class BadAnswers(Exception):
    def __init__(self, errors):
        self.errors = errors


def shown(text, limit):
    """Sent text quoted back in a message: cut short, control characters made visible."""
    cut = text[:limit] + ("…" if len(text) > limit else "")
    return "".join(c if c.isprintable() else "\ufffd" for c in cut)


def parse_answered_at(raw):
    now = timezone.now()
    if not raw:
        return now
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        when = None
    # A NUL, which fromisoformat would read up to as C does, was refused before any view
    # (walkout.middleware.ControlCharacterMiddleware).
    if when is None:
        raise BadAnswers(["The answer time is not a date and time."])
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    # A device clock running fast must not date an answer in the future: it would then
    # beat every later answer until that moment. Nothing can be answered after "now", so
    # the answer is kept, as given now.
    if when > now:
        return now
    # Refused rather than clamped: a time this early is no clock running slow but one made
    # up, and there is no real moment to put in its place. (A clock reset to nothing
    # reads 1970, which passes.)
    try:
        limits.check_datetime(when)
    except ValidationError as error:
        raise BadAnswers([f"The answer time is out of range. {error.messages[0]}"]) from None
    return when


def parse_client_key(raw):
    if raw and not CLIENT_KEY.fullmatch(raw):
        raise BadAnswers(["The answer's key is not one this app sends."])
    return raw


def read_fields(data):
    """({id: answer}, {id: note}, errors) from a POST's answer_<id> and note_<id> fields;
    no database. An id no row can have is an error here, so it never reaches a query."""
    values, notes, errors = {}, {}, []
    for key in data:
        match = FIELD.fullmatch(key)
        if not match:
            continue
        kind, raw_id = match.groups()
        if not DIGITS.fullmatch(raw_id):
            errors.append(f"“{shown(key, 40)}” does not name a question.")
            continue
        # Counted before int(): Python refuses to read more than 4,300 digits.
        digits = raw_id.lstrip("0")
        if not digits or len(digits) > len(str(LARGEST_ID)) or int(digits) > LARGEST_ID:
            errors.append(f"There is no question {shown(raw_id, 20)}.")
            continue
        (values if kind == "answer" else notes)[int(digits)] = data.get(key, "")
    if not (values or notes or errors):
        errors.append("There is nothing to save: no answer or note was sent.")
    return values, notes, errors


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
    values, notes, errors = read_fields(data)
    by_id = {d.pk: d for d in asked}
    unknown = (values.keys() | notes.keys()) - by_id.keys()
    if unknown:
        # Another user's question is answered exactly like one that does not exist: nobody
        # can tell from the answer that it does.
        mine = set(
            Dealbreaker.objects.for_user(user).filter(pk__in=unknown).values_list("pk", flat=True)
        )
        for pk in sorted(unknown):
            if pk in mine:
                errors.append(f"Question {pk} is not on the {phase} checklist.")
            else:
                errors.append(f"There is no question {pk}.")
    try:
        answered_at = parse_answered_at(data.get("answered_at", ""))
    except BadAnswers as bad:
        answered_at = None  # nothing is stored: the other fields are still checked
        errors += bad.errors
    parsed = []
    for pk, dealbreaker in by_id.items():
        value = values.get(pk, "")
        note = notes.get(pk, "").strip()
        problem = answer_problem(value, note)
        if problem:
            errors.append(problem.format(question=dealbreaker.question, value=shown(value, 20)))
        elif value:
            parsed.append((dealbreaker, phase, value, note, answered_at))
    if errors:
        raise BadAnswers(errors)
    return parsed


def save_answers(request, interview, dealbreakers, phase):
    """Store what a POST answers, with record()'s rules: (answers sent, ids stored, the
    sender's key). BadAnswers, and nothing stored, when any of it is wrong."""
    asked = [d for d in dealbreakers if d.phase in (phase, Dealbreaker.Phase.BOTH)]
    key = parse_client_key(request.POST.get("client_key", ""))
    sent = parse_answers(request.POST, request.user, asked, phase)
    return sent, ChecklistAnswer.objects.record(interview, sent, client_key=key), key


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def checklist(request, pk, phase):
    """One address for the page and for a tap: offline queues on phones hold it."""
    if request.method == "POST" and wants_json(request):
        return tap(request, pk, phase)
    return checklist_page(request, pk, phase)


@login_required
@require_POST
def tap(request, pk, phase):
    """One tap, stored on its own: which answers were stored, and the verdict after them."""
    interview = get_interview_for_user(request.user, pk)
    dealbreakers = list(Dealbreaker.objects.for_user(request.user).active())
    try:
        sent, kept, key = save_answers(request, interview, dealbreakers, phase)
    except BadAnswers as bad:
        return JsonResponse({"errors": bad.errors}, status=400)
    sent_ids = {d.pk for d, *_ in sent}
    answers = list(interview.answers.filter(dealbreaker__isnull=False))
    if key:
        # A request sent again (its first response lost) was stored the first time: the
        # rows still carrying its key say so, without another query.
        kept |= {
            a.dealbreaker_id
            for a in answers
            if a.phase == phase and a.client_key == key and a.dealbreaker_id in sent_ids
        }
    verdict = evaluate_interview(interview, dealbreakers, answers, request.user.concern_threshold)
    counts = progress(dealbreakers, answers)
    return JsonResponse(
        {
            "saved": sorted(kept),
            # A newer answer from another device was already stored: it stands.
            "stale": sorted(sent_ids - kept),
            "verdict": verdict.as_dict(),
            "progress": {phase: list(count) for phase, count in counts.items()},
        }
    )


@login_required
@require_http_methods(["GET", "POST"])
def checklist_page(request, pk, phase):
    """The fit checklist for one phase; without JavaScript the whole form posts here."""
    interview = get_interview_for_user(request.user, pk)
    dealbreakers = list(Dealbreaker.objects.for_user(request.user).active())
    errors = []
    if request.method == "POST":
        try:
            sent, kept, _ = save_answers(request, interview, dealbreakers, phase)
        except BadAnswers as bad:
            errors = bad.errors
        else:
            stale = len(sent) - len(kept)
            note = f" {stale} kept a newer answer from another device." if stale else ""
            plural = "s" if len(kept) != 1 else ""
            messages.success(request, f"Saved {len(kept)} answer{plural}.{note}")
            return redirect(request.path)
    answers = list(interview.answers.filter(dealbreaker__isnull=False))
    verdict = evaluate_interview(interview, dealbreakers, answers, request.user.concern_threshold)
    mine = {a.dealbreaker_id: a for a in answers if a.phase == phase}
    other = {a.dealbreaker_id: a for a in answers if a.phase != phase}
    items = []
    for d in dealbreakers:
        if d.phase not in (phase, Dealbreaker.Phase.BOTH):
            continue
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
            "progress": progress(dealbreakers, answers),
            "errors": errors,
            "answer_choices": ChecklistAnswer.Answer.choices,
            "note_max_length": ChecklistAnswer.NOTE_MAX_LENGTH,
            "device": device_data(interview, dealbreakers, answers, request.user),
            "stopped_clock": interview.stopped_clock() if phase == "mid" else "",
            # The starter "pay meets my floor" asks for its floor where it is first asked.
            "ask_floor": next(
                (item["dealbreaker"] for item in items if item["dealbreaker"].wants_floor), None
            ),
        },
        status=400 if errors else 200,
    )
