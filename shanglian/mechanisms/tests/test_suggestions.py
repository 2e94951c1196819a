from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.core.testing.world import MARK
from shanglian.mechanisms import services
from shanglian.mechanisms.models import Suggestion, SuggestionStatus
from shanglian.metrics.registry import Period, Scope, compute, get
from shanglian.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_entrepreneur_submits_and_staff_adopt_with_a_public_answer_and_private_notes(world, login):
    ent = login(world.enterprise_user)
    response = ent.post(
        reverse("mechanisms:suggestion_create"),
        {
            "title": "建立企业家接待日制度",
            "category": "business_env",
            "content": "每月固定一天。",
            "enterprise": world.enterprise.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()
    s = Suggestion.unscoped_objects.get()
    assert s.channel == "portal" and s.enterprise == world.enterprise and s.due_on is not None
    admin = login(world.admin)
    step = reverse("mechanisms:suggestion_step", args=[s.pk])
    admin.post(step, {"step": "accept"})
    admin.post(step, {"step": "evaluate", "staff_notes": "与区营商办沟通过"})
    r = admin.post(step, {"step": "adopt", "answer": "采纳，由区营商办牵头落实。"}, follow=True)
    assert "采纳时请填写落实单位" in r.content.decode()
    admin.post(
        step, {"step": "adopt", "answer": "采纳，由区营商办牵头落实。", "responsible_unit": "区营商环境办"}
    )
    s.refresh_from_db()
    assert s.status == SuggestionStatus.ADOPTED and s.responsible_unit == "区营商环境办"
    admin.post(reverse("mechanisms:suggestion_progress", args=[s.pk]), {"progress": 100, "text": "已实施"})
    admin.post(reverse("mechanisms:suggestion_recognise", args=[s.pk]), {"recognition": "年度优秀建议奖"})
    s.refresh_from_db()
    assert s.implemented and s.recognition == "年度优秀建议奖"
    assert Notification.objects.filter(recipient=world.enterprise_user).count() == 3
    mine = (
        login(world.enterprise_user)
        .get(reverse("mechanisms:suggestion_detail", args=[s.pk]))
        .content.decode()
    )
    assert "采纳，由区营商办牵头落实。" in mine and "已实施" in mine
    assert "与区营商办沟通过" not in mine  # private notes stay with staff
    staff = login(world.leader).get(reverse("mechanisms:suggestion_detail", args=[s.pk])).content.decode()
    assert "与区营商办沟通过" in staff
    assert (
        AuditEntry.unscoped_objects.filter(
            action=AuditAction.TRANSITION, object_type="mechanisms.suggestion"
        ).count()
        == 3
    )


def test_staff_enter_a_suggestion_by_channel(world, login):
    admin = login(world.admin)
    r = admin.post(
        reverse("mechanisms:suggestion_create"),
        {
            "title": "电话建议",
            "category": "policy",
            "content": "内容",
            "channel": "phone",
            "author_name": "刘先生",
            "submitted_on": "2020-05-06",
        },
    )
    assert r.status_code == 302
    s = Suggestion.unscoped_objects.get()
    assert s.channel == "phone" and s.author_name == "刘先生" and s.submitted_by == world.admin


def test_bad_input_rights_and_tenants(world, login):
    with pytest.raises(ServiceError, match="请填写建议内容"):
        services.submit_suggestion(
            actor=world.enterprise_user,
            enterprise=world.enterprise,
            title="x",
            content=" ",
            category="policy",
        )
    with pytest.raises(ServiceError, match="以本企业的名义"):
        services.submit_suggestion(
            actor=world.enterprise_user,
            enterprise=world.enterprise2,
            title="x",
            content="x",
            category="policy",
        )
    assert Suggestion.unscoped_objects.count() == 0
    s = services.submit_suggestion(
        actor=world.enterprise_user,
        enterprise=world.enterprise,
        title="本方建议",
        content="x",
        category="policy",
    )
    assert Client().get(reverse("mechanisms:suggestion_list")).status_code == 302
    assert login(world.secretary).get(reverse("mechanisms:suggestion_list")).status_code == 403
    assert (
        login(world.enterprise_user)
        .post(reverse("mechanisms:suggestion_step", args=[s.pk]), {"step": "accept"})
        .status_code
        == 403
    )
    other = login(world.users_b["federation_admin"])
    assert other.get(reverse("mechanisms:suggestion_detail", args=[s.pk])).status_code == 404
    assert (
        MARK not in login(world.enterprise_user).get(reverse("mechanisms:suggestion_list")).content.decode()
    )
    # The API: an enterprise user submits; an empty content is a Chinese 400/422, nothing written.
    api = login(world.enterprise_user)
    r = api.post(
        "/api/v1/mechanisms/suggestions",
        {"enterprise_id": world.enterprise.pk, "title": "接口建议", "content": "内容", "category": "service"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["status"] == "submitted"
    r = api.post(
        "/api/v1/mechanisms/suggestions",
        {"enterprise_id": world.enterprise.pk, "title": "空", "content": "  ", "category": "service"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "建议内容" in r.json()["message"]
    assert Suggestion.unscoped_objects.count() == 2


def test_suggestion_metrics(world):
    for i in range(3):
        services.submit_suggestion(
            actor=world.admin,
            federation=world.fed,
            channel="email",
            author_name=f"建议人{i}",
            title=f"建议{i}",
            content="x",
            category="policy",
            submitted_on=date(2020, 3, 1),
        )
    s = Suggestion.unscoped_objects.first()
    assert s is not None
    for step in ("accept", "evaluate"):
        services.answer_suggestion(actor=world.admin, suggestion=s, step=step)
    services.answer_suggestion(
        actor=world.admin, suggestion=s, step="adopt", answer="采纳", responsible_unit="区工商联"
    )
    year, scope = Period(date(2020, 1, 1), date(2020, 12, 31)), Scope.whole(world.fed)

    def value(key):
        m = get(key)
        assert m is not None
        return compute(m, year, scope).value

    assert value("mechanisms.suggestions") == 3
    assert value("mechanisms.suggestions_adopted") == 1
    assert value("mechanisms.suggestions_implemented") == 0
