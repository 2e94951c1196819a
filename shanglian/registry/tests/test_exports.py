"""Excel export of filtered lists: POST only, audited, masked, safe against formula injection."""

import io

import openpyxl
import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.testing.world import MARK
from shanglian.registry.exports import safe_text
from shanglian.registry.tests.helpers import member, person

pytestmark = pytest.mark.django_db


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [[c.value for c in row] for row in book.active.iter_rows()]


def test_safe_text():
    assert safe_text('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for bad in ("+1", "-1+1", "@SUM(A1)", "\t=1"):
        assert safe_text(bad).startswith("'")
    assert safe_text("青岛") == "青岛"


def test_enterprise_export_follows_filters_and_is_audited(world, login):
    member(world, '=HYPERLINK("http://evil","点我")', legal_representative="@SUM(1)")
    member(world, "青岛导出测试有限公司")
    client = login(world.admin)
    rows = _sheet(client.post(reverse("registry:enterprise_export"), {"q": "导出测试"}))
    assert rows[0][0] == "企业名称" and [r[0] for r in rows[1:]] == ["青岛导出测试有限公司"]
    rows = _sheet(client.post(reverse("registry:enterprise_export"), {"q": "HYPERLINK"}))
    assert rows[1][0].startswith("'=") and rows[1][2] == "'@SUM(1)"
    entries = AuditEntry.unscoped_objects.filter(action=AuditAction.EXPORT)
    assert entries.count() == 2
    assert entries.first().changes["rows"] in (1,) and entries.first().actor == world.admin


def test_secretary_export_is_scoped_and_masked(world, login):
    person(world.enterprise, "张伟", phone="13912345678")
    person(world.enterprise2, f"{MARK}李四", phone="13900000000")
    client = login(world.secretary)
    rows = _sheet(client.post(reverse("registry:person_export")))
    assert [r[0] for r in rows[1:]] == ["张伟"] and rows[1][7] == "139****5678"
    members = _sheet(client.post(reverse("registry:member_export")))
    assert all(MARK not in str(r) for r in members)
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.EXPORT, actor=world.secretary).count() == 2


def test_talent_export(world, login):
    person(world.enterprise, "人大代表甲", is_npc_deputy=True)
    rows = _sheet(login(world.leader).post(reverse("registry:talent_export"), {"pool": "excellent"}))
    assert [r[0] for r in rows[1:]] == ["人大代表甲"]
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.EXPORT)
    assert entry.object_repr == "优秀企业家库" and entry.organization == world.fed


def test_export_rights(world, login, client):
    url = reverse("registry:enterprise_export")
    assert login(world.admin).get(url).status_code == 405
    assert login(world.enterprise_user).post(url).status_code == 403
    assert login(world.liaison).post(reverse("registry:person_export")).status_code == 403
    assert login(world.enterprise_user).post(reverse("registry:talent_export")).status_code == 403
    client.logout()
    assert "/accounts/login/" in client.post(url)["Location"]
    assert not AuditEntry.unscoped_objects.filter(action=AuditAction.EXPORT).exists()


def test_bad_filter_input_still_exports_safely(world, login):
    rows = _sheet(
        login(world.admin).post(reverse("registry:enterprise_export"), {"tier": "bogus", "page": "x"})
    )
    assert len(rows) >= 2  # invalid filters are ignored, the scope still applies
    assert all(f"{MARK}即墨" not in str(r) for r in rows)


def test_application_export_is_scoped(world, login):
    from shanglian.registry.models import MembershipApplication

    MembershipApplication.unscoped_objects.create(enterprise=world.enterprise2, chamber=world.chamber)
    MembershipApplication.unscoped_objects.create(enterprise=world.enterprise, chamber=world.chamber2)
    rows = _sheet(
        login(world.secretary).post(reverse("registry:application_export"), {"status": "submitted"})
    )
    assert [r[2] for r in rows[1:]] == ["城阳街道商会"]
    assert AuditEntry.unscoped_objects.get(action=AuditAction.EXPORT).object_repr == "入会申请"
    assert login(world.enterprise_user).post(reverse("registry:application_export")).status_code == 403


def test_a_capped_export_says_so_in_its_last_row(world, login, monkeypatch):
    """Issue 13: an export that reaches the row limit tells the user, instead of stopping silently."""
    import io

    import openpyxl

    from shanglian.registry import exports

    monkeypatch.setattr(exports, "EXPORT_LIMIT", 2)
    content, count = exports.workbook_bytes(
        "企业名单", ["企业名称", "街道"], iter([["甲", "x"], ["乙", "y"]])
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert count == 2 and "仅导出前 2 行" in rows[-1][0]
    content, count = exports.workbook_bytes("企业名单", ["企业名称", "街道"], iter([["甲", "x"]]))
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert count == 1 and "仅导出" not in str(rows[-1][0])
