from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST

from .. import prep
from ..checklist import as_facts, rounds_of, verdicts_for
from ..duplicates import find_duplicates
from ..filters import DEFAULT_SORT, SORT_CHOICES, SORTS, ApplicationFilter, ordering
from ..forms import ApplicationForm, DocumentForm, TakeBackForm
from ..models import Application, Dealbreaker, Decision, Interview, Tag
from ..owned import get_application_for_user
from ..postings import from_share, prefill, read_posting
from ..tags import tag_key
from ..verdict import NO, as_item, rule_outcome

PAGE_SIZE = 25


# What the list says about a value it cannot use; "{}" is the value as sent.
IGNORED = {
    "status": "“{}” is not a status; showing every status.",
    "priority": "“{}” is not a priority (1 to 5); showing every priority.",
    "work_mode": "“{}” is not a work mode (on site, hybrid or remote); showing every one.",
    "sort": "“{}” is not a way to sort the list; sorted by last change, newest first.",
    "from": "“{}” is not a date from 1900 to 2100 (use YYYY-MM-DD); ignored.",
    "to": "“{}” is not a date from 1900 to 2100 (use YYYY-MM-DD); ignored.",
}
# The filters folded under "More filters", shown open when one of them is in use.
MORE_FILTERS = ("tag", "priority", "work_mode", "source", "from", "to")
MOST_SOURCES = 200  # offered in the source filter; any other still works typed in the address


def sort_columns(active, sort):
    """Each sortable column's heading, its link (the other way round when it is the sort
    already) and its aria-sort value."""
    others = [(name, value) for name, value in active if name != "sort"]
    columns = {}
    for key, (label, _, first, _, _) in SORTS.items():
        if sort.lstrip("-") == key:
            descending = sort.startswith("-")
            link = key if descending else f"-{key}"
            state = "descending" if descending else "ascending"
        else:
            link, state = first + key, ""
        columns[key] = {
            "label": label,
            "url": "?" + urlencode([*others, ("sort", link)]),
            "aria": state,
        }
    return columns


def filter_options(names, chosen, key=str.casefold):
    """[(name, selected)] for a filter's <select>: each name once (ignoring case, as the
    filter does), the chosen one selected once; a chosen name the user no longer has (an
    old bookmark) is added so the page still says what it is filtered by."""
    options, selected = {}, None
    for name in names:
        options.setdefault(key(name), name)
    if chosen:
        selected = key(chosen)
        options.setdefault(selected, chosen)
    return [(name, found == selected) for found, name in options.items()]


@login_required
def application_list(request):
    # The interview count is a subquery per row shown, not a join grouped over every
    # application: the page's 25 rows come straight off the (owner, updated_at) index, and
    # the paginator's count drops the unused annotation.
    interviews = (
        Interview.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    applications = (
        Application.objects.for_user(request.user)
        .annotate(interview_count=Coalesce(Subquery(interviews), 0))
        .order_by(*ordering(DEFAULT_SORT))
        # One query for the tags of the page's rows, whatever their number, as a plain
        # list on each row (no manager and queryset per row in the template).
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("name"), to_attr="tag_list"))
    )
    filterset = ApplicationFilter(request.GET, queryset=applications)
    for name in filterset.errors:
        raw = request.GET.get(name, "")[:40]
        messages.warning(request, IGNORED.get(name, "“{}” cannot be read; ignored.").format(raw))
    cleaned = filterset.form.cleaned_data
    active = [
        (name, cleaned[name].isoformat() if name in ("from", "to") else cleaned[name])
        for name in ("q", "status", *MORE_FILTERS, "resume", "sort")
        if cleaned.get(name) not in (None, "")
    ]
    values = dict(active)
    sort = values.get("sort", DEFAULT_SORT)
    sources = (
        Application.objects.for_user(request.user)
        .exclude(source="")
        .order_by("source")
        .values_list("source", flat=True)
        .distinct()[:MOST_SOURCES]
    )
    tag_names = list(Tag.objects.for_user(request.user).values_list("name", flat=True))
    return render(
        request,
        "interviews/application_list.html",
        {
            "page": Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "values": values,
            "query": values.get("q", ""),
            "status": values.get("status", ""),
            "resume": values.get("resume", ""),
            "sort": sort,
            "columns": sort_columns(active, sort),
            "filters": urlencode(active),
            "without_resume": urlencode([(n, v) for n, v in active if n != "resume"]),
            "statuses": Application.Status.choices,
            "priorities": Application.Priority.choices,
            "work_modes": Application.WorkMode.choices,
            "sort_choices": SORT_CHOICES,
            "tag_names": tag_names,
            "tag_options": filter_options(tag_names, values.get("tag", ""), key=tag_key),
            "source_options": filter_options(sources, values.get("source", "")),
            "more_filters": any(name in values for name in MORE_FILTERS),
            "filtered": any(name != "sort" for name in values),
            "here": request.get_full_path(),
        },
    )


# What a phone's share sheet sends (the manifest's share_target names them).
SHARE_PARAMS = ("title", "text", "url")
# The longest value a prefill takes from an address for a field without a length of its own.
LONGEST_PREFILL = 50_000


def _prefill_from_address(request, form):
    """Initial values from the address: the form's own field names, as given."""
    initial = {}
    for name, field in form.fields.items():
        if name not in request.GET:
            continue
        if name == "contacts":
            initial[name] = request.GET.getlist(name)[:100]
        else:
            initial[name] = request.GET[name][
                : getattr(field, "max_length", None) or LONGEST_PREFILL
            ]
    return initial


def _walk_outs_at(user, company):
    return list(Decision.objects.for_user(user).walked_out().at_company(company)) if company else []


def _walk_out_message(past):
    return (
        f"You walked out of an interview at {past.interview.application.company} on "
        f"{timezone.localtime(past.decided_at):%-d %b %Y}"
        + (f": {'; '.join(past.reason_list)}." if past.reason_list else ".")
    )


def _capture_page(request, posting=None, pasted=False):
    """The new-application form prefilled from the address, and from a posting read from a
    share or a paste; nothing is saved. It warns early, as saving would, about an
    application the user already has and an earlier walk-out at the company."""
    form = ApplicationForm(owner=request.user)
    initial, hints = prefill(posting) if posting is not None else ({}, [])
    if posting is not None:
        # A job found, as other trackers' clippers keep it: on the wish list until sent.
        form.initial["status"] = Application.Status.WISHLIST
    address = _prefill_from_address(request, form)
    # A paste is newer than the address it was made on; a share's own fields are not.
    initial = {**address, **initial} if pasted else {**initial, **address}
    form.initial.update(initial)
    context = {
        "form": form,
        "capturing": request.GET.get("capture") == "1" and not pasted,
        # The paste box starts open on a blank form; not when something filled it in.
        "prefilled": bool(initial),
    }
    if posting is not None:
        context.update(
            posting=posting,
            found=_found(form, initial),
            hints=hints,
            pasted=pasted,
        )
    if initial:
        context["early_duplicates"] = find_duplicates(
            request.user,
            company=str(initial.get("company", "")),
            role=str(initial.get("role", "")),
            posting_url=str(initial.get("posting_url", "")),
        )
        context["early_walk_outs"] = [
            _walk_out_message(past)
            for past in _walk_outs_at(request.user, str(initial.get("company", "")).strip())
        ]
    return render(request, "interviews/application_form.html", context)


def _found(form, initial):
    """(label, value) of each field a posting filled, in the form's order."""
    rows = []
    for name, field in form.fields.items():
        value = initial.get(name)
        if value in (None, "", []):
            continue
        if name == "work_mode":
            value = dict(Application.WorkMode.choices).get(value, value)
        elif name == "job_description":
            value = f"{len(value):,} characters"
        elif name in ("salary_min", "salary_max"):
            value = f"{value:,}" if isinstance(value, int) else value
        rows.append((field.label or name, value))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request):
    if request.method == "POST" and "paste" in request.POST:
        # "Paste a posting": read it and show the prefilled form; saving is a second step.
        posting = read_posting(request.POST["paste"])
        if not posting:
            messages.warning(
                request,
                "Walkout found no job posting in what you pasted (no role, company, link or "
                "text). Fill in the form yourself, or paste the posting's page source.",
            )
            return _capture_page(request)
        return _capture_page(request, posting, pasted=True)
    if request.method == "GET":
        shared = {name: request.GET.get(name, "") for name in SHARE_PARAMS}
        return _capture_page(request, from_share(**shared) if any(shared.values()) else None)
    form = ApplicationForm(
        request.POST,
        owner=request.user,
        allow_duplicates=bool(request.POST.get("save_anyway")),
    )
    form.instance.owner = request.user
    if form.is_valid():
        application = form.save()
        messages.success(request, f"Added {application}.")
        for past in _walk_outs_at(request.user, application.company):
            messages.warning(request, _walk_out_message(past))
        return redirect(application)
    return render(request, "interviews/application_form.html", {"form": form})


@login_required
def application_detail(request, pk):
    application = get_application_for_user(request.user, pk)
    interviews = list(application.interviews.order_by("starts_at", "id").with_interviewers())
    for interview in interviews:
        interview.application = application  # already fetched: no query per interview
    dealbreakers = list(Dealbreaker.objects.for_user(request.user).active())
    verdicts = verdicts_for(interviews, request.user, dealbreakers)
    for interview in interviews:
        interview.verdict = verdicts[interview.pk]
    # The rounds side by side: each dealbreaker against each interview that took place.
    rounds = rounds_of(i for i in interviews if i.status != Interview.Status.CANCELLED)
    grid = prep.grid(dealbreakers, rounds)
    # What the user's own rules already say from the application's data (a salary below
    # their floor, a work mode they do not accept), before any interview is answered.
    facts = as_facts(application)
    rules_against = [
        (dealbreaker, because)
        for dealbreaker in dealbreakers
        for outcome, because in [rule_outcome(as_item(dealbreaker), facts)]
        if outcome == NO
    ]
    walk_outs = [
        past
        for past in Decision.objects.for_user(request.user)
        .walked_out()
        .at_company(application.company)
        if past.interview.application_id != application.pk
    ]
    return render(
        request,
        "interviews/application_detail.html",
        {
            "application": application,
            "interviews": interviews,
            "rounds": rounds,
            "grid": grid,
            "walk_outs": walk_outs,
            "rules_against": rules_against,
            "contacts": application.contacts.order_by("name", "id"),
            "documents": application.documents.all(),
            "document_form": DocumentForm(),
            "timeline": application.status_changes.order_by("-changed_at", "-id"),
            "statuses": Application.Status.choices,
            "today": timezone.localdate(),  # the user's: is the next action overdue?
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    application = get_application_for_user(request.user, pk)
    form = ApplicationForm(request.POST or None, instance=application, owner=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Application saved.")
        return redirect(application)
    return render(
        request, "interviews/application_form.html", {"form": form, "application": application}
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_delete(request, pk):
    application = get_application_for_user(request.user, pk)
    if request.method == "POST":
        name = str(application)
        application.delete()
        messages.success(request, f"Deleted {name} and its interviews.")
        return redirect("application_list")
    interview_count = application.interviews.count()
    with_it = (
        f", with its {interview_count} interview{pluralize(interview_count)} and their checklists"
        if interview_count
        else ""
    )
    return render(
        request,
        "interviews/confirm_delete.html",
        {
            "title": f"Delete {application}",
            "question": "Delete this application?",
            "consequences": format_html(
                "<strong>{}</strong> will be deleted{}. This cannot be undone.",
                application,
                with_it,
            ),
            "button": "Delete application",
            "cancel_url": application.get_absolute_url(),
            "keep": "Keep it",
        },
    )


def ours_or(request, url, default):
    """`url` if it is an address on this site (a ``next`` from a form or a link), else
    `default`: never a redirect elsewhere. Only a path is an address: redirect() takes a
    bare word ("dashboard", "١٢") for a view's name, and fails on one that names none."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def redirect_back(request, default):
    """Back to the page the form came from (``next``), if it is one of ours."""
    return redirect(ours_or(request, request.POST.get("next", ""), default))


def success_with_undo(request, application, text, entry, **restore):
    """A success message for a tap, with an Undo button that takes its timeline `entry`
    back (Application.take_back) and returns to the same page; `restore` holds what the
    undo puts back that no row keeps any more."""
    back = ours_or(request, request.POST.get("next", ""), application.get_absolute_url())
    html = render_to_string(
        "interviews/includes/undo_message.html",
        {
            "text": text,
            "application": application,
            "entry": entry,
            "restore": restore,
            "back": back,
        },
        request=request,
    )
    messages.success(request, html)


@login_required
@require_POST
def followup_done(request, pk):
    application = get_application_for_user(request.user, pk)
    action, due = application.next_action, application.next_action_on
    if application.mark_follow_up_done():
        success_with_undo(
            request,
            application,
            f"Done: {action or 'Follow-up'} ({application.company}).",
            application.newest_entry(),
            next_action=action,
            next_action_on=due.isoformat() if due else "",
        )
    else:
        messages.info(request, f"{application} has no follow-up to mark done.")
    return redirect_back(request, application)


@login_required
@require_POST
def application_take_back(request, pk):
    """Undo the tap just made on an application: the message after the tap offers it."""
    application = get_application_for_user(request.user, pk)
    form = TakeBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"That undo could not be read; {application} was not changed.")
        return redirect_back(request, application)
    status = application.status
    taken_back = application.take_back(
        form.cleaned_data["entry"],
        form.cleaned_data["next_action"],
        form.cleaned_data["next_action_on"],
    )
    if not taken_back:
        messages.info(
            request,
            f"Nothing to undo: {application} has changed since, or this was undone already.",
        )
    elif application.status != status:
        messages.success(
            request, f"Undone: {application} is back in {application.get_status_display()}."
        )
    else:
        due = application.next_action or "Follow up"
        messages.success(request, f"Undone: “{due}” is due again ({application.company}).")
    return redirect_back(request, application)
