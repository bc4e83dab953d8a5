"""CSV import of applications (upload → preview → confirm), and the JSON restore.

Between the preview and the confirmation the uploaded text waits in a row of its own
(PendingImport), in the database: whichever app server answers the confirmation reads it,
nothing stays on a server's disk or in its memory, and the confirmation consumes it under
a lock, so it imports once however many times it is sent. A signed hidden field would
also work across servers, but would send up to 2 MB back with each confirmation, past
Django's 2.5 MB limit for a form field once encoded.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .. import csv_import, json_archive, zip_archive
from ..duplicates import KnownApplications
from ..forms import CsvUploadForm, RestoreForm
from ..models import Application, ImportBatch, ImportMapping, PendingImport
from ..text import counted
from ..uploads import capped_uploads

MODES = {"valid": "Import the valid rows", "all": "All or nothing"}
SHOWN_ROWS = 50  # the preview shows this many rows; every problem is listed


def too_large(request, form, limit, advice="Split it into smaller files. Nothing was imported."):
    """The upload was over `limit` and skipped: say so instead of “this field is required”."""
    if "file" in getattr(request, "uploads_too_large", ()):
        form.is_valid()
        form.errors["file"] = form.error_class(
            [
                f"The file is larger than {limit // (1024 * 1024)} MB, the most Walkout "
                f"imports at once. {advice}"
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


def posted_mapping(data):
    """(columns, statuses) the preview's form sent: {column index: field name} (None when
    the form had no columns), and {status text: status value}."""
    columns = {
        index: data.get(f"column_{index}", "")
        for index in range(csv_import.MAX_COLUMNS)
        if f"column_{index}" in data
    }
    statuses = {}
    for key, text in data.items():
        if match := re.fullmatch(r"status_text_(\d{1,3})", key):
            statuses[text] = data.get(f"status_{match[1]}", "")
    return columns or None, statuses


def recall_for(user):
    """The mapping the user chose last for a file with the same headers, if any."""

    def recall(key):
        found = ImportMapping.objects.filter(owner=user, headers_key=key).first()
        return (found.columns, found.statuses) if found else None

    return recall


def pending_preview(request, pending, data=None):
    """The preview of a pending upload with the mapping and date order the form sent (or
    the remembered one, or Walkout's guess), or None (and the upload dropped) when there
    is nothing to preview."""
    if pending is None:
        return None
    if data is None:
        data = request.GET
    date_order = data.get("set_dates") or data.get("dates")
    columns, statuses = posted_mapping(data)
    try:
        return csv_import.read(
            csv_import.Decoded(pending.text, pending.encoding),
            date_order if date_order in csv_import.DATE_ORDERS else None,
            columns=columns,
            statuses=statuses,
            known=KnownApplications(request.user),
            recall=None if columns else recall_for(request.user),
            currency=request.user.currency,
        )
    except csv_import.Unreadable:
        pending.delete()
        return None


def render_preview(request, pending, preview, data=None, status=200):
    data = data if data is not None else request.GET
    skip = data.get("duplicates", "skip") != "import"
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
            "field_choices": csv_import.CHOICES.items(),
            "status_choices": Application.Status.choices,
            "skip_duplicates": skip,
            "ready": len(preview.importable(skip)),
            "mode": data.get("mode", "valid"),
            "modes": MODES,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request):
    """The preview; a POST (the mapping form, without JavaScript too) shows it again with
    the columns and statuses mapped as the form says. Nothing is stored either way."""
    pending = PendingImport.objects.for_user(request.user).first()
    data = request.POST if request.method == "POST" else None
    preview = pending_preview(request, pending, data)
    if preview is None:
        messages.info(request, "Choose a CSV file to import first.")
        return redirect("import_page")
    return render_preview(request, pending, preview, data)


def posted_id(value):
    """The id a form sent, or None: ids are ASCII digits, and fewer than a bigint's."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def refusal(preview, mode, skip_duplicates):
    """Why the preview cannot be imported in `mode`, or "" when it can."""
    problems = len(preview.problem_rows)
    if preview.blocking:
        return f"{' '.join(preview.blocking)} Nothing was imported."
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
    if not preview.importable(skip_duplicates):
        if preview.duplicate_rows and skip_duplicates:
            return (
                "Every row that can be imported is already in Walkout, and duplicates are "
                "skipped: nothing was imported."
            )
        return "No row can be imported. Nothing was imported."
    return ""


@login_required
@require_POST
def import_confirm(request):
    skip = request.POST.get("duplicates", "skip") != "import"
    with transaction.atomic():
        # Locked until this request ends: the same confirmation sent again at the same
        # time waits here, then finds the upload gone (imported) and says so.
        pending = (
            PendingImport.objects.for_user(request.user)
            .select_for_update()
            .filter(pk=posted_id(request.POST.get("import", "")))
            .first()
        )
        preview = pending_preview(request, pending, request.POST)
        if preview is None:
            messages.error(
                request,
                "This preview is out of date: that file was imported already, or another "
                "upload replaced it. Nothing was imported.",
            )
            return redirect("import_page")
        if request.POST.get("previewed") != preview.mapping_key:
            messages.warning(
                request,
                "The columns, statuses or dates changed since the preview you saw: check "
                "it again below, then import. Nothing was imported yet.",
            )
            return render_preview(request, pending, preview, request.POST)
        if refused := refusal(preview, request.POST.get("mode"), skip):
            messages.error(request, refused)
            return render_preview(request, pending, preview, request.POST)
        rows = preview.importable(skip)
        batch = csv_import.store(request.user, rows, pending.name)
        columns, statuses = preview.mapping
        ImportMapping.objects.update_or_create(
            owner=request.user,
            headers_key=preview.headers_key,
            defaults={"columns": columns, "statuses": statuses},
        )
        pending.delete()
    skipped = ""
    if duplicates := len(preview.duplicate_rows) if skip else 0:
        skipped += f" Skipped {counted(duplicates, 'duplicate')}."
    if problems := len(preview.problem_rows):
        skipped += f" Skipped {counted(problems, 'row')} with problems."
    messages.success(
        request,
        f"Imported {counted(len(rows), 'application')} from {batch.name}.{skipped} "
        "To take it back, see Past imports.",
    )
    return redirect("application_list")


@login_required
@require_POST
def import_cancel(request):
    deleted, _ = PendingImport.objects.for_user(request.user).delete()
    if deleted:
        messages.info(request, "Import cancelled. Nothing was imported.")
    return redirect("import_page")


def restore_upload(user, upload):
    """Restore a JSON export, or a zip export with its documents; or Refused."""
    if zip_archive.is_zip(upload):
        return zip_archive.restore_zip(user, upload)
    if upload.name.lower().endswith((".csv", ".tsv")):
        # The other box on the page, chosen by mistake: say which one takes it.
        raise json_archive.Refused(
            "This is a spreadsheet (CSV): a restore takes a Walkout export (.json or .zip). "
            "Import a spreadsheet under “From a spreadsheet” above. Nothing was restored."
        )
    if upload.size > json_archive.MAX_BYTES:
        raise json_archive.Refused(
            f"The file is larger than {json_archive.MAX_BYTES // (1024 * 1024)} MB, the most "
            "a JSON export may be. Nothing was restored."
        )
    return json_archive.restore_file(user, upload.read())


@login_required
@require_POST
@capped_uploads(zip_archive.MAX_RESTORE_BYTES, on_disk=True)
def restore(request):
    form = RestoreForm(request.POST, request.FILES)
    too_big = too_large(
        request,
        form,
        zip_archive.MAX_RESTORE_BYTES,
        "Nothing was restored.",
    )
    if not too_big and form.is_valid():
        try:
            counts = restore_upload(request.user, form.cleaned_data["file"])
        except json_archive.Refused as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                f"Restored {counted(counts['applications'], 'application')}, "
                f"{counted(counts['interviews'], 'interview')} and "
                f"{counted(counts['contacts'], 'contact')}, with your dealbreakers, "
                "answers, decisions, scripts and settings."
                + (
                    f" {counted(restored, 'document')} came back with "
                    f"{'its file' if restored == 1 else 'their files'}."
                    if (restored := counts["documents"])
                    else ""
                ),
            )
            if left_out := counts["documents_left_out"]:
                messages.warning(
                    request,
                    f"{counted(left_out, 'document')} listed in the file came without "
                    f"{'its file' if left_out == 1 else 'their files'}: restore “JSON archive "
                    "with documents (zip)” to bring them back, or add them again on their "
                    "applications' pages.",
                )
            return redirect("dashboard")
    return import_page_response(request, restore_form=form)


@login_required
def import_list(request):
    """Past CSV imports, newest first, each with what is left of it and a way to undo it."""
    batches = (
        ImportBatch.objects.for_user(request.user)
        .annotate(remaining=Count("applications"))
        .order_by("-imported_at", "-id")[:200]
    )
    return render(request, "interviews/import_list.html", {"batches": batches})


@login_required
@require_http_methods(["GET", "POST"])
def import_undo(request, pk):
    """GET: what undoing the import would delete and keep. POST: undo it."""
    batch = get_object_or_404(ImportBatch.objects.for_user(request.user), pk=pk)
    if batch.undone_at:
        messages.info(
            request,
            f"The import of {batch.name} was undone on {batch.undone_at:%d %b %Y}; what was "
            "changed since it stays.",
        )
        return redirect("import_list")
    if request.method == "POST":
        deleted, kept = csv_import.undo(batch)
        kept_text = (
            f" Kept {counted(len(kept), 'application')} changed since the import: "
            + ", ".join(str(application) for application in kept[:20])
            + ("…" if len(kept) > 20 else "")
            + "."
            if kept
            else ""
        )
        messages.success(
            request,
            f"Undid the import of {batch.name}: deleted {counted(deleted, 'application')}."
            + kept_text,
        )
        return redirect("import_list")
    unchanged, changed = batch.split_for_undo()
    return render(
        request,
        "interviews/import_undo.html",
        {"batch": batch, "unchanged": len(unchanged), "changed": changed},
    )
