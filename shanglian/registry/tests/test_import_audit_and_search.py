"""What an import leaves besides the rows: one audit row per created or changed enterprise / person with the
job as its cause (so an object's history shows the import that changed it), and — on PostgreSQL — search
entries for the new and changed rows, written in the import's own transaction: searchable the moment the
job reports success, with no task left to run."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.excel.imports.rowaudit import cause_of
from shanglian.excel.models import ImportJob, ImportStatus
from shanglian.registry import search, selectors
from shanglian.registry.models import Enterprise
from shanglian.registry.tests import test_person_import as people
from shanglian.registry.tests.test_roster_import import code, industries_and_tags, upload  # noqa: F401
from shanglian.registry.tests.test_roster_stream import PLAIN, confirm, plain_rows

pytestmark = pytest.mark.django_db


def history(enterprise_or_person):
    return list(
        AuditEntry.unscoped_objects.filter(
            object_type=enterprise_or_person._meta.label_lower, object_id=str(enterprise_or_person.pk)
        ).order_by("id")
    )


def test_one_audit_row_per_created_then_per_changed_enterprise(world, login):
    client = login(world.admin)
    upload(client, world.fed, plain_rows(3), header=PLAIN, name="第一批.xlsx")
    first = confirm(client, world.admin)
    assert first.status == ImportStatus.DONE, first.message
    for i in range(3):
        [entry] = history(Enterprise.unscoped_objects.get(credit_code=code(i)))
        assert entry.action == AuditAction.CREATE and cause_of(entry) == first.pk
        assert entry.actor == world.admin and entry.organization == world.fed
        assert "第一批.xlsx" in entry.message and f"#{first.pk}" in entry.message

    rows = plain_rows(3)
    rows[1][2] = "新法人"  # only the second enterprise changes
    upload(client, world.fed, rows, header=PLAIN, name="第二批.xlsx")
    second = confirm(client, world.admin)
    assert (second.status, second.updated_count, second.unchanged_count) == (ImportStatus.DONE, 1, 2)
    changed = history(Enterprise.unscoped_objects.get(credit_code=code(1)))
    assert [(e.action, cause_of(e)) for e in changed] == [
        (AuditAction.CREATE, first.pk),
        (AuditAction.UPDATE, second.pk),
    ]
    assert len(history(Enterprise.unscoped_objects.get(credit_code=code(0)))) == 1  # unchanged: no row
    # Still one summary row per job, with the counts.
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.IMPORT).count() == 2


def test_rows_with_tags_and_chambers_are_audited_once(world, login):
    """On PostgreSQL such a new row is streamed and also goes through the spool: still one audit row."""
    from shanglian.registry.tests.test_roster_import import good_rows

    client = login(world.admin)
    upload(client, world.fed, good_rows())
    job = ImportJob.objects.visible_to(world.admin).get()
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    created = AuditEntry.unscoped_objects.filter(object_type="registry.enterprise", action=AuditAction.CREATE)
    assert sorted(int(e.object_id) for e in created) == sorted(
        Enterprise.unscoped_objects.filter(federation=world.fed, name__startswith="青岛导入").values_list(
            "pk", flat=True
        )
    )
    assert {cause_of(e) for e in created} == {job.pk}


def test_a_refused_import_writes_no_audit_rows(world, login):
    from shanglian.core.testing.factories import EnterpriseFactory

    client = login(world.admin)
    upload(client, world.fed, plain_rows(3), header=PLAIN)
    EnterpriseFactory(federation=world.fed_b, credit_code=code(2))  # goes bad between preview and confirm
    job = confirm(client, world.admin)
    assert job.status == ImportStatus.INVALID
    assert (
        not AuditEntry.unscoped_objects.filter(object_type="registry.enterprise")
        .exclude(object_id=str(Enterprise.unscoped_objects.get(credit_code=code(2)).pk))
        .exists()
    )


def test_each_imported_person_has_an_audit_row_caused_by_the_job(world, login):
    client = login(world.admin)
    people.upload(client, world.fed, people.good_rows(world))
    job = people.last_job(world.admin)
    people.confirm(client, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    imported = list(people.people(world))
    assert len(imported) == 3
    for person in imported:
        [entry] = history(person)
        assert entry.action == AuditAction.CREATE and cause_of(entry) == job.pk
        assert entry.object_repr == person.name


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the n-gram index is PostgreSQL's"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_new_and_changed_rows_are_searchable_when_the_import_reports_success(world, login, monkeypatch):
    """Outside any transaction, as in production: no refresh runs after the import (none may), nothing
    is stale, the entries carry the rows' own updated_at."""

    def no_refresh_after(*args, **kwargs):
        raise AssertionError("the import must index its rows itself")

    monkeypatch.setattr(search, "refresh", no_refresh_after)
    monkeypatch.setattr(search, "refresh_search_index", SimpleNamespace(enqueue=no_refresh_after))
    client = login(world.admin)
    upload(client, world.fed, plain_rows(4), header=PLAIN)
    job = confirm(client, world.admin)
    assert job.status == ImportStatus.DONE, job.message
    assert search.stale_count() == 0
    assert (
        search.pending_count() == 0
    )  # the task enqueued at COMMIT indexed the queued rows (immediate backend)
    visible = Enterprise.objects.visible_to(world.admin)
    found = selectors.filter_enterprises(visible, {"q": "流式2号"}, None)
    assert [e.credit_code for e in found] == [code(2)]
    assert list(selectors.filter_enterprises(visible, {"q": "qdls"}, None))  # initials, via the grams too

    rows = plain_rows(4)
    rows[3][2] = "欧阳修"
    upload(client, world.fed, rows, header=PLAIN)
    assert confirm(client, world.admin).status == ImportStatus.DONE
    assert search.stale_count() == 0
    found = selectors.filter_enterprises(visible, {"q": "欧阳修"}, None)
    assert [e.credit_code for e in found] == [code(3)]
