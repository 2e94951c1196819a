"""Issue 11: the hostile-file corpus (corpus/make_hostile.py) through the roster import, as a federation
admin would upload it: each file gets its Chinese answer and writes no row, not even when confirmed."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.excel.imports import jobs
from shanglian.excel.models import ImportJob, ImportStatus
from shanglian.excel.tests.corpus.make_hostile import CODES, HOSTILE, bomb_bytes
from shanglian.registry.models import Enterprise, Membership

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(autouse=True)
def industries_and_tags(db):
    from importlib import import_module

    from django.apps import apps

    from shanglian.registry.models import Industry

    if not Industry.objects.exists():
        import_module("shanglian.registry.migrations.0004_seed_industries_and_tags").seed(apps, None)


def upload(client, world, name: str, data: bytes) -> ImportJob:
    response = client.post(
        reverse("roster_import:index"), {"target": world.fed.pk, "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportJob.objects.visible_to(world.admin).get(original_name=name)


def answer(job: ImportJob, where: str) -> str:
    if where == "message":
        return job.message
    if where == "sheet":
        return job.preview.get("sheet", "")
    return " ".join(e["reason"] for e in job.preview["errors"])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_gets_its_chinese_answer_and_writes_nothing(world, login, name):
    where, expected = HOSTILE[name]
    client = login(world.admin)
    enterprises, memberships = Enterprise.unscoped_objects.count(), Membership.unscoped_objects.count()
    job = upload(client, world, name, (CORPUS / name).read_bytes())
    assert expected in answer(job, where), (job.status, job.message, job.preview)
    if where != "sheet":
        assert job.status == ImportStatus.INVALID
        client.post(reverse("roster_import:confirm", args=[job.pk]))
        job.refresh_from_db()
        assert job.status == ImportStatus.INVALID
    assert Enterprise.unscoped_objects.exclude(credit_code__in=CODES[:1]).count() == enterprises
    assert not Enterprise.unscoped_objects.filter(credit_code__in=CODES[1:]).exists()
    if where != "sheet":
        assert (Enterprise.unscoped_objects.count(), Membership.unscoped_objects.count()) == (
            enterprises,
            memberships,
        )


def test_the_visible_active_sheet_is_read_not_the_hidden_first_one(world, login):
    """Defect 5: the hidden first sheet ("隐藏的旧数据") used to be imported; the preview names the sheet."""
    client = login(world.admin)
    job = upload(client, world, "hidden_first_sheet.xlsx", (CORPUS / "hidden_first_sheet.xlsx").read_bytes())
    assert job.status == ImportStatus.READY and job.created_count == 1
    assert [r["name"] for r in job.preview["rows"]] == ["青岛正常名称有限公司"]
    page = client.get(reverse("roster_import:job", args=[job.pk])).content.decode()
    assert "读取的工作表：会员名册" in page and "隐藏工作表" not in page
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    assert Enterprise.unscoped_objects.filter(credit_code=CODES[0]).exists()
    assert not Enterprise.unscoped_objects.filter(credit_code=CODES[1]).exists()


def test_decompression_bomb_is_refused_before_reading(world, login):
    client = login(world.admin)
    data = bomb_bytes()
    assert len(data) < 100_000
    job = upload(client, world, "bomb.xlsx", data)
    assert job.status == ImportStatus.INVALID and "压缩炸弹" in job.message
    assert not Enterprise.unscoped_objects.filter(credit_code=CODES[0]).exists()


def test_control_characters_are_row_errors_per_cell(world, login):
    client = login(world.admin)
    job = upload(client, world, "control_chars.xlsx", (CORPUS / "control_chars.xlsx").read_bytes())
    reasons = [(e["row"], e["column"], e["reason"]) for e in job.preview["errors"]]
    assert reasons == [
        (2, "企业名称", "含有不可见的控制字符（U+0007），请删除后重新填写"),
        (3, "企业名称", "含有不可见的控制字符（U+001B），请删除后重新填写"),
        (4, "企业名称", "含有不可见的控制字符（U+007F），请删除后重新填写"),
    ]
    # The value shown in the report is cleaned too: no raw control character reaches the page.
    assert all("\x07" not in e["value"] and "\x1b" not in e["value"] for e in job.preview["errors"])


# ---------------------------------------------------------------- defect 1: jobs that stop


def make_job(world, status, *, minutes_ago):
    job = ImportJob.unscoped_objects.create(
        organization=world.fed, original_name="x.xlsx", file="imports/x.xlsx", status=status
    )
    ImportJob.unscoped_objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return job


def test_stale_active_job_is_failed_by_the_scheduled_check(world, settings):
    from shanglian.core.schedule import jobs as scheduled
    from shanglian.excel.jobs import fail_stale_imports

    settings.IMPORT_STALE_MINUTES = 30
    stale = make_job(world, ImportStatus.VALIDATING, minutes_ago=31)
    busy = make_job(world, ImportStatus.RUNNING, minutes_ago=1)
    done = make_job(world, ImportStatus.DONE, minutes_ago=300)
    assert "shanglian.excel.jobs.fail_stale_imports" in {j.name for j in scheduled()}
    assert fail_stale_imports.call() == 1
    assert fail_stale_imports.call() == 0  # idempotent
    for job in (stale, busy, done):
        job.refresh_from_db()
    assert stale.status == ImportStatus.FAILED and "30 分钟内没有任何进展" in stale.message
    assert "未写入任何数据" in stale.message and stale.finished_at is not None
    assert (busy.status, done.status) == (ImportStatus.RUNNING, ImportStatus.DONE)
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.TRANSITION, object_id=str(stale.pk))
    assert entry.changes == {"status": ["validating", "failed"]} and entry.organization == world.fed


def test_a_worker_failure_fails_the_job_with_its_reason(world, monkeypatch):
    job = make_job(world, ImportStatus.PENDING, minutes_ago=0)

    def out_of_memory(job):
        jobs.save_job(job, status=ImportStatus.VALIDATING)
        raise MemoryError

    monkeypatch.setattr(jobs, "validate_job", out_of_memory)
    with pytest.raises(MemoryError):
        jobs.validate_job_task.call(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "内存不足" in job.message and not job.active


def test_progress_stamps_the_heartbeat(world):
    job = make_job(world, ImportStatus.RUNNING, minutes_ago=60)
    jobs.job_progress(job)(10, 100)
    job.refresh_from_db()
    assert timezone.now() - job.heartbeat_at < datetime.timedelta(minutes=1)
    assert jobs.fail_stale_jobs() == 0
