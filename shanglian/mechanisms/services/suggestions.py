"""创新建议: submit (an entrepreneur, or staff for one who wrote in), evaluate, answer, follow up."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from shanglian.audit import services as audit
from shanglian.core.access import (
    federation_of,
    own_enterprise_ids,
    require_actor,
    require_admin_of,
    require_capability,
)
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.mechanisms.models import (
    STAFF_CHANNELS,
    Channel,
    Suggestion,
    SuggestionCategory,
    SuggestionStatus,
    SuggestionUpdate,
)
from shanglian.orgs.models import Organization
from shanglian.registry.models import Enterprise
from shanglian.workflow import services as workflow


@transaction.atomic
def submit_suggestion(
    *,
    actor: Any,
    title: str,
    content: str,
    category: str,
    enterprise: Enterprise | None = None,
    federation: Organization | None = None,
    author_name: str = "",
    channel: str = Channel.PORTAL,
    submitted_on: date | None = None,
) -> Suggestion:
    """An entrepreneur submits for their enterprise; staff enter one that came by 公众号/邮箱/领导电话."""
    require_actor(actor)
    require_capability(actor, "mechanisms.suggestion_submit")
    if not title.strip():
        raise ServiceError("请填写建议标题。")
    if not content.strip():
        raise ServiceError("请填写建议内容。")
    if category not in SuggestionCategory.values:
        raise ServiceError("请选择建议类别。")
    if channel not in Channel.values:
        raise ServiceError("请选择来源渠道。")
    staff_entry = channel in STAFF_CHANNELS
    if staff_entry:
        if federation is None:
            raise ServiceError("请选择受理的工商联。")
        require_admin_of(actor, federation, "只有工作人员可以代为录入公众号、邮箱或电话收到的建议。")
        if not author_name.strip():
            raise ServiceError("请填写建议人。")
        if enterprise is not None and enterprise.federation_id != federation.pk:
            raise ServiceError("建议人所在企业不在本工商联。")
    else:
        if enterprise is None or enterprise.pk not in own_enterprise_ids(actor):
            raise ServiceError("请以本企业的名义提交建议。")
        federation = enterprise.federation
        author_name = author_name.strip() or getattr(actor, "name", "") or enterprise.name
    assert federation is not None
    suggestion = Suggestion(
        federation=federation,
        enterprise=enterprise,
        author_name=author_name.strip(),
        channel=channel,
        category=category,
        title=title.strip(),
        content=content.strip(),
        submitted_on=submitted_on or timezone.localdate(),
        submitted_by=None if getattr(actor, "pk", None) is None else actor,
    )
    workflow.start(suggestion, today=suggestion.submitted_on)
    return save_audited(
        suggestion, actor=actor, before=None, organization=federation, integrity_message="建议保存失败。"
    )


SUGGESTION_STEPS = {
    "accept": "受理",
    "evaluate": "转入评估",
    "adopt": "采纳",
    "defer": "暂缓",
    "decline": "不采纳",
    "reconsider": "重新评估",
}


@transaction.atomic
def answer_suggestion(
    *,
    actor: Any,
    suggestion: Suggestion,
    step: str,
    answer: str = "",
    staff_notes: str = "",
    responsible_unit: str = "",
) -> Suggestion:
    """One step; adopt/defer/decline carry the public answer, staff notes stay private."""
    require_actor(actor)
    if step not in SUGGESTION_STEPS:
        raise ServiceError("未知的办理步骤。")
    if step == "adopt" and not responsible_unit.strip():
        raise ServiceError("采纳时请填写落实单位。")
    done: Suggestion = workflow.apply(
        suggestion, step, actor=actor, reason=answer, responsible_unit=responsible_unit.strip()
    ).obj
    if staff_notes.strip():
        before = audit.snapshot(done)
        done.staff_notes = (done.staff_notes + "\n" if done.staff_notes else "") + staff_notes.strip()
        done.save(update_fields=["staff_notes"])
        audit.record_update(
            actor=actor, obj=done, before=before, organization=done.federation, message="内部备注"
        )
    return done


@transaction.atomic
def record_progress(
    *, actor: Any, suggestion: Suggestion, progress: int | None, text: str, on: date | None = None
) -> SuggestionUpdate:
    require_actor(actor)
    require_capability(actor, "mechanisms.suggestion_handle")
    require_admin_of(actor, suggestion.federation)
    suggestion = Suggestion.unscoped_objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.ADOPTED:
        raise ServiceError("只有已采纳的建议才能登记落实进展。")
    if progress is None or not 0 <= progress <= 100:
        raise ServiceError("进度应为 0～100 之间的整数。")
    if progress < suggestion.progress:
        raise ServiceError(f"进度不能低于已登记的 {suggestion.progress}%。")
    if not text.strip():
        raise ServiceError("请填写进展情况。")
    update = SuggestionUpdate(
        suggestion=suggestion, on=on or timezone.localdate(), progress=progress, text=text.strip()
    )
    save_audited(
        update, actor=actor, before=None, organization=suggestion.federation, integrity_message="保存失败。"
    )
    before = audit.snapshot(suggestion)
    suggestion.progress = progress
    suggestion.save(update_fields=["progress"])
    audit.record_update(
        actor=actor,
        obj=suggestion,
        before=before,
        organization=suggestion.federation,
        message=f"落实进度 {progress}%",
    )
    return update


@transaction.atomic
def recognise(*, actor: Any, suggestion: Suggestion, recognition: str) -> Suggestion:
    """The recognition/reward record (激励表彰) of an adopted suggestion."""
    require_actor(actor)
    require_capability(actor, "mechanisms.suggestion_handle")
    require_admin_of(actor, suggestion.federation)
    if suggestion.status != SuggestionStatus.ADOPTED:
        raise ServiceError("只有已采纳的建议才能登记激励表彰。")
    if not recognition.strip():
        raise ServiceError("请填写激励表彰内容。")
    before = audit.snapshot(suggestion)
    suggestion.recognition = recognition.strip()[:200]
    return save_audited(
        suggestion,
        actor=actor,
        before=before,
        organization=suggestion.federation,
        integrity_message="保存失败。",
    )


def default_federation(actor: Any) -> Any:
    return federation_of(actor)
