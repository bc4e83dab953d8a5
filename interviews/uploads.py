"""Uploads held in memory up to a limit, and never beyond it.

Django writes an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file
before any view can look at its size. The import views swap in this handler instead: it
keeps at most `limit` bytes in memory and skips the rest of a larger file (reading the
request to its end, storing nothing), so a 10 MB upload costs neither disk nor memory and
the view answers with a clear message. The restore, which takes a zip export with every
document in it, waits for its file in a temporary file instead, up to its own limit.

Each view reads one file, from its form's `file` field: the handlers keep the first file
of that field and drop any other file as it arrives, so the limit holds for the request,
not for each of a hundred files sent with it.
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

# The one file field of every upload view's form.
FIELD = "file"


class OneFile:
    """For an upload handler: the first file sent as FIELD is handled, and every other
    file of the request is dropped as it arrives (neither held nor in request.FILES)."""

    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit
        self.taken = False
        request.uploads_too_large = set()

    def new_file(self, field_name, *args, **kwargs):
        self.dropping = self.taken or field_name != FIELD
        if not self.dropping:
            self.taken = True
            super().new_file(field_name, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        if self.dropping:
            return None
        if start + len(raw_data) > self.limit:
            self.request.uploads_too_large.add(self.field_name)
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        return None if self.dropping else super().file_complete(file_size)


class MemoryUploadHandler(FileUploadHandler):
    """A file held in memory (OneFile caps it)."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
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


class CappedMemoryUploadHandler(OneFile, MemoryUploadHandler):
    """One file in memory, skipped as it arrives once it is larger than `limit`."""


class CappedTemporaryFileUploadHandler(OneFile, TemporaryFileUploadHandler):
    """Django's temporary-file handler for one file, skipping it as it arrives once it is
    larger than `limit` (Django closes, so deletes, the temporary file of a skipped
    upload)."""


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
