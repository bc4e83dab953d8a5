from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.views.decorators.http import require_http_methods

from ..checklist import interview_verdict, progress
from ..forms import InterviewForm
from ..models import Decision
from ..owned import get_application_for_user, get_interview_for_user


@login_required
@require_http_methods(["GET", "POST"])
def interview_create(request, application_pk):
    application = get_application_for_user(request.user, application_pk)
    form = InterviewForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        interview = form.save()
        moved = application.advance_for(interview)
        note = f" {application.company} is now at “{moved}”." if moved else ""
        messages.success(request, f"Interview scheduled.{note}")
        if application.is_closed:
            messages.warning(
                request,
                f"{application.company} is closed as “{application.get_status_display()}”, so"
                " this interview is not on Today. Change the application's status to reopen it.",
            )
        return redirect(interview)
    return render(
        request, "interviews/interview_form.html", {"form": form, "application": application}
    )


@login_required
def interview_detail(request, pk):
    interview = get_interview_for_user(request.user, pk)
    verdict, dealbreakers, answers = interview_verdict(interview, request.user)
    return render(
        request,
        "interviews/interview_detail.html",
        {
            "interview": interview,
            "application": interview.application,
            "verdict": verdict,
            "progress": progress(dealbreakers, answers),
            "decision": Decision.objects.filter(interview=interview).first(),
            "contacts": interview.interviewer_contacts(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_edit(request, pk):
    interview = get_interview_for_user(request.user, pk)
    form = InterviewForm(
        request.POST or None, instance=interview, application=interview.application
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Interview saved.")
        return redirect(interview)
    return render(
        request,
        "interviews/interview_form.html",
        {"form": form, "application": interview.application, "interview": interview},
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_delete(request, pk):
    interview = get_interview_for_user(request.user, pk)
    application = interview.application
    if request.method == "POST":
        interview.delete()
        messages.success(request, "Interview deleted.")
        return redirect(application)
    return render(
        request,
        "interviews/confirm_delete.html",
        {
            "title": "Delete interview",
            "question": "Delete this interview?",
            "consequences": format_html(
                "The {} interview for <strong>{}</strong> on {} will be deleted with its "
                "checklist answers. This cannot be undone.",
                interview.get_kind_display().lower(),
                application,
                date_format(localtime(interview.starts_at), "j M Y, H:i"),
            ),
            "button": "Delete interview",
            "cancel_url": interview.get_absolute_url(),
            "keep": "Keep it",
        },
    )
