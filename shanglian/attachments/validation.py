"""The one upload validator: the declared types of a use, the size limit, the content's real type.

The type is read from the file's magic bytes by `filetype` (a pure-Python library), never trusted from
the name or the browser's content type; the name's extension must also agree with the content, so a
renamed executable or archive is refused. Nothing is written here.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings

from shanglian.attachments.uses import EXTENSIONS, LABELS, Use
from shanglian.core.errors import ServiceError

HEAD_BYTES = 8192  # what filetype inspects
EXECUTABLE_KINDS = {"exe", "elf", "dex", "dey", "wasm", "macho", "msi", "deb", "rpm", "crx", "swf"}
TEXT_ENCODINGS = ("utf-8", "gb18030")
MIMES = {"txt": "text/plain"}


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # the original file name, cleaned
    size: int
    kind: str
    mime: str
    sha256: str


def clean_name(raw: str | None) -> str:
    """The base name only (browsers may send a path), without control characters, at most 255 long."""
    name = os.path.basename((raw or "").replace("\\", "/"))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if len(name) > 255:
        stem, ext = os.path.splitext(name)
        name = stem[: 255 - len(ext)] + ext
    return name or "file"


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in TEXT_ENCODINGS:
        try:
            # The head may end inside a multi-byte character: ignore a cut at the very end only.
            head.decode(encoding) if len(head) < HEAD_BYTES else head[:-4].decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def _detect(head: bytes) -> tuple[str | None, str]:
    kind = filetype.guess(head)
    if kind is None:
        return None, ""
    return str(kind.extension), str(kind.mime)


def check_upload(upload: Any, use: Use) -> CheckedUpload:
    """Validate `upload` for `use`; a `ServiceError` (Chinese) on any failure. Leaves the file at 0."""
    label = use.label
    if upload is None:
        raise ServiceError(f"请选择要上传的{label}。")
    name = clean_name(getattr(upload, "name", ""))
    limit = (
        settings.UPLOAD_MAX_BYTES if use.max_bytes is None else min(use.max_bytes, settings.UPLOAD_MAX_BYTES)
    )
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise ServiceError(f"{label}过大：不能超过 {limit // (1024 * 1024)} MB。")
    ext = _extension(name)
    allowed_exts = {e for kind in use.types for e in EXTENSIONS[kind]}
    if ext not in allowed_exts:
        raise ServiceError(f"{label}格式不支持：仅限 {use.types_text()}。")

    upload.seek(0)
    digest = hashlib.sha256()
    size = 0
    head = b""
    for chunk in upload.chunks():
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        size += len(chunk)
        if size > limit:
            upload.seek(0)
            raise ServiceError(f"{label}过大：不能超过 {limit // (1024 * 1024)} MB。")
        digest.update(chunk)
    upload.seek(0)
    if size == 0:
        raise ServiceError(f"{label}是空文件。")

    kind, mime = _detect(head)
    if kind in EXECUTABLE_KINDS:
        raise ServiceError(f"{label}实为可执行程序，不能上传。")
    if kind is None and "txt" in use.types and ext == "txt" and _looks_like_text(head):
        kind, mime = "txt", MIMES["txt"]
    if kind not in use.types or ext not in EXTENSIONS[kind]:
        expected = LABELS[next(k for k in use.types if ext in EXTENSIONS[k])]
        actual = f"（实际内容为 {kind.upper()}）" if kind else ""
        raise ServiceError(f"{label}内容与扩展名 .{ext} 不符{actual}，请上传真实的 {expected} 文件。")
    return CheckedUpload(name=name, size=size, kind=kind, mime=mime, sha256=digest.hexdigest())
