from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.access import AccessDenied
from shanglian.core.errors import ServiceError
from shanglian.core.testing.world import MARK
from shanglian.core.todos import todos_for
from shanglian.mechanisms import services
from shanglian.mechanisms.models import Filing, FilingMode, FilingStatus, FilingType
from shanglian.mechanisms.services import lateness
from shanglian.metrics.registry import Period, Scope, compute, get
from shanglian.notifications.models import Notification
from shanglian.workdays.services import add_working_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def types(world):
    made = services.ensure_default_filing_types(actor=world.admin, federation=world.fed)
    return {t.name: t for t in made}


def submit(world, types, name="换届选举", event_date=None, today=None, **kw):
    today = today or timezone.localdate()
    fields = {"title": "第三届理事会换届", "content": "拟于下月召开会员大会换届。"} | kw
    return services.submit_filing(
        actor=world.secretary,
        chamber=world.chamber,
        filing_type=types[name],
        event_date=event_date or add_working_days(today, 40),
        today=today,
        **fields,
    )


def test_default_types_follow_the_published_rules(world, types):
    assert len(types) == 9
    assert types["秘书长/副会长以上人事变动"].mode == FilingMode.PRIOR_APPROVAL
    assert types["对外捐赠"].threshold_amount == Decimal(1_000_000)
    assert types["对外签约"].mode == FilingMode.AFTER_RECORD
    # A second call keeps what is configured.
    services.ensure_default_filing_types(actor=world.admin, federation=world.fed)
    assert FilingType.unscoped_objects.filter(federation=world.fed).count() == 9


def test_lateness_in_working_days():
    monday = date(2025, 9, 1)
    # 事前报批, 10 working days before the event: filed 12 working days ahead → on time.
    assert lateness(FilingMode.PRIOR_APPROVAL, 10, add_working_days(monday, 12), monday) == 0
    # 7 working days ahead → 3 late.
    assert lateness(FilingMode.PRIOR_APPROVAL, 10, add_working_days(monday, 7), monday) == 3
    # After the event: the whole 10 plus the working days since it.
    event = monday
    assert lateness(FilingMode.PRIOR_APPROVAL, 10, event, add_working_days(event, 2)) == 12
    # 事后备案 within 5 working days of the event.
    assert lateness(FilingMode.AFTER_RECORD, 5, event, add_working_days(event, 5)) == 0
    assert lateness(FilingMode.AFTER_RECORD, 5, event, add_working_days(event, 8)) == 3


def test_secretary_files_and_federation_reviews_through_every_step(world, types, login):
    sec = login(world.secretary)
    today = timezone.localdate()
    response = sec.post(
        reverse("mechanisms:filing_create"),
        {
            "chamber": world.chamber.pk,
            "filing_type": types["换届选举"].pk,
            "title": "第三届理事会换届",
            "content": "拟召开会员大会换届。",
            "event_date": add_working_days(today, 40).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    filing = Filing.unscoped_objects.get()
    assert filing.status == FilingStatus.SUBMITTED and not filing.late
    assert filing.due_on == add_working_days(today, 2) and filing.submitted_by == world.secretary
    admin = login(world.admin)
    step = reverse("mechanisms:filing_step", args=[filing.pk])
    assert admin.post(step, {"step": "accept"}).status_code == 302
    admin.post(step, {"step": "request_info", "reason": "请补充候选人名单。"})
    filing.refresh_from_db()
    assert filing.status == FilingStatus.INFO_REQUESTED and filing.opinion == "请补充候选人名单。"
    assert Notification.objects.filter(recipient=world.secretary).count() == 2
    body = sec.get(reverse("mechanisms:filing_detail", args=[filing.pk])).content.decode()
    assert "待补充材料" in body and "请补充候选人名单。" in body and "受理" in body
    sec.post(step, {"step": "supplement", "reason": "候选人名单已补充。"})
    admin.post(step, {"step": "approve", "reason": "同意换届。"})
    admin.post(step, {"step": "record"})
    filing.refresh_from_db()
    assert filing.status == FilingStatus.RECORDED and filing.decided_at is not None
    transitions = AuditEntry.unscoped_objects.filter(
        action=AuditAction.TRANSITION, object_type="mechanisms.filing", object_id=str(filing.pk)
    )
    assert transitions.count() == 5
    body = sec.get(reverse("mechanisms:filing_list")).content.decode()
    assert "已备案" in body and "按时" in body and MARK not in body


def test_late_filing_is_allowed_and_marked(world, types, login):
    today = date(2025, 9, 10)
    filing = submit(world, types, event_date=date(2025, 9, 1), today=today)
    assert filing.late and filing.days_late == 30 + 7
    body = login(world.admin).get(reverse("mechanisms:filing_detail", args=[filing.pk])).content.decode()
    assert f"逾期 {filing.days_late} 个工作日" in body


def test_unapproved_prior_matter_on_its_event_date_is_on_the_leaders_todo(world, types):
    today = timezone.localdate()
    filing = submit(world, types, event_date=today, today=today - timedelta(days=60))
    titles = [t.title for t in todos_for(world.leader).get("事前报批事项未获批准", [])]
    assert any(filing.title in t and "尚未批准" in t for t in titles)
    services.step_filing(actor=world.admin, filing=filing, step="accept")
    services.step_filing(actor=world.admin, filing=filing, step="approve", reason="同意")
    assert "事前报批事项未获批准" not in todos_for(world.leader)


def test_bad_input_and_rights(world, types, login):
    before = AuditEntry.unscoped_objects.count()
    with pytest.raises(ServiceError, match="请填写事项内容"):
        submit(world, types, content="  ")
    with pytest.raises(ServiceError, match="须填写涉及金额"):
        submit(world, types, name="对外捐赠")
    with pytest.raises(AccessDenied, match="只能为本商会报备"):
        services.submit_filing(
            actor=world.secretary,
            chamber=world.chamber2,
            filing_type=types["其他"],
            title="x",
            content="x",
            event_date=date(2025, 1, 1),
        )
    assert Filing.unscoped_objects.count() == 0 and AuditEntry.unscoped_objects.count() == before
    filing = submit(world, types)
    sec = login(world.secretary)
    step = reverse("mechanisms:filing_step", args=[filing.pk])
    assert sec.post(step, {"step": "approve"}).status_code == 403
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED
    admin = login(world.admin)
    admin.post(step, {"step": "accept"})
    response = admin.post(step, {"step": "reject"}, follow=True)
    assert "不予同意时请填写审核意见。" in response.content.decode()
    assert Client().get(reverse("mechanisms:filing_list")).status_code == 302  # anonymous
    assert login(world.enterprise_user).get(reverse("mechanisms:filing_list")).status_code == 403
    other = login(world.users_b["chamber_secretary"])
    assert other.get(reverse("mechanisms:filing_detail", args=[filing.pk])).status_code == 404
    assert login(world.leader).get(reverse("mechanisms:filingtype_list")).status_code == 403


def test_filing_type_configuration(world, types, login):
    admin = login(world.admin)
    t = types["大额资金使用"]
    response = admin.post(
        reverse("mechanisms:filingtype_edit", args=[t.pk]),
        {"name": t.name, "mode": "prior_approval", "days": 12, "threshold_amount": "800000", "order": 40},
    )
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.days == 12 and t.threshold_amount == Decimal(800000) and not t.active
    assert "80 万元以上" in admin.get(reverse("mechanisms:filingtype_list")).content.decode()


def test_filing_metrics(world, types):
    today = date(2020, 6, 1)
    on_time = submit(world, types, event_date=date(2020, 9, 1), today=today)
    submit(world, types, event_date=date(2020, 6, 2), today=today)
    services.step_filing(actor=world.admin, filing=on_time, step="accept")
    services.step_filing(actor=world.admin, filing=on_time, step="approve")
    year, scope = Period(date(2020, 1, 1), date(2020, 12, 31)), Scope.whole(world.fed)

    def value(key):
        m = get(key)
        assert m is not None
        return compute(m, year, scope).value

    assert value("mechanisms.filings") == 2
    assert value("mechanisms.filings_late") == 1
    assert value("mechanisms.filings_approved") == 1
    assert value("mechanisms.filings_on_time") == Decimal(50)
