"""The life of an import job, whatever it imports: upload → check (inline, or a task for a big file) →
confirm → write (inline, or a task). Each kind's module (`importing` for the enterprise roster,
`person_importing` for people) supplies `validate_job(job)` and `apply_job(job, actor=)`."""

from __future__ import annotations

import os

from django.conf import settings
from django.db import transaction
from django_tasks import task

from shanglian.core.errors import ServiceError
from shanglian.excel.models import ImportJob, ImportKind, ImportStatus
from shanglian.registry.importing import _save


def importer(kind):
    from shanglian.registry import importing, person_importing

    return {ImportKind.ROSTER: importing, ImportKind.PERSON: person_importing}.get(kind, importing)


def _job(job_id: int) -> ImportJob:
    return ImportJob.unscoped_objects.select_related("organization").get(pk=job_id)


@task()
def validate_job_task(job_id: int):
    job = _job(job_id)
    importer(job.kind).validate_job(job)


@task()
def apply_job_task(job_id: int, actor_id: int | None = None):
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    job = _job(job_id)
    importer(job.kind).apply_job(job, actor=actor)


def runs_inline(job: ImportJob) -> bool:
    return job.file.size <= getattr(settings, "IMPORT_INLINE_MAX_BYTES", 256 * 1024)


@transaction.atomic
def create_job(*, actor, organization, uploaded, kind=ImportKind.ROSTER) -> ImportJob:
    from shanglian.excel.reading import check_upload

    check_upload(uploaded)
    job = ImportJob.unscoped_objects.create(
        kind=kind,
        organization=organization,
        created_by=actor,
        original_name=os.path.basename(uploaded.name)[:255],
    )
    job.file.save(f"{job.pk}{os.path.splitext(uploaded.name)[1].lower()}", uploaded, save=False)
    _save(job, file=job.file.name)
    return job


def start_validation(job: ImportJob) -> None:
    if runs_inline(job):
        importer(job.kind).validate_job(job)
    else:
        transaction.on_commit(lambda: validate_job_task.enqueue(job.pk))


def confirm_job(*, actor, job: ImportJob) -> None:
    if job.status != ImportStatus.READY:
        raise ServiceError("只有校验通过、待确认的导入任务可以执行导入。")
    _save(job, status=ImportStatus.PENDING, processed_rows=0)
    if runs_inline(job):
        importer(job.kind).apply_job(job, actor=actor)
    else:
        transaction.on_commit(lambda: apply_job_task.enqueue(job.pk, actor.pk))
