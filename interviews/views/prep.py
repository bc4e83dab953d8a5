"""The prep sheet at /interviews/<id>/prep/: what is still open for this application before
this interview, and the questions that would settle it."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render

from .. import prep
from ..checklist import as_facts, rounds_of, with_interviewers
from ..models import Dealbreaker, Interview
from ..owned import get_interview_for_user


def earlier_interviews(interview):
    """The application's interviews before this one, oldest first; cancelled ones said
    nothing."""
    before = Q(starts_at__lt=interview.starts_at) | Q(
        starts_at=interview.starts_at, pk__lt=interview.pk
    )
    return with_interviewers(
        Interview.objects.filter(application_id=interview.application_id)
        .filter(before)
        .exclude(status=Interview.Status.CANCELLED)
        .order_by("starts_at", "id")
    )


@login_required
def prep_sheet(request, pk):
    interview = get_interview_for_user(request.user, pk)
    rounds = rounds_of(earlier_interviews(interview))
    dealbreakers = list(Dealbreaker.objects.for_user(request.user).active())
    sheet = prep.prep_sheet(dealbreakers, rounds, as_facts(interview.application), interview.kind)
    return render(
        request,
        "interviews/prep.html",
        {
            "interview": interview,
            "application": interview.application,
            "sheet": sheet,
            "rounds": rounds,
            "audience": prep.AUDIENCE.get(interview.kind, ""),
        },
    )
