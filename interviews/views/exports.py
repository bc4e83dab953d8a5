"""The export page: CSV for a spreadsheet or a benefits office, everything as JSON, and
the private calendar feed's address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import csv_export, ics, json_archive, zip_archive
from ..forms import ExportRangeForm


def download(body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # private data: no copy in shared caches
    return response


def export_page_response(request, form=None, status=200):
    token = request.user.calendar_token
    return render(
        request,
        "interviews/export.html",
        {
            "form": form or ExportRangeForm(),
            "feed_days_back": ics.FEED_DAYS_BACK,
            "feed_url": (
                request.build_absolute_uri(reverse("calendar_feed", args=[token])) if token else ""
            ),
        },
        status=status,
    )


@login_required
def export_page(request):
    return export_page_response(request)


def range_or_page(request):
    """(start, end, filename part) from the query string, or the page with its errors."""
    form = ExportRangeForm(request.GET)
    if not form.is_valid():
        return None, export_page_response(request, form=form, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    today = timezone.localdate(timezone=request.user.zone)
    part = f"{start or 'start'}-to-{end or today}" if start or end else f"{today}"
    return (start, end, part), None


def csv_download(request, rows, name):
    """A CSV download of `rows(user, start, end)` for the range asked for, or the page."""
    chosen, page = range_or_page(request)
    if page:
        return page
    start, end, part = chosen
    return download(
        rows(request.user, start, end), "text/csv; charset=utf-8", f"walkout-{name}-{part}.csv"
    )


@login_required
def export_applications_csv(request):
    return csv_download(request, csv_export.applications_csv, "applications")


@login_required
def export_activity_csv(request):
    return csv_download(request, csv_export.activity_csv, "activity")


@login_required
def export_json(request):
    today = timezone.localdate(timezone=request.user.zone)
    return download(
        json_archive.export_json(request.user),
        "application/json; charset=utf-8",
        f"walkout-export-{today}.json",
    )


@login_required
def export_zip(request):
    """The JSON archive and every document's file, in one zip written as it is sent. The
    database is read first, whole; sending then reads the storage only."""
    today = timezone.localdate(timezone=request.user.zone)
    document = json_archive.export_document(request.user, files=True)
    response = StreamingHttpResponse(
        zip_archive.export_zip(document), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="walkout-export-{today}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def calendar_feed_settings(request):
    action = request.POST.get("action")
    if action == "new":
        had_one = bool(request.user.calendar_token)
        request.user.new_calendar_token()
        messages.success(
            request,
            "New calendar address made; the old one no longer works."
            if had_one
            else "Your calendar address is ready: copy it into your calendar app.",
        )
    elif action == "off":
        request.user.turn_off_calendar()
        messages.success(request, "Calendar feed turned off; its address no longer works.")
    else:
        messages.error(request, "Nothing changed: choose a new address or turning the feed off.")
    return redirect(reverse("export_page") + "#calendar")
