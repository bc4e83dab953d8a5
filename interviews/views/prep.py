"""The prep sheet at /interviews/<id>/prep/: what is still open for this application before
this interview, and the questions that would settle it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import prep
from ..checklist import prep_sheet_for
from ..owned import get_interview_for_user


@login_required
def prep_sheet(request, pk):
    interview = get_interview_for_user(request.user, pk)
    sheet, rounds = prep_sheet_for(interview)
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
