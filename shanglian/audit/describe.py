"""An audit entry in words: the kind of object and its name, the changed fields by their verbose names,
local time, and the page a denial was for (the audit detail page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.urls import Resolver404, resolve
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.menu import label_for_path

# Keys an entry's `changes` carries that are not model fields (imports, exports, tags …).
EXTRA_LABELS = {
    "rows": "行数",
    "created": "新增",
    "updated": "更新",
    "unchanged": "无变化",
    "joined": "入会",
    "tags": "标签",
    "status": "状态",
    "filters": "筛选条件",
    "reason": "理由",
}
# What the last part of a URL name says the page does.
PAGE_ACTIONS = {
    "list": "列表",
    "detail": "详情",
    "create": "新增",
    "new": "新增",
    "edit": "编辑",
    "delete": "删除",
    "export": "导出",
    "import": "导入",
    "approve": "审批",
    "reject": "驳回",
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: Any
    after: Any


def _model(entry: AuditEntry) -> type[Model] | None:
    try:
        return apps.get_model(entry.object_type) if "." in entry.object_type else None
    except (LookupError, ValueError):
        return None


def object_kind(entry: AuditEntry) -> str:
    model = _model(entry)
    return str(model._meta.verbose_name) if model is not None else ""


def field_label(model: type[Model] | None, name: str) -> str:
    if model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            pass
    return EXTRA_LABELS.get(name, name)


def changes(entry: AuditEntry) -> list[FieldChange]:
    model = _model(entry)
    rows = []
    for name, pair in (entry.changes or {}).items():
        before, after = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        rows.append(FieldChange(field_label(model, name), before, after))
    return rows


def local_time(entry: AuditEntry) -> datetime:
    return timezone.localtime(entry.at)


def denied_page(entry: AuditEntry) -> str:
    """A denial's page in words ("会员企业 · 编辑"), from the menu and the URL's name; "" if not a denial."""
    if entry.action != AuditAction.DENIED or not entry.object_repr.startswith("/"):
        return ""
    path = entry.object_repr
    section = label_for_path(path)
    try:
        match = resolve(path)
    except Resolver404:
        return section or "不存在的页面"
    action = PAGE_ACTIONS.get((match.url_name or "").rsplit("_", 1)[-1], "")
    if not section:
        app = apps.get_containing_app_config(match.func.__module__)
        section = str(app.verbose_name) if app is not None else ""
    return " · ".join(p for p in (section, action) if p) or "页面"
