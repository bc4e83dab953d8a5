"""The floors the benchmark compares pages with: what every request pays before its own
work. Routed only by bench/urls.py."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods


@login_required
def floor(request):
    """Session, user, middleware and an empty template, nothing else."""
    return render(request, "bench/floor.html")


@login_required
@require_http_methods(["GET", "POST"])
def write_floor(request):
    """What any saved tap costs before its own work.

    POST: session, user, the CSRF check, one durable write that changes nothing (the user's
    row rewritten as it is, committed like any other write) and a small JSON answer. GET:
    a page with the CSRF token the benchmark posts back."""
    if request.method == "GET":
        return render(request, "bench/write_floor.html")
    saved = get_user_model().objects.filter(pk=request.user.pk).update(last_login=F("last_login"))
    return JsonResponse({"saved": saved})
