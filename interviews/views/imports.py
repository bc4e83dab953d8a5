"""CSV import of applications (upload → preview → confirm), and the JSON restore.

Between the preview and the confirmation the uploaded text waits in a row of its own
(PendingImport), in the database: whichever app server answers the confirmation reads it,
nothing stays on a server's disk or in its memory, and the confirmation consumes it under
a lock, so it imports once however many times it is sent. A signed hidden field would
also work across servers, but would send up to 2 MB back with each confirmation, past
Django's 2.5 MB limit for a form field once encoded.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from .. import csv_import, json_archive
from ..forms import CsvUploadForm, RestoreForm
from ..models import PendingImport
from ..text import counted
from ..uploads import capped_uploads

MODES = {"valid": "Import the valid rows", "all": "All or nothing"}
SHOWN_ROWS = 50  # the preview shows this many rows; every problem is listed


def too_large(request, form, limit):
    """The upload was over `limit` and skipped: say so instead of “this field is required”."""
    if "file" in getattr(request, "uploads_too_large", ()):
        form.is_valid()
        form.errors["file"] = form.error_class(
            [
                f"The file is larger than {limit // (1024 * 1024)} MB, the most Walkout "
                "imports at once. Split it into smaller files. Nothing was imported."
            ]
        )
        return True
    return False


def import_page_response(request, form=None, restore_form=None, status=200):
    return render(
        request,
        "interviews/import.html",
        {
            "form": form or CsvUploadForm(),
            "restore_form": restore_form or RestoreForm(),
            "pending": PendingImport.objects.for_user(request.user).first(),
            "account_empty": json_archive.is_empty(request.user),
            "max_rows": csv_import.MAX_ROWS,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@capped_uploads(csv_import.MAX_BYTES)
def import_page(request):
    if request.method == "GET":
        return import_page_response(request)
    form = CsvUploadForm(request.POST, request.FILES)
    if not too_large(request, form, csv_import.MAX_BYTES) and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            decoded = csv_import.decode(upload.read())
            csv_import.read(decoded)  # refuse now what is wrong with the whole file
        except csv_import.Unreadable as error:
            form.add_error("file", f"{error} Nothing was imported.")
        else:
            PendingImport.objects.replace(
                request.user,
                name=(upload.name or "upload.csv")[:100],
                text=decoded.text,
                encoding=decoded.encoding,
            )
            return redirect("import_preview")
    return import_page_response(request, form=form)


def pending_preview(pending, date_order, currency):
    """The preview of a pending upload, or None (and the upload dropped) when there is
    nothing to preview."""
    if pending is None:
        return None
    try:
        return csv_import.read(
            csv_import.Decoded(pending.text, pending.encoding),
            date_order,
            currency=currency,
        )
    except csv_import.Unreadable:
        pending.delete()
        return None


@login_required
def import_preview(request):
    pending = PendingImport.objects.for_user(request.user).first()
    preview = pending_preview(pending, request.GET.get("dates"), request.user.currency)
    if preview is None:
        messages.info(request, "Choose a CSV file to import first.")
        return redirect("import_page")
    return render(
        request,
        "interviews/import_preview.html",
        {
            "pending": pending,
            "preview": preview,
            "shown": preview.rows[:SHOWN_ROWS],
            "more": max(0, len(preview.rows) - SHOWN_ROWS),
            "date_choices": [
                (order, name, preview.date_sample_read[order])
                for order, name in csv_import.DATE_ORDERS.items()
            ],
            "date_order_name": csv_import.DATE_ORDERS.get(preview.date_order, ""),
            "modes": MODES,
        },
    )


def posted_id(value):
    """The id a form sent, or None: ids are ASCII digits, and fewer than a bigint's."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def refusal(preview, mode):
    """Why the preview cannot be imported in `mode`, or "" when it can."""
    problems = len(preview.problem_rows)
    if preview.needs_date_order:
        return "Choose how to read the dates first. Nothing was imported."
    if mode not in MODES:
        return "Choose “import the valid rows” or “all or nothing”. Nothing was imported."
    if mode == "all" and problems:
        return (
            f"{problems} row{'s have' if problems != 1 else ' has'} problems and you chose "
            "all or nothing: nothing was imported. Fix the file and upload it again, or "
            "import the valid rows only."
        )
    if not preview.valid_rows:
        return "No row can be imported. Nothing was imported."
    return ""


@login_required
@require_POST
def import_confirm(request):
    date_order = request.POST.get("dates")
    date_order = date_order if date_order in csv_import.DATE_ORDERS else None
    with transaction.atomic():
        # Locked until this request ends: the same confirmation sent again at the same
        # time waits here, then finds the upload gone (imported) and says so.
        pending = (
            PendingImport.objects.for_user(request.user)
            .select_for_update()
            .filter(pk=posted_id(request.POST.get("import", "")))
            .first()
        )
        preview = pending_preview(pending, date_order, request.user.currency)
        if preview is None:
            messages.error(
                request,
                "This preview is out of date: that file was imported already, or another "
                "upload replaced it. Nothing was imported.",
            )
            return redirect("import_page")
        if refused := refusal(preview, request.POST.get("mode")):
            messages.error(request, refused)
            return redirect(
                reverse("import_preview") + (f"?dates={date_order}" if date_order else "")
            )
        rows = preview.valid_rows
        csv_import.store(request.user, rows, pending.name)
        pending.delete()
    problems = len(preview.problem_rows)
    skipped = f" Skipped {counted(problems, 'row')} with problems." if problems else ""
    messages.success(
        request, f"Imported {counted(len(rows), 'application')} from {pending.name}.{skipped}"
    )
    return redirect("application_list")


@login_required
@require_POST
def import_cancel(request):
    deleted, _ = PendingImport.objects.for_user(request.user).delete()
    if deleted:
        messages.info(request, "Import cancelled. Nothing was imported.")
    return redirect("import_page")


@login_required
@require_POST
@capped_uploads(json_archive.MAX_BYTES)
def restore(request):
    form = RestoreForm(request.POST, request.FILES)
    if not too_large(request, form, json_archive.MAX_BYTES) and form.is_valid():
        try:
            counts = json_archive.restore_file(request.user, form.cleaned_data["file"].read())
        except json_archive.Refused as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                f"Restored {counted(counts['applications'], 'application')}, "
                f"{counted(counts['interviews'], 'interview')} and "
                f"{counted(counts['contacts'], 'contact')}, with your dealbreakers, "
                "answers, decisions, scripts and settings.",
            )
            return redirect("dashboard")
    return import_page_response(request, restore_form=form)
