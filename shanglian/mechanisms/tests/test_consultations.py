from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.mechanisms import services
from shanglian.mechanisms.models import Consultation, DistrictMeeting, Opinion, Phase
from shanglian.notifications.models import Notification

pytestmark = pytest.mark.django_db


def draft(world, **kw):
    fields = {
        "title": "关于支持民营企业高质量发展的若干措施（征求意见稿）",
        "introduction": "为进一步优化营商环境，起草本措施。",
        "draft": "设立民营企业发展专项资金。\n建立企业家参与涉企政策制定机制。\n开展年度优秀民营企业评选。",
        "invited_chambers": [world.chamber],
    } | kw
    return services.create_consultation(actor=world.admin, federation=world.fed, **fields)


def test_a_consultation_through_its_phases(world, vice_chairs, login):
    admin = login(world.admin)
    r = admin.post(
        reverse("mechanisms:consultation_create"),
        {
            "title": "区工商联执委会议事规则（草案）",
            "introduction": "说明",
            "draft": "第一段\n第二段",
            "comment_days": 15,
            "invite_vice_chairs": "on",
            "invited_chambers": [world.chamber.pk],
        },
    )
    assert r.status_code == 302, r.content.decode()
    c = Consultation.unscoped_objects.get()
    assert c.articles.count() == 2 and c.status == Phase.DRAFT
    step = reverse("mechanisms:consultation_step", args=[c.pk])
    admin.post(step, {"step": "open"})
    c.refresh_from_db()
    assert c.status == Phase.OPEN and c.closes_on == timezone.localdate() + timedelta(days=15)
    # An invited entrepreneur comments on article 1; a vice-chair on the whole draft.
    ent = login(world.enterprise_user)
    article = c.articles.get(number=1)
    ent.post(
        reverse("mechanisms:consultation_comment", args=[c.pk]),
        {"article": article.pk, "text": "建议明确资金规模"},
    )
    vc = login(vice_chairs[0].user)
    vc.post(reverse("mechanisms:consultation_comment", args=[c.pk]), {"text": "总体赞同"})
    assert Opinion.unscoped_objects.count() == 2
    admin = login(world.admin)
    admin.post(step, {"step": "close"})
    opinion = Opinion.unscoped_objects.get(article=article)
    r = admin.post(
        reverse("mechanisms:opinion_answer", args=[opinion.pk]),
        {"answer": "partly", "reason": ""},
        follow=True,
    )
    assert "请说明理由" in r.content.decode()
    admin.post(
        reverse("mechanisms:opinion_answer", args=[opinion.pk]),
        {"answer": "partly", "reason": "规模另行研究"},
    )
    assert Notification.objects.filter(recipient=world.enterprise_user, title__contains="部分采纳").exists()
    admin.post(step, {"step": "publish", "summary": "共收到意见2条，部分采纳1条。"})
    c.refresh_from_db()
    assert c.status == Phase.PUBLISHED and c.summary.startswith("共收到意见2条")
    assert Notification.objects.filter(recipient=vice_chairs[0].user, title__contains="公开结果").exists()
    page = (
        login(world.enterprise_user)
        .get(reverse("mechanisms:consultation_detail", args=[c.pk]))
        .content.decode()
    )
    assert "部分采纳" in page and "规模另行研究" in page and "共收到意见2条" in page
    assert (
        AuditEntry.unscoped_objects.filter(
            action=AuditAction.TRANSITION, object_type="mechanisms.consultation"
        ).count()
        == 3
    )


def test_closed_consultation_takes_no_more_opinions(world):
    c = draft(world)
    with pytest.raises(ServiceError, match="不再接收意见"):
        services.comment(actor=world.enterprise_user, consultation=c, text="太早")
    c = services.advance_consultation(actor=world.admin, consultation=c, step="open")
    with pytest.raises(ServiceError, match="请填写意见内容"):
        services.comment(actor=world.enterprise_user, consultation=c, text="  ")
    late = timezone.localdate() + timedelta(days=31)
    with pytest.raises(ServiceError, match="不再接收意见"):
        services.comment(actor=world.enterprise_user, consultation=c, text="晚了", today=late)
    services.advance_consultation(actor=world.admin, consultation=c, step="close")
    with pytest.raises(ServiceError, match="不再接收意见"):
        services.comment(actor=world.enterprise_user, consultation=c, text="已截止")
    assert Opinion.unscoped_objects.count() == 0


def test_who_sees_a_consultation(world, login):
    c = draft(world, invite_vice_chairs=False)
    url = reverse("mechanisms:consultation_detail", args=[c.pk])
    assert login(world.enterprise_user).get(url).status_code == 404  # a draft: the federation's own text
    assert login(world.admin).get(url).status_code == 200
    c = services.advance_consultation(actor=world.admin, consultation=c, step="open")
    assert Client().get(url).status_code == 302
    assert login(world.enterprise_user).get(url).status_code == 200  # a member of an invited chamber
    assert login(world.secretary).get(url).status_code == 403
    assert login(world.users_b["federation_admin"]).get(url).status_code == 404
    other = draft(world, title="只邀请夏庄", invited_chambers=[world.chamber2])
    services.advance_consultation(actor=world.admin, consultation=other, step="open")
    assert (
        login(world.enterprise_user)
        .get(reverse("mechanisms:consultation_detail", args=[other.pk]))
        .status_code
        == 404
    )
    with pytest.raises(ServiceError, match="请至少选择一类征求对象"):
        draft(world, title="无对象", invite_vice_chairs=False, invited_chambers=[])


def test_district_meeting_log(world, login):
    admin = login(world.admin)
    r = admin.post(
        reverse("mechanisms:meeting_create"),
        {
            "title": "全区优化营商环境大会",
            "held_on": "2020-06-18",
            "organiser": "区委区政府",
            "attendees": "城阳街道商会 张会长\n夏庄街道商会 李会长",
        },
    )
    assert r.status_code == 302
    assert DistrictMeeting.unscoped_objects.get().attendee_lines == [
        "城阳街道商会 张会长",
        "夏庄街道商会 李会长",
    ]
    r = admin.post(
        reverse("mechanisms:meeting_create"), {"title": "x", "held_on": "2020-06-18", "attendees": " "}
    )
    assert r.status_code == 200 and DistrictMeeting.unscoped_objects.count() == 1
    assert (
        "全区优化营商环境大会" in login(world.leader).get(reverse("mechanisms:meeting_list")).content.decode()
    )
    assert login(world.secretary).get(reverse("mechanisms:meeting_list")).status_code == 403
    assert date(2020, 6, 18) == DistrictMeeting.unscoped_objects.get().held_on
