"""The working-day calendar: counting (re-exported from `calendar`) and every write to the table.

Domains import `add_working_days`, `subtract_working_days`, `working_days_between` and `is_working_day` from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from shanglian.audit import services as audit
from shanglian.core.access import federation_of, is_system, require_actor, require_capability
from shanglian.core.errors import ServiceError
from shanglian.core.roles import Role
from shanglian.core.saving import delete_audited, save_audited
from shanglian.notifications.services import notify
from shanglian.workdays import seeding, selectors
from shanglian.workdays.calendar import (
    add_working_days,
    is_working_day,
    subtract_working_days,
    working_days_between,
)
from shanglian.workdays.importing import NAME_MAX, ParsedDay
from shanglian.workdays.models import DayKind, DaySource, WorkingDay

__all__ = [
    "ImportSummary",
    "add_working_days",
    "delete_day",
    "import_schedule",
    "notify_missing_schedules",
    "is_working_day",
    "save_day",
    "seed_from_chinesecalendar",
    "subtract_working_days",
    "working_days_between",
]


def _organization(actor: Any) -> Any:
    return None if is_system(actor) else federation_of(actor)


def _is_working(day: date, kind: str) -> bool:
    if kind == DayKind.HOLIDAY:
        return False
    if kind == DayKind.MAKEUP:
        return True
    return day.weekday() < 5


def _check(day: date, kind: str, name: str) -> None:
    if kind not in DayKind.values:
        raise ServiceError("类型只能是 放假、调休上班 或 正常。")
    if kind == DayKind.MAKEUP and day.weekday() < 5:
        raise ServiceError(f"{day:%Y-%m-%d} 是工作日，调休上班日应为周六或周日。")
    if len(name) > NAME_MAX:
        raise ServiceError(f"名称不能超过 {NAME_MAX} 个字。")


@transaction.atomic
def save_day(*, actor: Any, day: date, kind: str, name: str = "", original: date | None = None) -> WorkingDay:
    """Add a holiday / make-up day, or change one (`original` = the date being edited). One audit row."""
    require_capability(actor, "workdays.manage")
    name = name.strip()
    _check(day, kind, name)
    obj = None
    if original is not None:
        obj = WorkingDay.objects.select_for_update().filter(date=original).first()
        if obj is None:
            raise ServiceError(f"{original:%Y-%m-%d} 不在日历中，可能已被删除。")
    if (original is None or original != day) and WorkingDay.objects.filter(date=day).exists():
        raise ServiceError(f"{day:%Y-%m-%d} 已在日历中，请直接修改该日。")
    before = None if obj is None else audit.snapshot(obj)
    obj = obj or WorkingDay()
    obj.date, obj.kind, obj.name = day, kind, name
    obj.is_working = _is_working(day, kind)
    obj.source = DaySource.ADMIN
    save_audited(
        obj,
        actor=actor,
        before=before,
        organization=_organization(actor),
        integrity_message=f"{day:%Y-%m-%d} 已在日历中。",
    )
    return obj


@transaction.atomic
def delete_day(*, actor: Any, day: date) -> None:
    """Remove a date's row: the day then follows the Monday–Friday rule. One audit row."""
    require_capability(actor, "workdays.manage")
    obj = WorkingDay.objects.select_for_update().filter(date=day).first()
    if obj is None:
        raise ServiceError(f"{day:%Y-%m-%d} 不在日历中，可能已被删除。")
    delete_audited(obj, actor=actor, organization=_organization(actor))


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    years: tuple[int, ...]

    @property
    def text(self) -> str:
        years = "、".join(str(y) for y in self.years)
        return f"已导入 {years} 年节假日安排：新增 {self.created} 天，更新 {self.updated} 天。"


@transaction.atomic
def import_schedule(*, actor: Any, days: Sequence[ParsedDay], filename: str = "") -> ImportSummary:
    """Write parsed rows (see importing.parse_rows) all or nothing: a date already there is overwritten.
    One IMPORT audit row for the file, listing the dates it changed."""
    require_capability(actor, "workdays.manage")
    if not days:
        raise ServiceError("文件中没有可导入的日期。")
    for d in days:
        _check(d.date, d.kind, d.name)
    existing = {
        w.date: w for w in WorkingDay.objects.select_for_update().filter(date__in=[d.date for d in days])
    }
    created: list[WorkingDay] = []
    updated: list[WorkingDay] = []
    changes: dict[str, list[str]] = {}
    now = timezone.now()
    for d in days:
        is_working = _is_working(d.date, d.kind)
        obj = existing.get(d.date)
        if obj is None:
            created.append(
                WorkingDay(
                    date=d.date, kind=d.kind, name=d.name, is_working=is_working, source=DaySource.IMPORT
                )
            )
            changes[d.date.isoformat()] = ["", f"{DayKind(d.kind).label} {d.name}".strip()]
        elif (obj.kind, obj.name, obj.is_working) != (d.kind, d.name, is_working):
            changes[d.date.isoformat()] = [
                f"{obj.get_kind_display()} {obj.name}".strip(),
                f"{DayKind(d.kind).label} {d.name}".strip(),
            ]
            obj.kind, obj.name, obj.is_working, obj.source = d.kind, d.name, is_working, DaySource.IMPORT
            obj.updated_at = now
            updated.append(obj)
    WorkingDay.objects.bulk_create(created)
    WorkingDay.objects.bulk_update(updated, ["kind", "name", "is_working", "source", "updated_at"])
    summary = ImportSummary(len(created), len(updated), tuple(sorted({d.date.year for d in days})))
    audit.record(
        actor=actor,
        action=audit.AuditAction.IMPORT,
        organization=_organization(actor),
        changes=changes,
        message=f"{filename} {summary.text}".strip(),
        object_type=WorkingDay._meta.label_lower,
        object_repr="工作日历",
    )
    return summary


@transaction.atomic
def seed_from_chinesecalendar(*, actor: Any) -> int:
    """Fill every year chinesecalendar knows and the table has no row for (see seeding.seed_model).
    Idempotent; one IMPORT audit row when it added days. Run by load_demo and the daily calendar job,
    so a newer chinesecalendar release fills its new year by itself."""
    require_actor(actor)
    days = seeding.seed_model(WorkingDay, source=DaySource.CHINESECALENDAR)
    if not days:
        return 0
    years = sorted({d.date.year for d in days})
    audit.record(
        actor=actor,
        action=audit.AuditAction.IMPORT,
        organization=_organization(actor),
        message=f"从内置日历（chinesecalendar）补入 {years[0]}–{years[-1]} 年节假日安排 {len(days)} 天。",
        object_type=WorkingDay._meta.label_lower,
        object_repr="工作日历",
    )
    return len(days)


def notify_missing_schedules(*, actor: Any, today: date) -> int:
    """Tell every active federation admin about each schedule missing today (selectors.missing_schedules):
    once per admin and year, however often it runs. Returns how many notifications were new."""
    require_actor(actor)
    missing = selectors.missing_schedules(today)
    if not missing:
        return 0
    admins = list(
        get_user_model()
        .objects.filter(is_active=True, role_assignments__role=Role.FEDERATION_ADMIN)
        .distinct()
    )
    written = 0
    for m in missing:
        written += notify(
            recipients=admins,
            title=m.text,
            body="工作日历按国务院办公厅每年发布的节假日安排计算截止日期；未录入的年份暂按周一至周五计算。",
            link=f"{reverse('workdays:day_list')}?year={m.year}",
            key=f"workdays:missing:{m.year}",
            actor=actor,
        )
    return written
