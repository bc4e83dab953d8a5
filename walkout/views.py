from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods


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


@login_required
@require_http_methods(["GET", "POST"])
def bench_write_floor(request):
    """The benchmark's floor for a write: what any saved tap costs before its own work.

    POST: session, user, the CSRF check, one durable write that changes nothing (the user's
    row rewritten as it is, committed like any other write) and a small JSON answer. GET:
    a page with the CSRF token the benchmark posts back. Routed only with BENCH_FLOOR_VIEW.
    """
    if request.method == "GET":
        return render(request, "bench/write_floor.html")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_user SET last_login = last_login WHERE id = %s", [request.user.pk]
        )
        saved = cursor.rowcount
    return JsonResponse({"saved": saved})
