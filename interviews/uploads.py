"""Uploads held in memory up to a limit, and never beyond it.

Django writes an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file
before any view can look at its size. The import views swap in this handler instead: it
keeps at most `limit` bytes in memory and skips the rest of a larger file (reading the
request to its end, storing nothing), so a 10 MB upload costs neither disk nor memory and
the view answers with a clear message.
"""

import io
from functools import wraps

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
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


def capped_uploads(limit):
    """Decorate a view so its uploads go through CappedMemoryUploadHandler(limit).

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
            request.upload_handlers = [CappedMemoryUploadHandler(request, limit)]
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator
