"""Uploads held in memory up to a limit, and never beyond it.

Django writes an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file
before any view can look at its size. The import views swap in this handler instead: it
keeps at most `limit` bytes in memory and skips the rest of a larger file (reading the
request to its end, storing nothing), so a 10 MB upload costs neither disk nor memory and
the view answers with a clear message. The restore, which takes a zip export with every
document in it, waits for its file in a temporary file instead, up to its own limit.
"""

import io
from functools import wraps

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import (
    FileUploadHandler,
    SkipFile,
    TemporaryFileUploadHandler,
)
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from walkout.middleware import control_character_refusal


class CappedMemoryUploadHandler(FileUploadHandler):
    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit
        request.uploads_too_large = set()

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.uploads_too_large.add(self.field_name)
            raise SkipFile
        self.buffer.write(raw_data)

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer,
            self.field_name,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )


class CappedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary-file handler, skipping a file larger than `limit` as it arrives
    (Django closes, so deletes, the temporary file of a skipped upload)."""

    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit
        request.uploads_too_large = set()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.uploads_too_large.add(self.field_name)
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)


def capped_uploads(limit, on_disk=False):
    """Decorate a view so its uploads go through CappedMemoryUploadHandler(limit), or
    CappedTemporaryFileUploadHandler(limit) when `on_disk`.

    Upload handlers must be set before anything reads request.POST, and the CSRF
    middleware reads it: so the middleware is told to skip this view, and the same check
    runs inside, after the handler is in place (the pattern Django's upload docs give).
    """

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            # The middleware leaves a csrf_exempt view's form unread (walkout/middleware.py):
            # checked here, once the upload handler is in place.
            return control_character_refusal(request) or view(request, *args, **kwargs)

        protected = csrf_protect(checked)

        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            handler = CappedTemporaryFileUploadHandler if on_disk else CappedMemoryUploadHandler
            request.upload_handlers = [handler(request, limit)]
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator
