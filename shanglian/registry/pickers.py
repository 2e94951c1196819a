"""The registry's pickers (core/pickers.py): enterprises, people and industries, searched as the user types."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shanglian.core import pickers
from shanglian.registry.models import Enterprise, Industry, Person


def _enterprises(user: Any, write: bool) -> QuerySet[Any]:
    rows = Enterprise.objects.editable_by(user) if write else Enterprise.objects.visible_to(user)
    return rows.order_by("name_pinyin", "pk")


def _search_enterprises(rows: QuerySet[Any], text: str) -> QuerySet[Any]:
    lowered = text.lower().replace(" ", "")
    return rows.filter(
        Q(name__icontains=text)
        | Q(name_pinyin__startswith=lowered)
        | Q(name_initials__startswith=lowered)
        | Q(credit_code__startswith=text.upper())
    )


def _people(user: Any, write: bool) -> QuerySet[Any]:
    rows = Person.objects.editable_by(user) if write else Person.objects.visible_to(user)
    return rows.select_related("enterprise").order_by("name", "pk")


def _search_people(rows: QuerySet[Any], text: str) -> QuerySet[Any]:
    return rows.filter(Q(name__icontains=text) | Q(enterprise__name__icontains=text))


def person_label(obj: Any) -> str:
    return f"{obj.name}（{obj.enterprise.name}）" if obj.enterprise_id else obj.name


def industry_label(obj: Any) -> str:
    return f"{obj.code} {obj.name}"


def _industries(user: Any, write: bool) -> QuerySet[Any]:
    return Industry.objects.order_by("code")  # a national code table (GB/T 4754), the same for every tenant


def _search_industries(rows: QuerySet[Any], text: str) -> QuerySet[Any]:
    return rows.filter(Q(code__istartswith=text) | Q(name__icontains=text))


ENTERPRISE = pickers.Picker(
    kind="enterprise",
    rows=_enterprises,
    search=_search_enterprises,
    label=lambda obj: obj.name,
    placeholder="输入企业名称、拼音首字母或信用代码搜索",
)
PERSON = pickers.Picker(
    kind="person",
    rows=_people,
    search=_search_people,
    label=person_label,
    placeholder="输入姓名或所在企业搜索",
)
INDUSTRY = pickers.Picker(
    kind="industry",
    rows=_industries,
    search=_search_industries,
    label=industry_label,
    placeholder="输入行业代码或名称搜索",
)


def register() -> None:
    for picker in (ENTERPRISE, PERSON, INDUSTRY):
        pickers.register(picker)
