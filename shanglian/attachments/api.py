"""Files for API clients: the mini-program's token reaches the files the pages' session reaches (/files/<id>/
wants a login session), with the same rule: the owner's scope (another tenant's file is 404), then the use's
right (403)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from ninja import Router

from shanglian.attachments.selectors import attachment_for_user
from shanglian.attachments.views import file_response
from shanglian.core.validation import Id

router = Router(tags=["附件"])


@router.get(
    "/{attachment_id}",
    summary="下载附件（与页面 /files/<id>/ 同一范围与权限：他方的文件 404）",
)
def download(request: HttpRequest, attachment_id: Id) -> FileResponse:
    return file_response(attachment_for_user(request.user, attachment_id))
