"""Each handling step is one call into the workflow kit (rights, state, audit row, notification, deadlines)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from shanglian.appeals.models import (
    DONE_STATES,
    ENTRY_FILE,
    Appeal,
    AppealEntry,
    AppealState,
    EntryKind,
    Satisfaction,
)
from shanglian.attachments import services as attachments
from shanglian.attachments.uses import get_use
from shanglian.audit.models import AuditAction
from shanglian.audit.services import record
from shanglian.core.access import AccessDenied, has_capability, own_enterprise_ids, require_actor
from shanglian.core.errors import ServiceError
from shanglian.workflow import services as workflow


def _apply(appeal: Appeal, name: str, *, actor: Any, reason: str = "", **params: Any) -> Appeal:
    step = workflow.apply(appeal, name, actor=actor, reason=reason, **params)
    obj: Appeal = step.obj
    return obj


def forward_appeal(*, actor: Any, appeal: Appeal, reason: str = "", today: date | None = None) -> Appeal:
    return _apply(appeal, "forward", actor=actor, reason=reason, today=today)


def take_appeal(*, actor: Any, appeal: Appeal, reason: str = "", today: date | None = None) -> Appeal:
    return _apply(appeal, "take", actor=actor, reason=reason, today=today)


def accept_appeal(*, actor: Any, appeal: Appeal, reason: str = "", today: date | None = None) -> Appeal:
    return _apply(appeal, "accept", actor=actor, reason=reason, today=today)


def decline_appeal(*, actor: Any, appeal: Appeal, reason: str, today: date | None = None) -> Appeal:
    return _apply(appeal, "decline", actor=actor, reason=reason, today=today)


def dispatch_appeal(
    *,
    actor: Any,
    appeal: Appeal,
    lead: int,
    assisting: Sequence[int] = (),
    reason: str = "",
    today: date | None = None,
    suggested: int | None = None,
) -> Appeal:
    """`suggested`: the unit 派单建议 put first, if any — choosing another is recorded as an override."""
    return _apply(
        appeal,
        "dispatch",
        actor=actor,
        reason=reason,
        lead=lead,
        assisting=list(assisting),
        today=today,
        suggested=suggested,
    )


def transfer_appeal(
    *,
    actor: Any,
    appeal: Appeal,
    lead: int,
    assisting: Sequence[int] = (),
    reason: str,
    today: date | None = None,
) -> Appeal:
    return _apply(
        appeal, "transfer", actor=actor, reason=reason, lead=lead, assisting=list(assisting), today=today
    )


def sign_appeal(*, actor: Any, appeal: Appeal, reason: str = "", today: date | None = None) -> Appeal:
    return _apply(appeal, "sign", actor=actor, reason=reason, today=today)


def send_back_appeal(*, actor: Any, appeal: Appeal, reason: str, today: date | None = None) -> Appeal:
    return _apply(appeal, "send_back", actor=actor, reason=reason, today=today)


def record_progress(*, actor: Any, appeal: Appeal, text: str, today: date | None = None) -> Appeal:
    return _apply(appeal, "progress", actor=actor, reason=text, today=today)


def _check_files(files: Sequence[Any]) -> list[Any]:
    """Every file checked before anything is written (a wrong type refuses the whole step)."""
    if len(files) > 10:
        raise ServiceError("一次最多上传 10 个文件。")
    use = get_use(ENTRY_FILE)
    return [attachments.check_upload(f, use) for f in files]


def _attach_all(entry: AppealEntry, files: Sequence[Any], checked: list[Any], *, actor: Any) -> None:
    for upload, check in zip(files, checked, strict=True):
        attachments.attach(owner=entry, use=ENTRY_FILE, upload=upload, actor=actor, checked=check)


@transaction.atomic
def reply_appeal(
    *,
    actor: Any,
    appeal: Appeal,
    text: str,
    outcome: str,
    rights_outcome: str = "",
    today: date | None = None,
    files: Sequence[Any] = (),
) -> Appeal:
    """答复, with the handler's documents (a 复函, photos of the result) on the reply's timeline entry."""
    checked = _check_files(files)
    done = _apply(
        appeal, "reply", actor=actor, reason=text, outcome=outcome, rights_outcome=rights_outcome, today=today
    )
    if files:
        entry = done.entries.filter(kind=EntryKind.REPLY).order_by("-pk").first()
        if entry is None:  # the reply step always writes its entry; a broken invariant is not a user's error
            raise RuntimeError("答复未写入办理过程")
        _attach_all(entry, files, checked, actor=actor)
    return done


@transaction.atomic
def supplement_appeal(*, actor: Any, appeal: Appeal, text: str, files: Sequence[Any] = ()) -> AppealEntry:
    """补充材料: the enterprise adds a note and files to its own open appeal (no state change)."""
    require_actor(actor)
    if appeal.enterprise_id not in own_enterprise_ids(actor):
        raise AccessDenied("只有提交诉求的企业可以补充材料。")
    if appeal.state in (*DONE_STATES, AppealState.DECLINED):
        raise ServiceError("诉求已办结或不予受理，不能再补充材料。")
    text = (text or "").strip()
    if not text and not files:
        raise ServiceError("请填写补充说明或上传材料。")
    if len(text) > 2000:
        raise ServiceError("补充说明不能超过 2000 个字。")
    checked = _check_files(files)
    entry = AppealEntry.unscoped_objects.create(
        appeal=appeal, kind=EntryKind.SUPPLEMENT, label="补充材料", body=text, author=actor
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=appeal,
        organization=appeal.federation,
        message=f"企业补充材料：{text[:200]}（{len(files)} 个文件）",
    )
    _attach_all(entry, files, checked, actor=actor)
    return entry


def request_extension(
    *, actor: Any, appeal: Appeal, days: int, reason: str, today: date | None = None
) -> Appeal:
    return _apply(appeal, "request_extension", actor=actor, reason=reason, days=days, today=today)


def approve_extension(*, actor: Any, appeal: Appeal, reason: str = "", today: date | None = None) -> Appeal:
    return _apply(appeal, "approve_extension", actor=actor, reason=reason, today=today)


def reject_extension(*, actor: Any, appeal: Appeal, reason: str, today: date | None = None) -> Appeal:
    return _apply(appeal, "reject_extension", actor=actor, reason=reason, today=today)


def close_appeal(*, actor: Any, appeal: Appeal, reason: str = "", today: date | None = None) -> Appeal:
    return _apply(appeal, "close", actor=actor, reason=reason, today=today)


def rate_appeal(
    *, actor: Any, appeal: Appeal, satisfaction: str, comment: str = "", today: date | None = None
) -> Appeal:
    """满意/基本满意 end it; 不满意 reopens it once to the same handler, a second time goes to the leader."""
    if satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASICALLY):
        return _apply(appeal, "rate", actor=actor, reason=comment, satisfaction=satisfaction, today=today)
    if satisfaction != Satisfaction.UNSATISFIED:
        raise ServiceError("请选择评价：满意、基本满意或不满意。")
    name = "reopen" if appeal.reopen_count < 1 else "escalate"
    return _apply(appeal, name, actor=actor, reason=comment, today=today)


def conclude_appeal(*, actor: Any, appeal: Appeal, text: str, today: date | None = None) -> Appeal:
    return _apply(appeal, "conclude", actor=actor, reason=text, today=today)


@transaction.atomic
def comment_appeal(*, actor: Any, appeal: Appeal, text: str) -> AppealEntry:
    """领导批示: a comment on any appeal the leader can see (no state change; its own audit row)."""
    require_actor(actor)
    if (
        not has_capability(actor, "appeals.supervise")
        or not Appeal.objects.visible_to(actor).filter(pk=appeal.pk).exists()
    ):
        raise AccessDenied("只有本工商联的领导可以批示。")
    text = (text or "").strip()
    if not text:
        raise ServiceError("请填写批示内容。")
    if len(text) > 1000:
        raise ServiceError("批示内容不能超过 1000 个字。")
    entry = AppealEntry.unscoped_objects.create(
        appeal=appeal, kind=EntryKind.COMMENT, label="领导批示", body=text, author=actor
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=appeal,
        organization=appeal.federation,
        message=f"领导批示：{text}",
    )
    return entry
