import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.chambers import services
from shanglian.chambers.models import ChamberState, RatingScheme
from shanglian.core.testing.world import MARK

pytestmark = pytest.mark.django_db


def test_list_shows_state_registration_and_rating_badges(history, login):
    w = history
    services.transition_chamber(
        actor=w.admin,
        chamber=w.chamber2,
        to_state=ChamberState.RECTIFYING,
        reason="x",
        effective_on=date(2020, 3, 1),
    )
    r = services.apply_rating(
        actor=w.admin,
        chamber=w.chamber,
        scheme=RatingScheme.FOUR_GOOD,
        level="provincial",
        applied_on=date(2024, 1, 1),
    )
    services.decide_rating(
        actor=w.admin, rating=r, approve=True, granted_on=date(2024, 6, 1), valid_until=date(2099, 1, 1)
    )
    admin = login(w.admin)
    body = admin.get(reverse("chambers:chamber_list")).content.decode()
    assert "省级四好商会" in body and "整顿中" in body and "筹备中" in body
    filtered = admin.get(reverse("chambers:chamber_list"), {"state": "rectifying"}).content.decode()
    assert w.chamber2.name in filtered and ">城阳街道商会<" not in filtered
    rated = admin.get(reverse("chambers:chamber_list"), {"rating": "four_good"}).content.decode()
    assert ">城阳街道商会<" in rated and w.chamber2.name not in rated
    sec = login(w.secretary).get(reverse("chambers:chamber_list")).content.decode()
    assert "城阳街道商会" in sec and MARK not in sec
    assert login(w.enterprise_user).get(reverse("chambers:chamber_list")).status_code == 403


def test_excel_export_is_audited(history, login):
    admin = login(history.admin)
    response = admin.get(reverse("chambers:chamber_list"), {"export": "xlsx", "kind": "street"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "商会名称" and {r[0] for r in rows[1:]} == {"城阳街道商会", history.chamber2.name}
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.EXPORT)
    assert entry.actor == history.admin and entry.changes["rows"] == 2 and entry.organization == history.fed
    # Secretaries may not export; the refusal is audited too.
    assert (
        login(history.secretary).get(reverse("chambers:chamber_list"), {"export": "xlsx"}).status_code == 403
    )
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.EXPORT).count() == 1


def test_detail_page_timeline_and_scope(history, login):
    sec = login(history.secretary)
    body = sec.get(reverse("chambers:chamber_detail", args=[history.chamber.pk])).content.decode()
    assert "状态变更记录" in body and "正式成立" in body and "申请状态变更" in body
    assert sec.get(reverse("chambers:chamber_detail", args=[history.chamber2.pk])).status_code == 404
    assert sec.get(reverse("chambers:chamber_detail", args=[history.department.pk])).status_code == 404
    leader = (
        login(history.leader)
        .get(reverse("chambers:chamber_detail", args=[history.chamber.pk]))
        .content.decode()
    )
    assert "申请状态变更" not in leader and "变更状态" not in leader


def test_todos_for_admin_and_nothing_for_others(history, login):
    services.request_transition(
        actor=history.secretary,
        chamber=history.chamber,
        to_state=ChamberState.RECTIFYING,
        reason="自查",
        effective_on=date(2020, 6, 1),
    )
    services.apply_rating(
        actor=history.secretary,
        chamber=history.chamber,
        scheme=RatingScheme.CIVIL_AFFAIRS_GRADE,
        grade="3A",
        applied_on=date(2020, 6, 1),
    )
    home = login(history.admin).get("/").content.decode()
    assert "商会状态变更审批" in home and "城阳街道商会 申请整顿中" in home
    assert "评级申报" in home and "僵尸商会排查" in home
    other_admin = login(history.users_b["federation_admin"]).get("/").content.decode()
    assert "城阳街道商会" not in other_admin
    sec_home = login(history.secretary).get("/").content.decode()
    assert "商会状态变更审批" not in sec_home


def test_secretary_sees_own_case_deadline_only(history, login):
    for chamber in (history.chamber, history.chamber2):
        services.transition_chamber(
            actor=history.admin,
            chamber=chamber,
            to_state=ChamberState.RECTIFYING,
            reason="整顿",
            effective_on=date(2020, 3, 1),
        )
    home = login(history.secretary).get("/").content.decode()
    assert "城阳街道商会 整顿已逾期" in home
    assert MARK not in home
