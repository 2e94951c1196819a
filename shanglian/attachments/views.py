"""The one view that serves stored files: /files/<id>/, after the owner's scope and the use's right. The API's
twin (/api/v1/files/<id>, token or session) is attachments/api.py; both send `file_response`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from shanglian.attachments.models import Attachment
from shanglian.attachments.selectors import attachment_for_user


def file_response(attachment: Attachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在")
    # FileResponse writes filename* (RFC 5987) for a Chinese name; the detected type, never the browser's.
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.mime
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def download(request: HttpRequest, attachment_id: int) -> FileResponse:
    return file_response(attachment_for_user(request.user, attachment_id))
