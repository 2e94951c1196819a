"""Approval by the legal representative (万家民营企业评营商环境): the enterprise's user fills in, the legal
representative's own account approves before the sheet counts as submitted, or sends it back."""

import pytest
from django.test import Client
from django.urls import reverse

from shanglian.accounts.factories import user_with_role
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.core.roles import Role
from shanglian.notifications.models import Notification
from shanglian.surveys import services
from shanglian.surveys.models import Response, ResponseStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(world):
    boss = user_with_role(
        Role.ENTERPRISE_USER, enterprise=world.enterprise, home_org=world.chamber, name="周法人"
    )
    boss.role_assignments.update(is_legal_representative=True)
    return boss


def test_a_namesake_is_not_the_legal_representative(world, login, approval_survey):
    """The registry's 法定代表人 name alone gives no right: only the flagged login approves."""
    world.enterprise.legal_representative = "周法人"
    world.enterprise.save()
    namesake = user_with_role(
        Role.ENTERPRISE_USER, enterprise=world.enterprise, home_org=world.chamber, name="周法人"
    )
    services.save_response(
        actor=world.enterprise_user,
        survey=approval_survey,
        answers={k[1:]: v for k, v in _data(approval_survey).items() if k != "submit"},
        submit=True,
    )
    sheet = Response.objects.unscoped().get()
    assert login(namesake).post(reverse("surveys:response_approve", args=[sheet.pk])).status_code == 403
    assert Response.objects.unscoped().get().status == ResponseStatus.PENDING


@pytest.fixture
def approval_survey(world, survey):
    survey.needs_legal_approval = True
    survey.save()
    return services.publish_survey(actor=world.secretary, survey=survey)


def _data(survey):
    q1 = survey.questions.get(order=1)
    return {f"q{q1.pk}": q1.options.get(label="否").pk, "submit": "1"}


def test_user_fills_in_legal_representative_approves(world, login, boss, approval_survey):
    url = reverse("surveys:answer", args=[approval_survey.pk])
    client = login(world.enterprise_user)
    assert "须由企业法定代表人审批" in client.get(url).content.decode()
    assert client.post(url, _data(approval_survey)).status_code == 302
    sheet = Response.objects.unscoped().get()
    assert sheet.status == ResponseStatus.PENDING and sheet.submitted_at is None
    assert Notification.objects.filter(recipient=boss, title__contains="请审批问卷答卷").count() == 1
    # The user who filled in can neither approve nor change it now.
    approve = reverse("surveys:response_approve", args=[sheet.pk])
    client.post(approve)
    assert Response.objects.unscoped().get().status == ResponseStatus.PENDING
    with pytest.raises(ServiceError, match="等待法定代表人审批"):
        services.save_response(actor=world.enterprise_user, survey=approval_survey, answers={})
    page = login(boss).get(url).content.decode()
    assert 'id="approve-sheet"' in page
    assert login(boss).post(approve).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == ResponseStatus.SUBMITTED and sheet.submitted_by == boss
    steps = AuditEntry.unscoped_objects.filter(action=AuditAction.TRANSITION, object_type="surveys.response")
    assert [e.changes["status"] for e in steps.order_by("pk")] == [
        ["draft", "pending"],
        ["pending", "submitted"],
    ]


def test_send_back_with_reason_then_legal_representative_submits_directly(
    world, login, boss, approval_survey
):
    services.save_response(
        actor=world.enterprise_user,
        survey=approval_survey,
        answers={k[1:]: v for k, v in _data(approval_survey).items() if k != "submit"},
        submit=True,
    )
    sheet = Response.objects.unscoped().get()
    back = reverse("surveys:response_send_back", args=[sheet.pk])
    login(boss).post(back, {"reason": ""})
    assert Response.objects.unscoped().get().status == ResponseStatus.PENDING  # a reason is required
    login(boss).post(back, {"reason": "融资金额请核实"})
    sheet.refresh_from_db()
    assert sheet.status == ResponseStatus.DRAFT and sheet.review_note == "融资金额请核实"
    assert Notification.objects.filter(recipient=world.enterprise_user, title__contains="退回修改").exists()
    page = login(world.enterprise_user).get(reverse("surveys:answer", args=[approval_survey.pk]))
    assert "融资金额请核实" in page.content.decode()
    # The legal representative's own submission needs no second approval.
    login(boss).post(reverse("surveys:answer", args=[approval_survey.pk]), _data(approval_survey))
    assert Response.objects.unscoped().get().status == ResponseStatus.SUBMITTED


def test_approval_by_api(world, login, boss, approval_survey):
    q1 = approval_survey.questions.get(order=1)
    body = {"answers": {str(q1.pk): q1.options.get(label="否").pk}}
    base = f"/api/v1/surveys/{approval_survey.pk}"
    r = login(world.enterprise_user).post(f"{base}/response/submit", body, content_type="application/json")
    assert r.json()["status"] == "pending"
    assert login(world.enterprise_user).get(base).json()["my_status"] == "pending"
    denied = login(world.enterprise_user).post(f"{base}/response/approve")
    assert denied.status_code == 403 and "法定代表人" in denied.json()["message"]
    ok = login(boss).post(f"{base}/response/approve")
    assert ok.status_code == 200 and ok.json()["status"] == "submitted"
    again = login(boss).post(f"{base}/response/approve")
    assert again.status_code == 400 and "不在待审批状态" in again.json()["message"]


def test_outsiders_cannot_approve(world, login, boss, approval_survey):
    services.save_response(
        actor=world.enterprise_user,
        survey=approval_survey,
        answers={k[1:]: v for k, v in _data(approval_survey).items() if k != "submit"},
        submit=True,
    )
    sheet = Response.objects.unscoped().get()
    approve = reverse("surveys:response_approve", args=[sheet.pk])
    assert Client().post(approve).status_code == 302  # anonymous → login
    assert login(world.secretary).post(approve).status_code == 403
    other = user_with_role(Role.ENTERPRISE_USER, enterprise=world.enterprise_b, name="周法人")
    assert login(other).post(approve).status_code == 404  # another tenant's enterprise
    assert Response.objects.unscoped().get().status == ResponseStatus.PENDING
