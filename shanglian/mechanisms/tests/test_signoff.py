from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.access import SYSTEM
from shanglian.core.errors import ServiceError
from shanglian.mechanisms import services
from shanglian.mechanisms.models import (
    FilingStatus,
    RoundStatus,
    Signature,
    SignOffRound,
    SignOffRule,
    ViceChair,
)
from shanglian.mechanisms.services import Tally, outcome
from shanglian.notifications.models import Notification

pytestmark = pytest.mark.django_db
R = RoundStatus


def decided(rule, n, agree=0, disagree=0, abstain=0, required=None, veto=False, final=False):
    result = outcome(rule, Tally(n, agree, disagree, abstain), required=required, veto=veto, final=final)
    return None if result is None else result[0]


def test_rules_decide_either_way_as_soon_as_they_can():
    U, M, MEET = SignOffRule.UNANIMOUS, SignOffRule.M_OF_N, SignOffRule.MEETING
    assert decided(U, 3, agree=2) is None
    assert decided(U, 3, agree=3) == R.APPROVED
    assert decided(U, 3, agree=1, abstain=1) == R.REJECTED
    assert decided(U, 3, agree=2, final=True) == R.LAPSED
    assert decided(M, 5, agree=3, required=3) == R.APPROVED
    assert decided(M, 5, agree=1, disagree=3, required=3) == R.REJECTED  # 1 + 1 left < 3
    assert decided(M, 5, agree=2, disagree=2, required=3) is None
    # Meeting: 9 signers, quorum 6; more than half of those voting agree.
    assert decided(MEET, 9, agree=5) is None  # quorum not reached yet
    assert decided(MEET, 9, agree=5, disagree=1) == R.APPROVED  # 5 > 9/2: cannot be outvoted
    assert decided(MEET, 9, agree=3, disagree=3, final=True) == R.REJECTED  # 3 of 6 is not more than half
    assert decided(MEET, 9, agree=4, disagree=1, final=True) == R.LAPSED  # 5 < quorum 6
    assert decided(MEET, 9, agree=4, disagree=2, abstain=0, final=True) == R.APPROVED
    assert decided(MEET, 3, agree=1, disagree=2) == R.REJECTED
    # Veto: any 不同意 decides at once.
    assert decided(M, 5, agree=4, disagree=1, required=3, veto=True) == R.REJECTED


def open_round(world, chairs, **kw):
    fields = {
        "title": "2021年度重点工作安排",
        "matter": "请各位副主席审阅并签署。",
        "signers": chairs,
        "rule": SignOffRule.UNANIMOUS,
        "deadline": timezone.now() + timedelta(days=3),
    } | kw
    return services.open_round(actor=world.admin, federation=world.fed, **fields)


def test_unsatisfiable_rules_are_refused_and_nothing_is_written(world, vice_chairs):
    before = (SignOffRound.unscoped_objects.count(), AuditEntry.unscoped_objects.count())
    with pytest.raises(ServiceError, match="超过签字人数"):
        open_round(world, vice_chairs, rule=SignOffRule.M_OF_N, required=4)
    with pytest.raises(ServiceError, match="请选择签字人"):
        open_round(world, [])
    no_login = services.appoint_vice_chair(
        actor=world.admin,
        federation=world.fed,
        person=vice_chairs[0].person.__class__.objects.create(federation=world.fed, name="赵无号"),
    )
    with pytest.raises(ServiceError, match="尚未开通账号"):
        open_round(world, [*vice_chairs, no_login])
    with pytest.raises(ServiceError, match="截止时间须晚于现在"):
        open_round(world, vice_chairs, deadline=timezone.now() - timedelta(minutes=1))
    assert SignOffRound.unscoped_objects.count() == before[0]
    assert AuditEntry.unscoped_objects.count() == before[1] + 1  # only the appointment above


def test_three_vice_chairs_sign_and_the_filing_is_approved(world, vice_chairs, accepted_filing, login):
    admin = login(world.admin)
    response = admin.post(
        reverse("mechanisms:round_create") + f"?filing={accepted_filing.pk}",
        {
            "title": "对外捐赠事项集体签字",
            "matter": "城阳街道商会拟捐赠120万元。",
            "signers": [vc.pk for vc in vice_chairs],
            "rule": "unanimous",
            "deadline": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302, response.content.decode()
    rnd = SignOffRound.unscoped_objects.get()
    assert rnd.filing == accepted_filing
    assert Notification.objects.filter(recipient=vice_chairs[0].user, title__contains="请签署").count() == 1
    for vc in vice_chairs:
        client = login(vc.user)
        page = client.get(reverse("mechanisms:round_detail", args=[rnd.pk])).content.decode()
        assert "提交签字" in page
        client.post(reverse("mechanisms:round_sign", args=[rnd.pk]), {"decision": "agree", "opinion": "同意"})
    rnd.refresh_from_db()
    accepted_filing.refresh_from_db()
    assert rnd.status == RoundStatus.APPROVED and rnd.outcome_at is not None
    assert accepted_filing.status == FilingStatus.APPROVED and "集体签字" in accepted_filing.opinion
    outcome_rows = AuditEntry.unscoped_objects.filter(
        action=AuditAction.TRANSITION, object_type="mechanisms.signoffround", object_id=str(rnd.pk)
    )
    assert outcome_rows.count() == 1 and outcome_rows.get().actor is None  # computed by the system
    body = login(world.leader).get(reverse("mechanisms:round_detail", args=[rnd.pk])).content.decode()
    assert "通过" in body and "全体签字人一致同意" in body and body.count("bg-green-lt") >= 3
    assert not services.verify_chain()


def test_bad_signing_is_refused(world, vice_chairs, login):
    rnd = open_round(world, vice_chairs[:2], rule=SignOffRule.M_OF_N, required=1)
    first = login(vice_chairs[0].user)
    url = f"/api/v1/mechanisms/rounds/{rnd.pk}/sign"
    assert Client().post(url, {"decision": "agree"}, content_type="application/json").status_code == 401
    r = first.post(url, {"decision": "disagree"}, content_type="application/json")
    assert r.status_code == 400 and "不同意时请填写意见" in r.json()["message"]
    r = first.post(url, {"decision": "abstain", "opinion": "回避"}, content_type="application/json")
    assert r.status_code == 201 and len(r.json()["hash"]) == 64
    r = first.post(url, {"decision": "agree"}, content_type="application/json")
    assert r.status_code == 400 and "签字不可更改" in r.json()["message"]
    assert Signature.objects.unscoped().filter(round=rnd).count() == 1
    # The second signer agrees: 1 of 2 required → approved; the round is closed to further signatures.
    second = login(vice_chairs[1].user)
    assert second.post(url, {"decision": "agree"}, content_type="application/json").status_code == 201
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.APPROVED
    # A vice-chair who is not a signer does not see the round at all.
    third = login(vice_chairs[2].user)
    assert third.post(url, {"decision": "agree"}, content_type="application/json").status_code == 404
    assert third.get(reverse("mechanisms:round_detail", args=[rnd.pk])).status_code == 404
    # Staff do not sign; another tenant sees nothing.
    assert (
        login(world.admin).post(url, {"decision": "agree"}, content_type="application/json").status_code
        == 403
    )
    other = login(world.users_b["federation_admin"])
    assert other.get(reverse("mechanisms:round_detail", args=[rnd.pk])).status_code == 404


def test_signing_a_closed_round_is_refused(world, vice_chairs):
    rnd = open_round(world, vice_chairs, veto=True, rule=SignOffRule.M_OF_N, required=2)
    services.sign(actor=vice_chairs[0].user, round=rnd, decision="disagree", opinion="风险较大")
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.REJECTED and "一票否决" in rnd.outcome_note
    with pytest.raises(ServiceError, match="签字已结束"):
        services.sign(actor=vice_chairs[1].user, round=rnd, decision="agree")


def test_deadline_outcome_once_and_reminders(world, vice_chairs):
    rnd = open_round(world, vice_chairs)
    services.sign(actor=vice_chairs[0].user, round=rnd, decision="agree")
    soon = rnd.deadline - timedelta(hours=3)
    assert services.send_round_reminders(actor=SYSTEM, now=soon) == 2
    assert services.send_round_reminders(actor=SYSTEM, now=soon) == 0  # once
    later = rnd.deadline + timedelta(minutes=1)
    assert services.close_expired_rounds(actor=SYSTEM, now=later) == 1
    assert services.close_expired_rounds(actor=SYSTEM, now=later) == 0
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.LAPSED
    assert (
        AuditEntry.unscoped_objects.filter(
            action=AuditAction.TRANSITION, object_type="mechanisms.signoffround"
        ).count()
        == 1
    )


def test_tampering_is_reported(world, vice_chairs, capsys):
    rnd = open_round(world, vice_chairs)
    for vc in vice_chairs:
        services.sign(actor=vc.user, round=rnd, decision="agree")
    call_command("verify_signatures")
    assert "签字链完整" in capsys.readouterr().out
    # An edit outside the app: the decision is changed in the database.
    Signature.objects.unscoped().filter(round=rnd, seq=2).update(decision="disagree")
    with pytest.raises(CommandError, match="发现 1 处异常"):
        call_command("verify_signatures")
    assert "第 2 个签字" in capsys.readouterr().err


def test_vice_chair_login_is_read_only_beyond_signing(world, vice_chairs, login, accepted_filing):
    rnd = open_round(world, vice_chairs)
    vc = login(vice_chairs[0].user)
    assert vc.get(reverse("core:home")).status_code == 200
    for name in ("mechanisms:filing_list", "mechanisms:rule_list", "mechanisms:vicechair_list"):
        assert vc.get(reverse(name)).status_code == 403
    assert vc.get(reverse("mechanisms:filing_detail", args=[accepted_filing.pk])).status_code == 403
    body = vc.get(reverse("mechanisms:round_list")).content.decode()
    assert rnd.title in body
    home = vc.get(reverse("core:home")).content.decode()
    assert "待签字事项" in home and rnd.title in home
    api = vc.get("/api/v1/mechanisms/rounds").json()
    assert [r["id"] for r in api] == [rnd.pk]


def test_admin_opens_a_login_for_a_vice_chair(world, login):
    from shanglian.registry.models import Person

    person = Person.unscoped_objects.create(federation=world.fed, name="孙志强")
    admin = login(world.admin)
    assert (
        admin.post(
            reverse("mechanisms:vicechair_create"), {"person": person.pk, "title": "企业家副主席"}
        ).status_code
        == 302
    )
    vc = ViceChair.objects.unscoped().get(person=person)
    response = admin.post(
        reverse("mechanisms:vicechair_login", args=[vc.pk]),
        {"username": "sunzq", "password": "Shanglian@2026x"},
    )
    assert response.status_code == 302
    vc.refresh_from_db()
    user = vc.user
    assert user is not None and user.username == "sunzq" and user.role_assignments.get().role == "vice_chair"
    assert login(world.leader).get(reverse("mechanisms:vicechair_list")).status_code == 403


def test_a_vice_chair_sees_every_signer_counted_in_the_list(world, vice_chairs, login):
    """The vice-chair's scope filters rounds on their own signer row; the progress still counts all signers."""
    open_round(world, vice_chairs)
    n = len(vice_chairs)
    body = login(vice_chairs[0].user).get(reverse("mechanisms:round_list")).content.decode()
    assert f"0/{n}" in body and (n == 1 or "0/1<" not in body)
