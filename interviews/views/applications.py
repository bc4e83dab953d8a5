from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from ..checklist import verdicts_for
from ..forms import ApplicationForm
from ..models import Application, Decision, Interview
from ..owned import get_application_for_user

PAGE_SIZE = 25


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
        .order_by("-updated_at", "-id")
    )
    query = request.GET.get("q", "").strip()[:200]
    status = request.GET.get("status", "")
    resume = request.GET.get("resume", "").strip()[:100]
    if query:
        applications = applications.search(query)
    if resume:
        applications = applications.filter(resume_version=resume)
    if status:
        if status in Application.Status.values:
            applications = applications.filter(status=status)
        elif status == "open":
            applications = applications.open()
        elif status == "closed":
            applications = applications.closed()
        else:
            messages.warning(request, f"“{status[:40]}” is not a status; showing every status.")
            status = ""
    return render(
        request,
        "interviews/application_list.html",
        {
            "page": Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query,
            "status": status,
            "resume": resume,
            "statuses": Application.Status.choices,
            "filtered": bool(query or status or resume),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request):
    form = ApplicationForm(
        request.POST or None,
        owner=request.user,
        allow_duplicates=bool(request.POST.get("save_anyway")),
    )
    form.instance.owner = request.user
    if request.method == "POST" and form.is_valid():
        application = form.save()
        messages.success(request, f"Added {application}.")
        for past in (
            Decision.objects.for_user(request.user).walked_out().at_company(application.company)
        ):
            messages.warning(
                request,
                f"You walked out of an interview at {past.interview.application.company} on "
                f"{timezone.localtime(past.decided_at):%-d %b %Y}"
                + (f": {'; '.join(past.reason_list)}." if past.reason_list else "."),
            )
        return redirect(application)
    return render(request, "interviews/application_form.html", {"form": form})


@login_required
def application_detail(request, pk):
    application = get_application_for_user(request.user, pk)
    interviews = list(application.interviews.order_by("starts_at"))
    for interview in interviews:
        interview.application = application  # already fetched: no query per interview
    verdicts = verdicts_for(interviews, request.user)
    for interview in interviews:
        interview.verdict = verdicts[interview.pk]
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
            "walk_outs": walk_outs,
            "contacts": application.contacts.order_by("name", "id"),
            "timeline": application.status_changes.order_by("-changed_at", "-id"),
            "statuses": Application.Status.choices,
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


@login_required
@require_POST
def followup_done(request, pk):
    application = get_application_for_user(request.user, pk)
    action = application.next_action or "Follow-up"
    if application.mark_follow_up_done():
        messages.success(request, f"Done: {action} ({application.company}).")
    else:
        messages.info(request, f"{application} has no follow-up to mark done.")
    return redirect_back(request, application)
