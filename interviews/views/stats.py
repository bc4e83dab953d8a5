from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import render

from .. import stats, timing
from ..models import Decision


@login_required
def stats_page(request):
    reached = stats.applications_reached(request.user)
    overall, by_source = stats.funnels_by_source(reached)
    return render(
        request,
        "interviews/stats.html",
        {
            "overall": overall,
            "by_source": by_source,
            "resumes": stats.resume_versions(reached),
            "totals": stats.totals(reached),
            "median_days": stats.median_days_to_response(request.user),
            "time_saved": timing.length(
                Decision.objects.for_user(request.user)
                .walked_out()
                .aggregate(m=Sum("minutes_saved"))["m"]
                or 0
            ),
        },
    )
