"""便企平台 writes: points and slots (staff), booking a slot and asking a question (enterprises), the
host department's liaison answering."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from shanglian.audit import services as audit
from shanglian.core.access import AccessDenied, own_enterprise_ids, require_actor, require_write
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.events.models import Booking, Question, ServicePoint, ServiceSlot
from shanglian.orgs.models import Organization, OrgKind


@transaction.atomic
def save_point(
    *,
    actor: Any,
    point: ServicePoint | None = None,
    organizer: Organization,
    department: Organization,
    kind: str,
    name: str,
    address: str,
    hours: str,
    staff: str = "",
) -> ServicePoint:
    require_actor(actor)
    require_write(actor, organizer, "您无权为该单位设立服务点。")
    if point is not None:
        require_write(actor, point, "您无权修改该服务点。")
    federation = organizer.federation()
    if department.kind != OrgKind.DEPARTMENT or department.federation() != federation:
        raise ServiceError("共建部门须为本区的政府部门。")
    before = None if point is None else audit.snapshot(point)
    obj = point or ServicePoint()
    obj.organizer, obj.department, obj.federation = organizer, department, federation
    obj.kind, obj.name, obj.address, obj.hours, obj.staff = kind, name, address, hours, staff
    return save_audited(
        obj, actor=actor, before=before, organization=organizer, integrity_message="保存失败。"
    )


@transaction.atomic
def add_slot(*, actor: Any, point: ServicePoint, starts_at: datetime, minutes: int = 30) -> ServiceSlot:
    require_actor(actor)
    require_write(actor, point, "您无权为该服务点安排时段。")
    if starts_at <= timezone.now():
        raise ServiceError("时段须在当前时间之后。")
    if not 10 <= minutes <= 240:
        raise ServiceError("时长须在 10–240 分钟之间。")
    slot = ServiceSlot(point=point, starts_at=starts_at, minutes=minutes)
    return save_audited(
        slot, actor=actor, before=None, organization=point.organizer, integrity_message="该时段已存在。"
    )


@transaction.atomic
def book_slot(*, actor: Any, slot: ServiceSlot, enterprise: Any, topic: str) -> Booking:
    require_actor(actor)
    if enterprise is None or enterprise.pk not in own_enterprise_ids(actor):
        raise AccessDenied("只能以本企业名义预约。")
    if slot.starts_at <= timezone.now():
        raise ServiceError("该时段已过，请选择其他时段。")
    topic = (topic or "").strip()
    if not topic:
        raise ServiceError("请填写咨询事项。")
    booking = Booking(slot=slot, enterprise=enterprise, topic=topic)
    # The partial unique key refuses the second booking of a slot, however close the two requests.
    return save_audited(
        booking,
        actor=actor,
        before=None,
        organization=slot.point.organizer,
        integrity_message="该时段已被预约，请选择其他时段。",
    )


@transaction.atomic
def cancel_booking(*, actor: Any, booking: Booking) -> Booking:
    """Cancel through the workflow kit (events/workflows.py): the rights rule, one audit row."""
    from shanglian.workflow import services as workflow

    require_actor(actor)
    result: Booking = workflow.apply(booking, "cancel", actor=actor).obj
    return result


@transaction.atomic
def ask_question(*, actor: Any, point: ServicePoint, enterprise: Any, question: str) -> Question:
    require_actor(actor)
    if enterprise is None or enterprise.pk not in own_enterprise_ids(actor):
        raise AccessDenied("只能以本企业名义提问。")
    question = (question or "").strip()
    if not question:
        raise ServiceError("请填写问题。")
    row = Question(point=point, enterprise=enterprise, question=question)
    return save_audited(
        row, actor=actor, before=None, organization=point.organizer, integrity_message="保存失败。"
    )


@transaction.atomic
def answer_question(*, actor: Any, question: Question, answer: str) -> Question:
    require_actor(actor)
    require_write(actor, question, "只有共建部门的联络员可以答复。")
    before = audit.snapshot(question)
    question.take_answer(answer, actor=actor)
    return save_audited(
        question,
        actor=actor,
        before=before,
        organization=question.point.organizer,
        integrity_message="保存失败。",
    )
