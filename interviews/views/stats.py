from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import stats


@login_required
def stats_page(request):
    overall, by_source = stats.funnels_by_source(request.user)
    return render(
        request,
        "interviews/stats.html",
        {
            "overall": overall,
            "by_source": by_source,
            "resumes": stats.resume_versions(request.user),
            "totals": stats.totals(request.user),
            "median_days": stats.median_days_to_response(request.user),
            # Filled in once decisions record the minutes each walk-out saved.
            "hours_saved": None,
        },
    )
