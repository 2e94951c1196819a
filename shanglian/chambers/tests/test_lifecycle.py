from datetime import date

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.chambers import services
from shanglian.chambers.models import (
    Cause,
    ChamberProfile,
    ChamberState,
    ChamberTransition,
    RectificationCase,
    RequestStatus,
    TransitionKind,
    TransitionRequest,
)
from shanglian.core.access import AccessDenied
from shanglian.core.errors import ServiceError

pytestmark = pytest.mark.django_db


def _transitions(chamber):
    return ChamberTransition.unscoped_objects.filter(chamber=chamber).count()


def _audit(action=AuditAction.TRANSITION):
    return AuditEntry.unscoped_objects.filter(action=action).count()


def test_admin_applies_transition_with_one_audit_row_and_opens_case(history, login):
    w = history
    before_steps, before_audit = _transitions(w.chamber), _audit()
    client = login(w.admin)
    response = client.post(
        reverse("chambers:transition_request", args=[w.chamber.pk]),
        {
            "to_state": ChamberState.RECTIFYING,
            "cause": Cause.IRREGULAR,
            "reason": "未按期换届",
            "effective_on": "2020-04-01",
            "apply": "1",
        },
    )
    assert response.status_code == 302
    assert ChamberProfile.objects.unscoped().get(chamber=w.chamber).state == ChamberState.RECTIFYING
    step = ChamberTransition.unscoped_objects.filter(chamber=w.chamber).latest("pk")
    assert (step.from_state, step.to_state, step.kind, step.cause) == (
        ChamberState.NORMAL,
        ChamberState.RECTIFYING,
        TransitionKind.RECTIFY,
        Cause.IRREGULAR,
    )
    assert step.actor == w.admin and step.reason == "未按期换届" and step.effective_on == date(2020, 4, 1)
    assert _transitions(w.chamber) == before_steps + 1
    assert _audit() == before_audit + 1
    entry = AuditEntry.unscoped_objects.filter(action=AuditAction.TRANSITION).latest("pk")
    assert entry.changes == {"state": ["normal", "rectifying"]} and entry.organization == w.chamber
    case = RectificationCase.unscoped_objects.get(chamber=w.chamber)
    assert case.opened_by == step and case.deadline == date(2020, 6, 30)


def test_illegal_transition_is_refused_in_chinese_and_writes_nothing(history):
    w = history
    services.transition_chamber(
        actor=w.admin,
        chamber=w.chamber,
        to_state=ChamberState.DISSOLVED,
        reason="僵尸商会",
        effective_on=date(2020, 6, 1),
    )
    steps, audit_rows = _transitions(w.chamber), AuditEntry.unscoped_objects.count()
    with pytest.raises(ServiceError) as exc:
        services.transition_chamber(
            actor=w.admin,
            chamber=w.chamber,
            to_state=ChamberState.NORMAL,
            reason="恢复",
            effective_on=date(2020, 7, 1),
        )
    assert "不允许的状态变更：清理（注销） → 规范运行" in exc.value.messages[0]
    assert _transitions(w.chamber) == steps and AuditEntry.unscoped_objects.count() == audit_rows
    assert ChamberProfile.objects.unscoped().get(chamber=w.chamber).state == ChamberState.DISSOLVED
    w.chamber.refresh_from_db()
    assert w.chamber.is_active is False


def test_founding_cannot_jump_to_rectifying_and_dates_keep_order(history):
    w = history
    with pytest.raises(ServiceError, match="不能早于上一次状态变更日期"):
        services.transition_chamber(
            actor=w.admin,
            chamber=w.chamber,
            to_state=ChamberState.RECTIFYING,
            reason="x",
            effective_on=date(2019, 4, 1),
        )
    with pytest.raises(ServiceError, match="请填写状态变更的事由"):
        services.transition_chamber(
            actor=w.admin,
            chamber=w.chamber,
            to_state=ChamberState.RECTIFYING,
            reason=" ",
            effective_on=date(2020, 1, 1),
        )


def test_secretary_requests_and_admin_approves(history, login):
    w = history
    client = login(w.secretary)
    response = client.post(
        reverse("chambers:transition_request", args=[w.chamber.pk]),
        {
            "to_state": ChamberState.RECTIFYING,
            "cause": "",
            "reason": "监事会未履职",
            "effective_on": "2020-05-01",
            "apply": "1",
        },
    )
    assert response.status_code == 302
    req = TransitionRequest.objects.unscoped().get(chamber=w.chamber)
    assert req.status == RequestStatus.PENDING and req.requested_by == w.secretary
    # "apply" is ignored for a secretary: the state is unchanged until an admin decides.
    assert services.current_state(w.chamber) == ChamberState.NORMAL
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.CREATE, object_type="chambers.transitionrequest"
    ).exists()
    # The secretary cannot decide.
    assert (
        client.post(reverse("chambers:request_decide", args=[req.pk]), {"decision": "approve"}).status_code
        == 403
    )

    admin = login(w.admin)
    before = _audit()
    response = admin.post(
        reverse("chambers:request_decide", args=[req.pk]), {"decision": "approve", "note": "同意"}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.APPROVED and req.decided_by == w.admin and req.transition is not None
    assert services.current_state(w.chamber) == ChamberState.RECTIFYING
    # Two state changes, two rows: the chamber's state and (since the workflow kit) the request's own.
    assert _audit() == before + 2
    assert AuditEntry.unscoped_objects.get(
        action=AuditAction.TRANSITION, object_type="chambers.transitionrequest", object_id=str(req.pk)
    ).changes == {"status": ["pending", "approved"]}
    # Approving twice is refused.
    with pytest.raises(ServiceError, match="已处理"):
        services.approve_request(actor=w.admin, req=req)


def test_reject_needs_a_note_and_duplicate_pending_is_refused(history):
    w = history
    req = services.request_transition(
        actor=w.secretary,
        chamber=w.chamber,
        to_state=ChamberState.DISSOLVED,
        reason="申请注销",
        effective_on=date(2020, 5, 1),
    )
    with pytest.raises(ServiceError, match="已有一条待审批"):
        services.request_transition(
            actor=w.secretary,
            chamber=w.chamber,
            to_state=ChamberState.RECTIFYING,
            reason="x",
            effective_on=date(2020, 5, 1),
        )
    with pytest.raises(ServiceError, match="驳回时请填写审批意见"):
        services.reject_request(actor=w.admin, req=req, note="")
    services.reject_request(actor=w.admin, req=req, note="材料不全")
    req.refresh_from_db()
    assert req.status == RequestStatus.REJECTED
    assert AuditEntry.unscoped_objects.filter(
        object_type="chambers.transitionrequest", action=AuditAction.TRANSITION
    ).exists()
    assert services.current_state(w.chamber) == ChamberState.NORMAL


def test_illegal_request_via_page_shows_chinese_error_and_writes_nothing(history, login):
    w = history
    services.transition_chamber(
        actor=w.admin,
        chamber=w.chamber,
        to_state=ChamberState.DISSOLVED,
        reason="清理",
        effective_on=date(2020, 6, 1),
    )
    client = login(w.secretary)
    before = AuditEntry.unscoped_objects.count()
    response = client.post(
        reverse("chambers:transition_request", args=[w.chamber.pk]),
        {"to_state": ChamberState.NORMAL, "reason": "恢复", "effective_on": "2020-07-01"},
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode() or "不允许" in response.content.decode()
    assert not TransitionRequest.objects.unscoped().exists()
    assert AuditEntry.unscoped_objects.count() == before


def test_secretary_cannot_touch_another_chamber(history, login):
    w = history
    client = login(w.secretary)
    for chamber in (w.chamber2, w.chamber_b):
        url = reverse("chambers:transition_request", args=[chamber.pk])
        assert client.get(url).status_code == 404
        response = client.post(
            url, {"to_state": ChamberState.RECTIFYING, "reason": "x", "effective_on": "2020-07-01"}
        )
        assert response.status_code == 404
    assert not TransitionRequest.objects.unscoped().exists()
    with pytest.raises(AccessDenied):  # a rights failure (issue 10: one exception type)
        services.request_transition(
            actor=w.secretary,
            chamber=w.chamber2,
            to_state=ChamberState.RECTIFYING,
            reason="x",
            effective_on=date(2020, 7, 1),
        )


def test_weak_roles_and_anonymous(history, login, client):
    w = history
    url = reverse("chambers:transition_request", args=[w.chamber.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (w.enterprise_user, w.liaison, w.leader):
        c = login(user)
        assert (
            c.post(
                url, {"to_state": ChamberState.RECTIFYING, "reason": "x", "effective_on": "2020-07-01"}
            ).status_code
            == 403
        )
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.DENIED).count() >= 3
    assert not TransitionRequest.objects.unscoped().exists()


def test_admin_of_other_tenant_cannot_apply(history):
    w = history
    with pytest.raises(AccessDenied, match="只有本工商联的管理员"):
        services.transition_chamber(
            actor=w.users_b["federation_admin"],
            chamber=w.chamber,
            to_state=ChamberState.RECTIFYING,
            reason="x",
            effective_on=date(2020, 7, 1),
        )


def test_found_chamber_creates_org_in_founding_state(world, login):
    client = login(world.admin)
    response = client.post(
        reverse("chambers:chamber_found"),
        {
            "name": "城阳区沂水商会",
            "chamber_kind": "hometown",
            "reason": "在城沂水籍企业家联名申请",
            "effective_on": "2020-07-01",
        },
    )
    assert response.status_code == 302
    profile = ChamberProfile.objects.unscoped().get(chamber__name="城阳区沂水商会")
    assert profile.state == ChamberState.FOUNDING
    assert profile.chamber.path.startswith(world.fed.path)
    step = ChamberTransition.unscoped_objects.get(chamber=profile.chamber)
    assert step.kind == TransitionKind.FOUND and step.from_state == ""
    # Bad input: no reason -> Chinese message, nothing created.
    response = client.post(
        reverse("chambers:chamber_found"),
        {"name": "城阳区新商会", "chamber_kind": "industry", "reason": "", "effective_on": "2020-07-01"},
    )
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert not ChamberProfile.objects.unscoped().filter(chamber__name="城阳区新商会").exists()
