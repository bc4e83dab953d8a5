from collections import Counter
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, StringAgg, Sum, Value
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_http_methods

from .. import tailoring, timing
from ..checklist import interview_verdict
from ..forms import DecisionForm, ReflectionForm
from ..models import Decision, ScriptTemplate
from ..owned import get_decision_for_user, get_interview_for_user
from ..text import counted, without_legal_form
from ..verdict import DEAD_END

PAGE_SIZE = 20


def addressed(interview):
    """(full name, how the script addresses them) of the interviewer the script speaks to.

    The lead interviewer among the contacts (the first the user gave), else the first one
    typed in before interviewers were contacts; the interview's own "address as" wins, then
    the contact's, then their name worked out (tailoring.spoken_name)."""
    contact, full = interview.lead()
    spoken = (
        interview.address_as.strip()
        or (contact.address_as.strip() if contact else "")
        or tailoring.spoken_name(full)
    )
    return full, spoken


def script_values(interview, user, spoken=None):
    if spoken is None:
        spoken = addressed(interview)[1]
    return {
        "interviewer": spoken,
        # Said aloud: “the team at Northwind Analytics”, not “… GmbH”.
        "company": without_legal_form(interview.application.company),
        "role": interview.application.role,
        "my_name": user.display_name,
    }


def chosen_script(request, interview, templates, values=None):
    """The template, format and length asked for in the query string, with defaults."""
    values = values or script_values(interview, request.user)
    params = request.GET if request.method == "GET" else request.POST
    fmt = params.get("format") or interview.format
    fmt = fmt if fmt in tailoring.FORMATS else tailoring.IN_PERSON
    length = params.get("length") if params.get("length") in tailoring.LENGTHS else tailoring.FULL
    by_id = {str(t.pk): t for t in templates}
    wanted = params.get("template", "")
    template = by_id.get(wanted)
    if template is None and wanted != "article":
        template = next((t for t in templates if t.is_default), None)
    body = template.body if template else tailoring.default_template(fmt, length)
    return {
        "format": fmt,
        "length": length,
        "template": template,
        "script": tailoring.fill(body, values),
    }


def every_variant(templates, values):
    """Every script the page can switch to, filled: the article's in each format and
    length ("in_person:full"), and each of the user's own. js/script-variants.js switches
    between them on the page, so that each variant also works from the phone's copy."""
    article = {
        f"{fmt}:{length}": tailoring.fill(tailoring.default_template(fmt, length), values).text
        for fmt in tailoring.FORMATS
        for length in tailoring.LENGTHS
    }
    own = {str(t.pk): tailoring.fill(t.body, values).text for t in templates}
    default = next((str(t.pk) for t in templates if t.is_default), "article")
    return {"article": article, "own": own, "default_template": default}


@login_required
def exit_script(request, pk):
    interview = get_interview_for_user(request.user, pk)
    verdict, _, answers = interview_verdict(interview, request.user)
    if verdict.state != DEAD_END and request.GET.get("confirmed") != "1":
        return render(
            request,
            "interviews/negotiation_guard.html",
            {
                "interview": interview,
                "verdict": verdict,
                "next": "exit_script",
                "asked": "confirmed" in request.GET,
            },
        )
    templates = list(ScriptTemplate.objects.for_user(request.user))
    full_name, spoken = addressed(interview)
    values = script_values(interview, request.user, spoken)
    notes = {a.dealbreaker_id: a.note for a in answers if a.note}
    reasons = [(reason, notes.get(reason.item_id, "")) for reason in verdict.reasons[:3]]
    # Before the start the buttons to record what happened wait (the decision form would
    # only say it is too early); js/once-started.js shows them from the start on in a copy
    # kept on the phone, so the page the server sends carries them, hidden.
    awaits_start = interview.awaits_start()
    return render(
        request,
        "interviews/exit_script.html",
        {
            "interview": interview,
            "application": interview.application,
            "verdict": verdict,
            "templates": templates,
            "formats": [
                (tailoring.IN_PERSON, "In person"),
                (tailoring.VIDEO, "Video"),
                (tailoring.PHONE, "Phone"),
            ],
            "reasons": reasons,
            "confirmed": verdict.state != DEAD_END,
            "interviewer_name": full_name,
            "awaits_start": awaits_start,
            "opens_at": timing.moment(interview.starts_at, timezone.now()) if awaits_start else "",
            "variants": {**every_variant(templates, values), "default_format": interview.format},
            **chosen_script(request, interview, templates, values),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision(request, pk):
    interview = get_interview_for_user(request.user, pk)
    verdict, _, _ = interview_verdict(interview, request.user)
    existing = Decision.objects.filter(interview=interview).first()
    guarded = verdict.state != DEAD_END
    # Default to now, kept within the interview's planned time.
    now = min(max(timezone.now(), interview.starts_at), interview.ends_at)
    initial = {
        "choice": request.GET.get("choice") or (existing.choice if existing else None),
        "decided_at": existing.decided_at if existing else now.replace(second=0, microsecond=0),
        # Confirmed already on the exit script's guard: not asked twice.
        "not_a_tactic": request.GET.get("confirmed") == "1",
    }
    form = DecisionForm(request.POST or None, initial=initial, interview=interview, guarded=guarded)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["choice"]
        shown = chosen_script(
            request, interview, list(ScriptTemplate.objects.for_user(request.user))
        )
        decision = Decision.record(
            interview,
            choice,
            form.cleaned_data["decided_at"],
            reasons=[reason.question for reason in verdict.reasons],
            script=shown["script"].text,
        )
        minutes = decision.minutes_saved
        saved = f" {counted(minutes, 'minute')} saved." if minutes else ""
        verb = "Corrected" if existing else "Recorded"
        messages.success(request, f"{verb}: {decision.get_choice_display()}.{saved}")
        return redirect("decision_list")
    return render(
        request,
        "interviews/decision_form.html",
        {
            "interview": interview,
            "application": interview.application,
            "form": form,
            "verdict": verdict,
            "guarded": guarded,
            "existing": existing,
            # Nothing can be recorded before the start (the form says so): say it up front.
            "not_started": not form.is_bound and interview.awaits_start(),
            "carry": {k: request.GET.get(k, "") for k in ("format", "length", "template")},
        },
    )


def review_totals(decisions, shown):
    """The review page's totals over every decision, and the number `shown` selects.

    One pass over every decision, in the database: the counts, the number shown (the
    paginator takes it instead of counting again), and the walk-outs' reasons as one text
    (one per line), counted here."""
    walked = Q(choice=Decision.Choice.WALKED_OUT)
    totals = decisions.order_by().aggregate(
        shown=Count("id", filter=shown) if shown else Count("id"),
        walk_outs=Count("id", filter=walked),
        minutes=Sum("minutes_saved", filter=walked),
        right=Count("id", filter=Q(right_call=Decision.RightCall.YES)),
        regrets=Count("id", filter=Q(right_call=Decision.RightCall.NO)),
        reasons=StringAgg("reasons", Value("\n"), filter=walked),
    )
    reasons = Counter(
        line.strip() for line in (totals.pop("reasons") or "").splitlines() if line.strip()
    )
    return {**totals, "top_reasons": reasons.most_common(5)}


@login_required
def decision_list(request):
    decisions = Decision.objects.for_user(request.user)
    choice = request.GET.get("choice", "")
    if choice and choice not in Decision.Choice.values:
        messages.warning(request, f"“{choice[:40]}” is not a choice; showing every choice.")
        choice = ""
    start = parse_date_safe(request.GET.get("from", ""))
    end = parse_date_safe(request.GET.get("to", ""))
    for name, value in (("from", start), ("to", end)):
        raw = request.GET.get(name, "")
        if raw and value is None:
            messages.warning(request, f"“{raw[:20]}” is not a date (use YYYY-MM-DD); ignored.")
    if start and end and start > end:
        messages.warning(request, "“From” was after “To”: showing the decisions between them.")
        start, end = end, start
    shown = Q()
    if choice:
        shown &= Q(choice=choice)
    if start:
        shown &= Q(decided_at__date__gte=start)
    if end:
        shown &= Q(decided_at__date__lte=end)
    filters = urlencode(
        [(k, v) for k, v in (("choice", choice), ("from", start), ("to", end)) if v]
    )
    stats = review_totals(decisions, shown)
    paginator = Paginator(
        decisions.filter(shown)
        .select_related("interview__application")
        .order_by("-decided_at", "-id"),
        PAGE_SIZE,
    )
    paginator.count = stats["shown"]
    judged = stats["right"] + stats["regrets"]
    return render(
        request,
        "interviews/decision_list.html",
        {
            "page": paginator.get_page(request.GET.get("page")),
            "choice": choice,
            "start": start,
            "end": end,
            "filters": filters,
            "choices": Decision.Choice.choices,
            "filtered": bool(choice or start or end),
            "walk_outs": stats["walk_outs"],
            "time_saved": timing.length(stats["minutes"] or 0),
            "right_call_rate": round(100 * stats["right"] / judged) if judged else None,
            "regrets": stats["regrets"],
            "top_reasons": stats["top_reasons"],
        },
    )


def parse_date_safe(raw):
    try:
        return parse_date(raw) if raw else None
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def decision_reflect(request, pk):
    decision = get_decision_for_user(request.user, pk)
    form = ReflectionForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        reflection = form.save(commit=False)
        reflection.reflected_at = timezone.now()
        reflection.save()
        messages.success(request, "Reflection saved. Thank you for looking back.")
        return redirect("decision_list")
    return render(
        request,
        "interviews/decision_reflect.html",
        {"decision": decision, "interview": decision.interview, "form": form},
    )
