"""An application's documents: upload on its page, download, delete.

The files are never public: no address serves the media folder or the bucket. Each one is
read through the storage API here, for its owner alone; anyone else's is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from .. import documents
from ..forms import DocumentForm
from ..models import Document
from ..owned import get_application_for_user, get_document_for_user
from ..uploads import capped_uploads


def documents_of(application):
    return application.get_absolute_url() + "#documents"


@login_required
@require_POST
@capped_uploads(documents.MAX_BYTES)
def document_upload(request, pk):
    """Store a file with the application, or say why not (nothing stored)."""
    application = get_application_for_user(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if "file" in request.uploads_too_large:
        # Skipped while it arrived (uploads.CappedMemoryUploadHandler): never held whole.
        messages.error(request, f"{documents.TOO_LARGE} Nothing was stored.")
    elif form.is_valid():
        document = Document.store(
            application, form.cleaned_data["file"], form.cleaned_data["kind"], form.detected
        )
        messages.success(request, f"Added {document.get_kind_display().lower()} “{document}”.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(documents_of(application))


@login_required
@require_http_methods(["GET", "HEAD"])
def document_download(request, pk):
    """The file, as a download named as it was uploaded (any alphabet: RFC 6266's
    filename*), with the type its bytes showed; never sniffed, never cached."""
    document = get_document_for_user(request.user, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("This document's file is missing from the storage.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request, pk):
    document = get_document_for_user(request.user, pk)
    application = document.application
    if request.method == "POST":
        document.delete()  # its file follows once committed (signals.py)
        messages.success(request, f"Deleted “{document}”.")
        return redirect(documents_of(application))
    return render(
        request,
        "interviews/confirm_delete.html",
        {
            "title": f"Delete {document}",
            "question": "Delete this document?",
            "consequences": format_html(
                "<strong>{}</strong> ({}) will be deleted from {}, file and all. This cannot "
                "be undone.",
                document,
                document.get_kind_display().lower(),
                application,
            ),
            "button": "Delete document",
            "cancel_url": documents_of(application),
            "keep": "Keep it",
        },
    )
