"""The life of an import job, whatever it imports: upload → check (inline, or a task for a big file) →
preview → confirm → write (inline, or a task). Each kind is a declaration (`declaration.Importer`,
registered by the app that owns the rows) that supplies the check for the preview and the confirm step.
What every importer shares lives here: pass 1's frame (`classify_in_batches`, `CheckResult`, `RowError`),
the job's stored state and error report, and the confirm step (`confirm_and_write`: all-or-nothing, one
transaction). Nothing here knows what is imported."""

from __future__ import annotations

import contextlib
import datetime
import io
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from shanglian.audit import services as audit
from shanglian.core.access import SYSTEM
from shanglian.core.errors import ServiceError
from shanglian.core.process import allow_process_settings, gc_paused
from shanglian.excel.imports.declaration import Progress, importer_for
from shanglian.excel.imports.results import CheckResult, RowError
from shanglian.excel.models import ACTIVE_STATUSES, ImportJob, ImportKind, ImportStatus
from shanglian.excel.reading import ExcelError, open_table
from shanglian.excel.writing import XlsxWriter, write_cell

logger = logging.getLogger(__name__)
Row = TypeVar("Row")
W = TypeVar("W")
BATCH = 2000
PREVIEW_ROWS = 20
MAX_REPORTED_ERRORS = 100_000


def _job(job_id: int) -> ImportJob:
    return ImportJob.unscoped_objects.select_related("organization").get(pk=job_id)


# The tasks run in the task worker, never in a web process: only there may an import switch process-wide
# settings (the collector, the switch interval; core.process).
@task()
def validate_job_task(job_id: int) -> None:
    job = _job(job_id)
    with allow_process_settings(), failing_on_crash(job):
        validate_job(job)


@task()
def apply_job_task(job_id: int, actor_id: int | None = None) -> None:
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    job = _job(job_id)
    with allow_process_settings(), failing_on_crash(job):
        apply_job(job, actor=actor)


# What the user reads when an import stopped without finishing (issue 11 defect 1).
CRASHED = "导入任务异常中断（{reason}），未写入任何数据。请检查文件（行数、列数、大小）后重新上传；如仍失败请联系管理员。"


@contextlib.contextmanager
def failing_on_crash(job: ImportJob) -> Iterator[None]:
    """A failure the steps did not turn into a message of their own (MemoryError, a lost database
    connection …) still ends the job: FAILED with the reason, never left active. A worker killed outright
    (SIGKILL, SIGABRT) runs no code at all: `fail_stale_jobs` ends its job."""
    try:
        yield
    except BaseException as exc:
        if ImportJob.unscoped_objects.filter(pk=job.pk, status__in=ACTIVE_STATUSES).exists():
            reason = "内存不足" if isinstance(exc, MemoryError) else f"处理进程出错：{type(exc).__name__}"
            fail_job(job, CRASHED.format(reason=reason))
        raise


def fail_job(job: ImportJob, message: str) -> bool:
    """End an active job as FAILED with `message` (one audit row); False if it was no longer active."""
    with transaction.atomic():
        changed = ImportJob.unscoped_objects.filter(pk=job.pk, status__in=ACTIVE_STATUSES).update(
            status=ImportStatus.FAILED, message=message[:500], finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )  # fmt: skip
        if not changed:
            return False
        audit.record_transition(actor=SYSTEM, obj=job, field="status", before=job.status, after=ImportStatus.FAILED,
                                organization=job.organization, message=message[:500])  # fmt: skip
    job.status, job.message = ImportStatus.FAILED, message[:500]
    return True


def stale_minutes() -> int:
    return int(getattr(settings, "IMPORT_STALE_MINUTES", 30))


def fail_stale_jobs(*, now: datetime.datetime | None = None) -> int:
    """Fail every active job with no progress for `stale_minutes()` (its worker died or never ran it).
    Idempotent; returns how many were failed."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=stale_minutes())
    stale = (
        ImportJob.unscoped_objects.filter(status__in=ACTIVE_STATUSES)
        .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff))
        .select_related("organization")
    )
    reason = f"处理进程已停止，{stale_minutes()} 分钟内没有任何进展"
    return sum(fail_job(job, CRASHED.format(reason=reason)) for job in stale)


def runs_inline(job: ImportJob) -> bool:
    return bool(job.file.size <= int(getattr(settings, "IMPORT_INLINE_MAX_BYTES", 256 * 1024)))


@transaction.atomic
def create_job(
    *, actor: Any, organization: Any, uploaded: UploadedFile, kind: str = ImportKind.ROSTER
) -> ImportJob:
    from shanglian.excel.reading import check_upload

    check_upload(uploaded)
    job = ImportJob.unscoped_objects.create(
        kind=kind,
        organization=organization,
        created_by=actor,
        original_name=os.path.basename(uploaded.name or "")[:255],
    )
    job.file.save(f"{job.pk}{os.path.splitext(uploaded.name or '')[1].lower()}", uploaded, save=False)
    save_job(job, file=job.file.name)
    return job


def validate_job(job: ImportJob) -> ImportJob:
    """Pass 1 only, for the preview: the declaration's check, through `check_for_preview`."""
    declaration = importer_for(job.kind)
    return check_for_preview(
        job, lambda progress: declaration.check(job, progress), when_refused=declaration.when_refused
    )


def apply_job(job: ImportJob, *, actor: Any) -> ImportJob:
    """The confirm step of the job's declaration (which writes through `confirm_and_write`)."""
    return importer_for(job.kind).confirm(job, actor=actor)


def start_validation(job: ImportJob) -> None:
    if runs_inline(job):
        validate_job(job)
    else:
        transaction.on_commit(lambda: validate_job_task.enqueue(job.pk))


def confirm_job(*, actor: Any, job: ImportJob) -> None:
    if job.status != ImportStatus.READY:
        raise ServiceError("只有校验通过、待确认的导入任务可以执行导入。")
    save_job(job, status=ImportStatus.PENDING, processed_rows=0)
    if runs_inline(job):
        apply_job(job, actor=actor)
    else:
        transaction.on_commit(lambda: apply_job_task.enqueue(job.pk, actor.pk))


# ---------------------------------------------------------------- what every importer's pass 1 shares


def classify_in_batches(
    result: CheckResult,
    rows: Iterable[Row],
    classify: Callable[..., None],
    *,
    spool_prefix: str | None,
    progress: Progress | None = None,
    estimated_rows: int = 0,
    prefetch: Callable[[list[Row]], Any] | None = None,
) -> CheckResult:
    """The frame of every importer's pass 1: the checked rows go to `classify(batch, spool_file)` in
    batches of BATCH (one registry lookup per batch), progress is reported between batches, and the
    spool file (when `spool_prefix` is given) is removed again if anything fails.

    With `prefetch(batch)`, a batch's lookup is started as soon as the batch is complete and the batch is
    classified one batch later, as `classify(batch, spool_file, prefetch's answer)`: the lookup travels
    while the next batch is parsed (roster_stream)."""
    spool_file: IO[bytes] | None = None
    if spool_prefix:
        fd, result.spool_path = tempfile.mkstemp(prefix=spool_prefix, suffix=".spool")
        spool_file = os.fdopen(fd, "wb")
    batch: list[Row] = []
    waiting: tuple[list[Row], Any] | None = None  # (batch, its prefetch) when prefetching

    def complete(batch: list[Row]) -> None:
        nonlocal waiting
        if prefetch is None:
            classify(batch, spool_file)
            return
        ahead = (batch, prefetch(batch)) if batch else None
        if waiting is not None:
            classify(waiting[0], spool_file, waiting[1])
        waiting = ahead

    # Pass 1 allocates millions of short-lived objects beside pypinyin's large dictionaries: the cyclic
    # collector's passes over those cost more than the rows' own work. Nothing here makes cycles.
    gc_held = gc_paused.acquire()
    try:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                complete(batch)
                batch = []
                if progress:
                    progress(result.total, estimated_rows)
        if batch:
            complete(batch)
        if waiting is not None:
            complete([])
        if progress:
            progress(result.total, estimated_rows)
    except BaseException:
        if spool_file:
            spool_file.close()
        result.discard()
        raise
    finally:
        if gc_held:
            gc_paused.release()
    if spool_file:
        spool_file.close()
    if result.total == 0 and not result.errors:
        result.discard()
        raise ExcelError("文件中没有可导入的数据行（示例行会被跳过）。")
    return result


# ---------------------------------------------------------------- job state and the confirm step


ERROR_COLUMN = "错误原因"


def error_report_bytes(errors: list[RowError], job: ImportJob | None = None) -> bytes:
    """The report a user fixes in place and uploads again: first sheet 错误行 holds the rejected rows
    themselves, re-read from the upload with the declaration's columns as they were in the file, plus an
    错误原因 column the reader ignores on re-upload; sheet 错误明细 lists each error (行号, 列, 值, 原因).
    Without the upload (a test, a file already removed) only the list is written."""
    buffer = io.BytesIO()
    ordered = sorted(errors, key=lambda e: e.row)
    detail_headers = ["行号", "列", "填写的值", "错误原因"]
    rejected = _rejected_rows(job, ordered) if job is not None else None
    if rejected is None:
        with XlsxWriter(buffer, detail_headers, sheet_name="错误明细", widths=[8, 20, 30, 70]) as w:
            for e in ordered:
                w.write_row([e.row, e.column, e.value, e.reason])
        return buffer.getvalue()
    headers, rows = rejected
    widths = [18] * (len(headers) - 1) + [60]
    # The rejected rows are the first (active) sheet: the reader takes that one on re-upload.
    with XlsxWriter(buffer, headers, sheet_name="错误行", widths=widths, header_color="#FDE2E1") as w:
        for row in rows:
            w.write_row(row)
        detail = w.workbook.add_worksheet("错误明细")
        for col, width in enumerate([8, 20, 30, 70]):
            detail.set_column(col, col, width)
        write_cell(detail, 0, detail_headers, w.header_format, w.date_format, w.datetime_format)
        for index, e in enumerate(ordered, start=1):
            write_cell(
                detail, index, [e.row, e.column, e.value, e.reason], None, w.date_format, w.datetime_format
            )
    return buffer.getvalue()


def _rejected_rows(job: ImportJob, errors: list[RowError]) -> tuple[list[str], list[list[Any]]] | None:
    """(headers, rows) of the upload's rows with an error, each with its reasons; None if unreadable."""
    reasons: dict[int, list[str]] = {}
    for e in errors:
        reasons.setdefault(e.row, []).append(f"{e.column}：{e.reason}" if e.column else e.reason)
    try:
        columns = importer_for(job.kind).columns(job.organization)
        table = open_table(job.file.path, job.original_name, columns)
    except (LookupError, ValueError, OSError, ServiceError, NotImplementedError):
        return None
    present = [c for c in columns if c.key in table.positions]
    rows: list[list[Any]] = []
    for number, values in table.rows():
        if number in reasons:
            rows.append([values.get(c.key, "") for c in present] + ["；".join(reasons[number])])
    return [c.header for c in present] + [ERROR_COLUMN], rows


def save_job(job: ImportJob, **fields: Any) -> None:
    fields.setdefault("heartbeat_at", timezone.now())
    for key, value in fields.items():
        setattr(job, key, value)
    ImportJob.unscoped_objects.filter(pk=job.pk).update(**fields)


def job_progress(job: ImportJob) -> Progress:
    def report(done: int, total: int) -> None:
        save_job(job, processed_rows=done, total_rows=max(total, done))

    return report


def store_result(job: ImportJob, result: CheckResult, status: str) -> None:
    fields = dict(
        status=status,
        total_rows=result.total,
        processed_rows=result.total,
        created_count=result.created,
        updated_count=result.updated,
        unchanged_count=result.unchanged,
        error_count=result.error_rows,
        membership_count=result.joined,
        preview={
            "rows": result.preview,
            "errors": [e.__dict__ for e in result.errors[:PREVIEW_ROWS]],
            "sheet": result.sheet,
        },
    )
    save_job(job, **fields)
    if result.errors:
        job.error_report.save(
            f"错误报告-{job.pk}.xlsx", ContentFile(error_report_bytes(result.errors, job)), save=False
        )
        save_job(job, error_report=job.error_report.name)


def check_for_preview(
    job: ImportJob,
    check: Callable[[Progress], CheckResult],
    *,
    when_refused: Callable[[ImportJob], None] | None = None,
) -> ImportJob:
    """What every importer's check step does: pass 1 only (`check(progress)`), counts and preview; READY
    when the file is clean, INVALID with an error report (then `when_refused(job)`, if given)."""
    save_job(job, status=ImportStatus.VALIDATING, started_at=timezone.now(), message="")
    try:
        result = check(job_progress(job))
    except ServiceError as exc:
        save_job(job, status=ImportStatus.INVALID, message=exc.messages[0][:500], finished_at=timezone.now())
        return job
    store_result(job, result, ImportStatus.INVALID if result.errors else ImportStatus.READY)
    if result.errors:
        save_job(
            job, message=f"共 {result.error_rows} 行有错误，整份文件未导入。", finished_at=timezone.now()
        )
        if when_refused is not None:
            when_refused(job)
    elif result.created + result.updated == 0:
        save_job(job, message="文件与系统中的数据一致，确认导入不会修改任何数据。")
    return job


class _Refused(Exception):
    """Pass 1 found row errors (inside the transaction: roll back what was streamed)."""

    def __init__(self, result: CheckResult) -> None:
        super().__init__()
        self.result = result


def _clean(result: CheckResult) -> CheckResult:
    if result.errors:
        raise _Refused(result)
    return result


def confirm_and_write(
    job: ImportJob,
    *,
    actor: Any,
    what: str,
    check: Callable[[], CheckResult],
    write: Callable[[CheckResult], W],
    extra_changes: Callable[[CheckResult], dict[str, Any]] | None = None,
    check_in_transaction: bool = False,
) -> tuple[CheckResult, W] | None:
    """What every importer's confirm step does (the roster here, people in person_importing): pass 1 again
    (the registry may have changed since the preview), then the writes and one IMPORT audit row in one
    transaction. With `check_in_transaction` pass 1 runs inside that transaction too, for a check that
    writes as it goes (roster_stream). A refusal or a failure is recorded on the job and nothing is
    written. Returns (result, what `write` returned) when the rows are in, else None."""
    if job.status not in (ImportStatus.READY, ImportStatus.PENDING):
        raise ServiceError("该导入任务不是待确认状态。")
    actor = actor or job.created_by
    save_job(job, status=ImportStatus.RUNNING, processed_rows=0, started_at=timezone.now(), message="")
    result: CheckResult | None = None
    try:
        if not check_in_transaction:
            result = _clean(check())
        with transaction.atomic():
            if check_in_transaction:
                result = _clean(check())
            assert result is not None
            written = write(result)
            audit.record(
                actor=actor,
                action=audit.AuditAction.IMPORT,
                obj=job,
                organization=job.organization,
                changes={
                    "rows": result.total,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    **(extra_changes(result) if extra_changes else {}),
                },
                message=f"导入{what}《{job.original_name}》：新增 {result.created}，更新 {result.updated}，"
                f"无变化 {result.unchanged}",
            )
    except _Refused as refused:
        result = refused.result
        store_result(job, result, ImportStatus.INVALID)
        save_job(job, message=f"数据已变化：共 {result.error_rows} 行有错误，整份文件未导入。",
              finished_at=timezone.now())  # fmt: skip
        return None
    except ServiceError as exc:
        save_job(job, status=ImportStatus.FAILED, message=exc.messages[0][:500], finished_at=timezone.now())
        return None
    except Exception as exc:
        logger.exception("%s import %s failed", job.kind, job.pk)
        save_job(job, status=ImportStatus.FAILED, message=f"导入失败，未写入任何数据：{type(exc).__name__}",
              finished_at=timezone.now())  # fmt: skip
        return None
    finally:
        if result is not None:
            result.discard()
    return result, written
