from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from ..models import Application, Interview


def dashboard(request):
    if not request.user.is_authenticated:
        return render(request, "interviews/landing.html")
    now = timezone.now()
    upcoming = list(
        Interview.objects.for_user(request.user).upcoming(now).select_related("application")[:5]
    )
    upcoming = [interview for interview in upcoming if interview.ends_at > now]
    counts = dict(
        Application.objects.for_user(request.user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    pipeline = [(value, label, counts.get(value, 0)) for value, label in Application.Status.choices]
    return render(
        request,
        "interviews/dashboard.html",
        {
            "upcoming": upcoming,
            "pipeline": pipeline,
            "total": sum(counts.values()),
        },
    )
