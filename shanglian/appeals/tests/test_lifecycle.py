"""The appeal's lifecycle through the services: every step one transition, one audit row, one timeline entry."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from shanglian.accounts.factories import user_with_role
from shanglian.appeals import services
from shanglian.appeals.models import (
    Appeal,
    AppealDispatch,
    AppealEntry,
    AppealState,
    Channel,
    DispatchRole,
    DispatchStatus,
    ExtensionStatus,
    Outcome,
    Satisfaction,
)
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.access import SYSTEM, AccessDenied
from shanglian.core.errors import ServiceError
from shanglian.core.roles import Role
from shanglian.notifications.models import Notification
from shanglian.orgs.factories import make_department

DAY = date(2026, 9, 29)  # a Tuesday before 国庆节 (10-01…10-07 off, Saturday 10-10 a make-up working day)


def transitions(appeal):
    return list(
        AuditEntry.unscoped_objects.filter(
            object_type="appeals.appeal", object_id=str(appeal.pk), action=AuditAction.TRANSITION
        )
        .order_by("pk")
        .values_list("message", flat=True)
    )


def dispatched(world, submit, **kw):
    appeal = submit()
    services.accept_appeal(actor=world.admin, appeal=appeal, today=DAY)
    return services.dispatch_appeal(
        actor=world.admin, appeal=appeal, lead=world.department.pk, today=DAY, **kw
    )


def test_an_appeal_walks_to_closure_with_one_audit_row_per_step(world, submit):
    appeal = submit()
    assert appeal.state == AppealState.SUBMITTED
    assert appeal.chamber == world.chamber  # the enterprise's chamber follows its members' appeals
    services.accept_appeal(actor=world.admin, appeal=appeal, today=DAY)
    appeal = services.dispatch_appeal(
        actor=world.admin, appeal=appeal, lead=world.department.pk, assisting=[world.chamber.pk], today=DAY
    )
    assert appeal.state == AppealState.DISPATCHED
    assert appeal.lead_unit == world.department
    roles = set(AppealDispatch.unscoped_objects.filter(appeal=appeal).values_list("unit_id", "role"))
    assert roles == {(world.department.pk, DispatchRole.LEAD), (world.chamber.pk, DispatchRole.ASSIST)}
    assert Notification.objects.filter(recipient=world.liaison, link=f"/appeals/{appeal.pk}/").exists()
    appeal = services.sign_appeal(actor=world.liaison, appeal=appeal, today=date(2026, 9, 30))
    appeal = services.record_progress(
        actor=world.liaison, appeal=appeal, text="已电话联系企业，约定现场查看。"
    )
    appeal = services.reply_appeal(
        actor=world.liaison, appeal=appeal, text="已开通绿色通道，许可证已核发。", outcome=Outcome.SOLVED
    )
    assert appeal.state == AppealState.REPLIED and appeal.outcome == Outcome.SOLVED
    appeal = services.close_appeal(actor=world.admin, appeal=appeal)
    assert appeal.state == AppealState.CLOSED and appeal.closed_on
    appeal = services.rate_appeal(
        actor=world.enterprise_user, appeal=appeal, satisfaction=Satisfaction.SATISFIED, comment="办得快"
    )
    assert appeal.state == AppealState.RATED
    assert transitions(appeal) == [
        "受理",
        "派单",
        "签收",
        "办理进展：已电话联系企业，约定现场查看。",
        "答复：已开通绿色通道，许可证已核发。",
        "办结",
        "评价：办得快",
    ]
    labels = list(AppealEntry.unscoped_objects.filter(appeal=appeal).values_list("label", flat=True))
    assert labels == ["提交", "受理", "派单", "签收", "办理进展", "答复", "办结", "评价"]
    # The enterprise heard of every step a unit took for it.
    titles = set(Notification.objects.filter(recipient=world.enterprise_user).values_list("title", flat=True))
    assert f"诉求“{appeal.title}”：答复" in titles
    assert f"诉求“{appeal.title}”已办结，请评价" in titles


def test_deadlines_cross_national_day_on_the_calendar(world, submit):
    appeal = dispatched(world, submit)
    # 09-30 is one working day, 10-01…10-07 are off, 10-08, 10-09, the make-up Saturday 10-10, 10-12.
    assert appeal.dispatched_on == DAY
    assert appeal.contact_due == date(2026, 10, 9)
    assert appeal.finish_due == date(2026, 10, 12)
    assert appeal.handler_due == date(2026, 10, 12)


def test_send_back_within_two_working_days_keeps_the_federations_clock(world, submit, categories):
    appeal = dispatched(world, submit)
    # 10-08 is the 2nd working day after 09-29 (the holiday does not eat the unit's right to send back).
    appeal = services.send_back_appeal(
        actor=world.liaison,
        appeal=appeal,
        reason="属市场监管职责，建议派市场监管局。",
        today=date(2026, 10, 8),
    )
    assert appeal.state == AppealState.ACCEPTED and appeal.lead_unit is None
    assert AppealDispatch.unscoped_objects.get(appeal=appeal).status == DispatchStatus.SENT_BACK
    other = make_department(world.fed, "城阳区市场监管局")
    appeal = services.dispatch_appeal(
        actor=world.admin, appeal=appeal, lead=other.pk, today=date(2026, 10, 9)
    )
    assert appeal.finish_due == date(2026, 10, 12)  # the federation's figure: from the first dispatch
    assert appeal.handler_due == date(2026, 10, 15)  # its own five working days (10-10 a make-up day)


def test_send_back_after_two_working_days_is_refused_and_writes_nothing(world, submit):
    appeal = dispatched(world, submit)
    before = transitions(appeal)
    with pytest.raises(ServiceError, match="超过 2 个工作日"):
        services.send_back_appeal(
            actor=world.liaison, appeal=appeal, reason="不属本单位", today=date(2026, 10, 9)
        )
    appeal.refresh_from_db()
    assert appeal.state == AppealState.DISPATCHED and transitions(appeal) == before


def test_transfer_keeps_the_clock_and_moves_the_handler(world, submit):
    appeal = dispatched(world, submit)
    other = make_department(world.fed, "城阳区人社局")
    appeal = services.transfer_appeal(
        actor=world.admin, appeal=appeal, lead=other.pk, reason="涉及用工，转人社局", today=date(2026, 10, 9)
    )
    assert appeal.lead_unit == other and appeal.finish_due == date(2026, 10, 12)
    statuses = dict(AppealDispatch.unscoped_objects.filter(appeal=appeal).values_list("unit_id", "status"))
    assert statuses == {world.department.pk: DispatchStatus.TRANSFERRED, other.pk: DispatchStatus.ACTIVE}
    with pytest.raises(AccessDenied):  # the former unit no longer acts on it
        services.sign_appeal(actor=world.liaison, appeal=appeal)


def test_extension_is_requested_approved_and_bounded(world, submit):
    appeal = dispatched(world, submit)
    appeal = services.sign_appeal(actor=world.liaison, appeal=appeal, today=DAY)
    appeal = services.request_extension(actor=world.liaison, appeal=appeal, days=6, reason="需现场踏勘")
    assert appeal.extension_status == ExtensionStatus.PENDING
    appeal = services.approve_extension(actor=world.admin, appeal=appeal)
    assert appeal.extension_days == 6 and appeal.finish_due == date(2026, 10, 20)
    before = transitions(appeal)
    with pytest.raises(ServiceError, match="不能超过 10 个工作日"):
        services.request_extension(actor=world.liaison, appeal=appeal, days=5, reason="再延")
    appeal.refresh_from_db()
    assert appeal.extension_status == ExtensionStatus.APPROVED and transitions(appeal) == before
    with pytest.raises(AccessDenied):  # only the desk approves
        services.approve_extension(actor=world.liaison, appeal=appeal)


def _replied(world, appeal):
    appeal = services.sign_appeal(actor=world.liaison, appeal=appeal)
    appeal = services.reply_appeal(actor=world.liaison, appeal=appeal, text="已协调", outcome=Outcome.PARTLY)
    return services.close_appeal(actor=world.admin, appeal=appeal)


def test_unsatisfied_reopens_once_then_goes_to_the_leader(world, submit):
    appeal = _replied(world, dispatched(world, submit))
    appeal = services.rate_appeal(
        actor=world.enterprise_user, appeal=appeal, satisfaction=Satisfaction.UNSATISFIED, comment="仍未解决"
    )
    assert appeal.state == AppealState.HANDLING and appeal.reopen_count == 1
    assert appeal.lead_unit == world.department  # the same handler, with the comment
    assert Notification.objects.filter(recipient=world.liaison, title__contains="不满意重办").exists()
    appeal = services.reply_appeal(
        actor=world.liaison, appeal=appeal, text="再次协调", outcome=Outcome.EXPLAINED
    )
    appeal = services.close_appeal(actor=world.admin, appeal=appeal)
    appeal = services.rate_appeal(
        actor=world.enterprise_user, appeal=appeal, satisfaction=Satisfaction.UNSATISFIED, comment="还是不行"
    )
    assert appeal.state == AppealState.ESCALATED
    assert Notification.objects.filter(recipient=world.leader, title__contains="领导督办").exists()
    services.comment_appeal(actor=world.leader, appeal=appeal, text="请税务局主要负责同志牵头再研究")
    appeal = services.conclude_appeal(actor=world.leader, appeal=appeal, text="已约谈，三日内答复企业")
    assert appeal.state == AppealState.RATED


def test_a_secretary_enters_a_members_appeal_and_resolves_it_in_the_chamber(world, categories):
    appeal = services.submit_appeal(
        actor=world.secretary,
        enterprise=world.enterprise,
        title="用工招聘难",
        content="旺季缺普工三十人。",
        channel=Channel.PHONE,
        category=categories["用工"],
    )
    assert appeal.state == AppealState.CHAMBER and appeal.channel == Channel.PHONE
    appeal = services.take_appeal(actor=world.secretary, appeal=appeal, today=DAY)
    assert appeal.state == AppealState.HANDLING and appeal.lead_unit == world.chamber
    appeal = services.reply_appeal(
        actor=world.secretary, appeal=appeal, text="商会组织专场招聘会", outcome=Outcome.SOLVED
    )
    assert appeal.state == AppealState.REPLIED


def test_a_secretary_forwards_to_the_federation(world, categories):
    appeal = services.submit_appeal(
        actor=world.secretary,
        enterprise=world.enterprise,
        title="融资难",
        content="需要贷款贴息。",
        channel=Channel.VISIT,
    )
    appeal = services.forward_appeal(actor=world.secretary, appeal=appeal)
    assert appeal.state == AppealState.SUBMITTED
    assert Notification.objects.filter(recipient=world.admin, link=f"/appeals/{appeal.pk}/").exists()


def test_other_apps_submit_with_a_source_as_system(world):
    source = world.chamber  # any model instance: a visit, a survey answer, an event
    appeal = services.submit_appeal(
        actor=SYSTEM,
        enterprise=world.enterprise,
        title="来自走访",
        content="走访中企业反映的问题。",
        channel=Channel.VISIT,
        source=source,
    )
    assert appeal.source == source and appeal.state == AppealState.SUBMITTED


def test_a_similar_open_appeal_is_flagged_as_a_duplicate(world, submit):
    first = submit()
    second = submit(content="再次反映：扩建二期厂房施工许可仍未批，希望协调。")
    assert second.duplicate_of == first
    unrelated = submit(title="招工难题", content="缺少技术工人。")
    assert unrelated.duplicate_of is None


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"content": "   "}, "请填写诉求内容"),
        ({"title": ""}, "请填写诉求标题"),
        ({"channel": "carrier-pigeon"}, "请选择诉求渠道"),
        ({"files": [ContentFile(b"MZ\x90\x00binary", name="证明.exe")]}, ""),
        ({"amount_at_stake": Decimal("-1")}, "不能为负数"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_writes_nothing(world, submit, overrides, message):
    with pytest.raises(ServiceError) as exc:
        submit(**overrides)
    assert message in exc.value.messages[0]
    assert not any("\x00" in m for m in exc.value.messages)
    assert Appeal.unscoped_objects.count() == 0
    assert not AuditEntry.unscoped_objects.filter(object_type="appeals.appeal").exists()


def test_rights_and_states_are_enforced(world, submit):
    appeal = dispatched(world, submit)
    other_liaison = user_with_role(
        Role.DEPARTMENT_LIAISON, organization=make_department(world.fed, "城阳区住建局")
    )
    with pytest.raises(AccessDenied):  # another department's liaison
        services.sign_appeal(actor=other_liaison, appeal=appeal)
    with pytest.raises(ServiceError, match="不能评价"):  # rating before the reply
        services.rate_appeal(actor=world.enterprise_user, appeal=appeal, satisfaction=Satisfaction.SATISFIED)
    other_enterprise_user = user_with_role(Role.ENTERPRISE_USER, enterprise=world.enterprise2)
    appeal = _replied(world, appeal)
    with pytest.raises(AccessDenied):  # rating by another enterprise
        services.rate_appeal(actor=other_enterprise_user, appeal=appeal, satisfaction=Satisfaction.SATISFIED)
    appeal = services.rate_appeal(
        actor=world.enterprise_user, appeal=appeal, satisfaction=Satisfaction.BASICALLY
    )
    before = transitions(appeal)
    with pytest.raises(ServiceError, match="不能"):  # acting on a finished appeal
        services.accept_appeal(actor=world.admin, appeal=appeal)
    assert transitions(appeal) == before


def test_dispatch_outside_the_federation_and_decline_without_reason_are_refused(world, submit):
    appeal = submit()
    services.accept_appeal(actor=world.admin, appeal=appeal)
    outside = make_department(world.fed_b, "他方即墨区税务局")
    with pytest.raises(ServiceError, match="本工商联下属"):
        services.dispatch_appeal(actor=world.admin, appeal=appeal, lead=outside.pk)
    assert not AppealDispatch.unscoped_objects.exists()
    second = submit(title="另一件事", content="完全不同的内容")
    with pytest.raises(ServiceError, match="不予受理的理由"):
        services.decline_appeal(actor=world.admin, appeal=second, reason=" ")
    second = services.decline_appeal(
        actor=world.admin, appeal=second, reason="该事项已由法院受理，请按诉讼程序反映。"
    )
    assert second.state == AppealState.DECLINED and second.decline_reason.startswith("该事项")


def test_submitting_for_an_enterprise_not_ones_own_is_refused(world, categories):
    with pytest.raises(AccessDenied):
        services.submit_appeal(
            actor=world.enterprise_user,
            enterprise=world.enterprise2,
            title="x",
            content="y",
            channel=Channel.ONLINE,
        )
    with pytest.raises(AccessDenied):
        services.submit_appeal(
            actor=world.users_b[Role.FEDERATION_ADMIN],
            enterprise=world.enterprise,
            title="x",
            content="y",
            channel=Channel.ONLINE,
        )
    with pytest.raises(TypeError):
        services.submit_appeal(
            actor=None, enterprise=world.enterprise, title="x", content="y", channel=Channel.ONLINE
        )
    assert Appeal.unscoped_objects.count() == 0


def test_timeline_entries_are_append_only(world, submit):
    entry = AppealEntry.unscoped_objects.filter(appeal=submit()).get()
    entry.body = "改写"
    with pytest.raises(ValueError):
        entry.save()
