from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """200 when the app and its database answer, 503 otherwise. No session, no auth."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@login_required
def bench_floor(request):
    """The benchmark's floor: session, user, middleware and an empty template, nothing else.

    Routed only when BENCH_FLOOR_VIEW is on (walkout/urls.py)."""
    return render(request, "bench/floor.html")
