"""The roster import's confirm step streaming new enterprises while pass 1 reads (roster_stream, PostgreSQL):
same result as writing after the pass, and still all-or-nothing when a later batch turns out bad."""

import pytest
from django.db import connection, transaction
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.core.testing.factories import EnterpriseFactory
from shanglian.excel.imports import jobs as import_jobs
from shanglian.excel.models import ImportJob, ImportStatus
from shanglian.registry import search, selectors
from shanglian.registry.codes import pinyin_of
from shanglian.registry.models import Enterprise
from shanglian.registry.tests.test_roster_import import code, industries_and_tags, upload  # noqa: F401

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="streaming is PostgreSQL's path")

PLAIN = ["统一社会信用代码", "企业名称", "法定代表人", "所属街道", "所属行业", "企业规模", "联系电话"]


def plain_rows(n):
    return [
        [code(i), f"青岛流式{i}号贸易有限公司", "钱七", "夏庄", "F51", "微型", f"05328{i:07d}"]
        for i in range(n)
    ]


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of two rows, so that a five-row file is streamed in three COPYs."""
    monkeypatch.setattr(import_jobs, "BATCH", 2)


def confirm(client, admin):
    job = ImportJob.objects.visible_to(admin).order_by("-pk").first()
    assert job.status == ImportStatus.READY, job.message
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    job.refresh_from_db()
    return job


def test_plain_roster_lands_whole_in_batches_and_is_searchable(world, login, small_batches):
    client = login(world.admin)
    upload(client, world.fed, plain_rows(5), header=PLAIN)
    job = confirm(client, world.admin)
    assert job.status == ImportStatus.DONE and job.created_count == 5, job.message
    rows = Enterprise.unscoped_objects.filter(name__startswith="青岛流式").order_by("credit_code")
    assert [e.credit_code for e in rows] == sorted(code(i) for i in range(5))
    e = rows.get(credit_code=code(3))
    assert (e.federation, e.street, e.scale, e.industry.code, e.phone) == (
        world.fed,
        "夏庄",
        "micro",
        "F51",
        "053280000003",
    )
    assert (e.name_pinyin, e.name_initials) == pinyin_of(e.name)
    assert e.legal_representative == "钱七" and e.registered_address == ""
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.IMPORT)
    assert entry.changes["created"] == 5 and entry.actor == world.admin
    found = selectors.filter_enterprises(Enterprise.objects.visible_to(world.admin), {"q": "流式3号"}, None)
    assert [x.credit_code for x in found] == [code(3)]
    if connection.vendor == "postgresql":
        # Queued for the n-gram index (the task runs when the import commits; this test's transaction
        # never does): found meanwhile by their columns, then by their grams.
        assert search.stale_count() == 0 and search.pending_count() == 5
        assert search.index_pending() == 5 and search.pending_count() == 0
        found = selectors.filter_enterprises(
            Enterprise.objects.visible_to(world.admin), {"q": "流式3号"}, None
        )
        assert [x.credit_code for x in found] == [code(3)]


def test_a_row_gone_bad_after_the_preview_rolls_back_the_streamed_batches(world, login, small_batches):
    client = login(world.admin)
    upload(client, world.fed, plain_rows(5), header=PLAIN)
    # Between preview and confirm another federation registers the last row's enterprise.
    EnterpriseFactory(federation=world.fed_b, credit_code=code(4))
    job = confirm(client, world.admin)
    assert job.status == ImportStatus.INVALID and job.error_count == 1 and "数据已变化" in job.message
    assert job.preview["errors"][0]["row"] == 6 and "其他工商联" in job.preview["errors"][0]["reason"]
    # The first four rows had been streamed in earlier batches: none of them stayed.
    assert not Enterprise.unscoped_objects.filter(name__startswith="青岛流式").exists()
    assert not AuditEntry.unscoped_objects.filter(action=AuditAction.IMPORT).exists()


@postgres_only
def test_a_failed_copy_is_a_clear_error_and_writes_nothing(world, login):
    from shanglian.excel.imports.rowaudit import RowAudit
    from shanglian.registry.imports.roster import FIELDS
    from shanglian.registry.imports.roster_stream import EnterpriseCopier

    taken = EnterpriseFactory(federation=world.fed).credit_code
    job = ImportJob.unscoped_objects.create(organization=world.fed, original_name="x.xlsx")
    clean = {**dict.fromkeys(FIELDS), "credit_code": taken, "name": "撞号企业"}
    with pytest.raises(ServiceError, match="重新导入"), transaction.atomic():
        copier = EnterpriseCopier(
            world.fed.pk, RowAudit(job, world.admin, object_type="registry.enterprise", what="名册")
        )
        copier.add_new([(clean, "zhuanghaoqiye", "zhqy")])
        copier.close()
    assert Enterprise.unscoped_objects.filter(credit_code=taken).count() == 1
    assert not Enterprise.unscoped_objects.filter(name="撞号企业").exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_while_the_import_transaction_is_open(world):
    from shanglian.registry.imports.roster_stream import SideProgress

    job = ImportJob.unscoped_objects.create(
        organization=world.fed, original_name="x.xlsx", status=ImportStatus.RUNNING
    )
    progress = SideProgress(job)
    try:
        with transaction.atomic():
            progress(300, 1000)
            # Another session (the polling page) sees it before this transaction ends.
            other = connection.get_new_connection(connection.get_connection_params())
            try:
                seen = other.execute(
                    f"SELECT processed_rows, total_rows FROM {ImportJob._meta.db_table} WHERE id = %s",
                    [job.pk],
                ).fetchone()
            finally:
                other.close()
            assert seen == (300, 1000)
    finally:
        progress.close()


@pytest.fixture
def lookups_seen(monkeypatch):
    """Records whether each copier looked up through a connection of its own (prefetch) or the shared one."""
    from shanglian.registry.imports.roster_stream import EnterpriseCopier

    seen = []
    prefetch = EnterpriseCopier.prefetch

    def spy(self, sql):
        send = prefetch(self, sql)
        seen.append("own" if send is not None else "shared")
        return send

    monkeypatch.setattr(EnterpriseCopier, "prefetch", spy)
    return seen


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_outside_any_transaction_lookups_run_ahead_on_their_own_connection(
    world, login, small_batches, lookups_seen
):
    EnterpriseFactory(federation=world.fed, credit_code=code(1), legal_representative="旧法人")
    client = login(world.admin)
    upload(client, world.fed, plain_rows(5), header=PLAIN)
    job = confirm(client, world.admin)
    assert lookups_seen == ["own"]
    assert (job.status, job.created_count, job.updated_count) == (ImportStatus.DONE, 4, 1), job.message
    assert Enterprise.unscoped_objects.get(credit_code=code(1)).legal_representative == "钱七"
    assert Enterprise.unscoped_objects.filter(name__startswith="青岛流式").count() == 5
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.IMPORT).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_outside_any_transaction_a_late_bad_row_still_rolls_back_everything(
    world, login, small_batches, lookups_seen
):
    client = login(world.admin)
    upload(client, world.fed, plain_rows(5), header=PLAIN)
    EnterpriseFactory(federation=world.fed_b, credit_code=code(4))
    job = confirm(client, world.admin)
    assert lookups_seen == ["own"]
    assert job.status == ImportStatus.INVALID and "其他工商联" in job.preview["errors"][0]["reason"]
    assert not Enterprise.unscoped_objects.filter(name__startswith="青岛流式").exists()
    assert not AuditEntry.unscoped_objects.filter(action=AuditAction.IMPORT).exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_failure_midway_leaves_nothing_and_frees_the_connections(
    world, login, small_batches, lookups_seen, monkeypatch
):
    from shanglian.registry.imports.roster_parsing import ColumnParser

    client = login(world.admin)
    upload(client, world.fed, plain_rows(5), header=PLAIN)
    parse, calls = ColumnParser.parse, []

    def failing_on_the_fifth_row(self, columns):  # batches of two rows: the third batch holds the fifth row
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("injected")
        return parse(self, columns)

    monkeypatch.setattr(ColumnParser, "parse", failing_on_the_fifth_row)
    before = other_sessions()
    job = confirm(client, world.admin)
    assert lookups_seen == ["own"]
    assert job.status == ImportStatus.FAILED and "未写入任何数据" in job.message
    assert not Enterprise.unscoped_objects.filter(name__startswith="青岛流式").exists()
    assert not AuditEntry.unscoped_objects.filter(action=AuditAction.IMPORT).exists()
    assert other_sessions() == before  # the lookup and progress connections are closed again


def other_sessions() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]
