from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.chambers import services
from shanglian.chambers.models import (
    CaseStatus,
    ChamberState,
    ChamberTransition,
    RectificationCase,
    TransitionKind,
)
from shanglian.core.errors import ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(history):
    services.flag_irregular(
        actor=history.admin, chamber=history.chamber, defects="未换届", flagged_on=date(2020, 3, 1)
    )
    services.transition_chamber(
        actor=history.admin,
        chamber=history.chamber,
        to_state=ChamberState.RECTIFYING,
        reason="责令整顿",
        effective_on=date(2020, 4, 1),
    )
    return RectificationCase.unscoped_objects.get(chamber=history.chamber)


def _case_data(**over):
    data = {
        "defects": "未换届；财务不规范",
        "measures": "召开会员大会换届",
        "deadline": "2020-08-01",
        "responsible_person": "张三",
    }
    data.update(over)
    return data


def test_case_takes_flagged_defects_and_cause(case):
    assert case.defects == "未换届" and case.cause == "irregular"


def test_secretary_fills_measures_admin_closes_and_chamber_is_restored(history, case, login):
    sec = login(history.secretary)
    assert sec.post(reverse("chambers:case_detail", args=[case.pk]), _case_data()).status_code == 302
    case.refresh_from_db()
    assert case.measures == "召开会员大会换届" and case.responsible_person == "张三"
    assert AuditEntry.unscoped_objects.filter(
        object_type="chambers.rectificationcase", action=AuditAction.UPDATE
    ).exists()
    # The secretary may not close (验收 is the federation's).
    assert (
        sec.post(
            reverse("chambers:case_close", args=[case.pk]), {"result": "ok", "closed_on": "2020-07-01"}
        ).status_code
        == 403
    )

    admin = login(history.admin)
    response = admin.post(
        reverse("chambers:case_close", args=[case.pk]), {"result": "验收合格", "closed_on": "2020-07-20"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == date(2020, 7, 20)
    assert services.current_state(history.chamber) == ChamberState.NORMAL
    step = ChamberTransition.unscoped_objects.filter(chamber=history.chamber).latest("pk")
    assert step.kind == TransitionKind.RESTORE and step.cause == "irregular"
    # The flag is cleared once restored.
    assert history.chamber.chamber_profile.irregular_defects == ""


def test_deadline_before_opening_is_refused(history, case, login):
    sec = login(history.secretary)
    response = sec.post(reverse("chambers:case_detail", args=[case.pk]), _case_data(deadline="2020-03-01"))
    assert response.status_code == 200 and "整改期限不能早于启动日期" in response.content.decode()
    case.refresh_from_db()
    assert case.deadline == date(2020, 6, 30)


def test_close_needs_measures_result_and_sane_dates(history, case):
    with pytest.raises(ServiceError, match="请先填写整改措施"):
        services.close_case(actor=history.admin, case=case, result="ok", closed_on=date(2020, 7, 1))
    services.update_case(
        actor=history.admin,
        case=case,
        defects="x",
        measures="y",
        deadline=case.deadline,
        responsible_person="",
    )
    with pytest.raises(ServiceError, match="验收日期不能早于启动日期"):
        services.close_case(actor=history.admin, case=case, result="ok", closed_on=date(2020, 1, 1))
    with pytest.raises(ServiceError, match="请填写整改结果"):
        services.close_case(actor=history.admin, case=case, result="", closed_on=date(2020, 7, 1))
    assert services.current_state(history.chamber) == ChamberState.RECTIFYING


def test_restore_is_blocked_while_a_case_is_open(history, case):
    with pytest.raises(ServiceError, match="未验收的整顿个案"):
        services.transition_chamber(
            actor=history.admin,
            chamber=history.chamber,
            to_state=ChamberState.NORMAL,
            reason="x",
            effective_on=date(2020, 5, 1),
        )
    with pytest.raises(ServiceError, match="未验收的整顿个案"):
        services.request_transition(
            actor=history.secretary,
            chamber=history.chamber,
            to_state=ChamberState.NORMAL,
            reason="x",
            effective_on=date(2020, 5, 1),
        )


def test_overdue_is_flagged_and_listed_in_todos(history, case, login):
    assert case.is_overdue(timezone.localdate())
    assert not case.is_overdue(case.deadline - timedelta(days=1))
    admin = login(history.admin)
    home = admin.get("/").content.decode()
    assert "整顿已逾期" in home
    page = admin.get(reverse("chambers:case_detail", args=[case.pk])).content.decode()
    assert "已逾期" in page


def test_case_scope(history, case, login):
    other = login(history.users_b["chamber_secretary"])
    assert other.get(reverse("chambers:case_detail", args=[case.pk])).status_code == 404
    assert other.post(reverse("chambers:case_detail", args=[case.pk]), _case_data()).status_code == 404
    ent = login(history.enterprise_user)
    assert ent.get(reverse("chambers:case_detail", args=[case.pk])).status_code == 403
    leader = login(history.leader)
    assert leader.get(reverse("chambers:case_detail", args=[case.pk])).status_code == 200
    assert leader.post(reverse("chambers:case_detail", args=[case.pk]), _case_data()).status_code == 403


def test_dissolving_closes_open_cases(history, case):
    services.transition_chamber(
        actor=history.admin,
        chamber=history.chamber,
        to_state=ChamberState.DISSOLVED,
        reason="整顿无效，予以清理",
        effective_on=date(2020, 9, 1),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and "清理" in case.result
