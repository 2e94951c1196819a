from __future__ import annotations

from typing import Any

from django import forms

from shanglian.core.forms import CleanForm
from shanglian.orgs.models import ChamberKind, Organization, OrgKind
from shanglian.reports.models import PeriodKind
from shanglian.reports.periods import make_period


class ScopeChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（全区）" if obj.kind == OrgKind.FEDERATION else obj.name


class GenerateForm(CleanForm):
    organization = ScopeChoice(label="报告范围", queryset=Organization.objects.none(), empty_label=None)
    chamber_kind = forms.ChoiceField(
        label="商会类型",
        required=False,
        choices=[("", "全部（不按类型）"), *ChamberKind.choices],
        help_text="只统计所选工商联下这一类商会（如街道商会）",
    )
    period_kind = forms.ChoiceField(label="期间类型", choices=PeriodKind.choices, initial=PeriodKind.YEAR)
    year = forms.IntegerField(label="年份", required=False, help_text="年度、季度、月度报告填写，如 2020")
    quarter = forms.TypedChoiceField(
        label="季度", required=False, coerce=int, empty_value=None,
        choices=[("", "—"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")],
    )  # fmt: skip
    month = forms.TypedChoiceField(
        label="月份", required=False, coerce=int, empty_value=None,
        choices=[("", "—")] + [(i, f"{i}月") for i in range(1, 13)],
    )  # fmt: skip
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Organization.objects.visible_to(actor)
            .filter(kind__in=[OrgKind.FEDERATION, OrgKind.CHAMBER], is_active=True)
            .order_by("path")
        )
        field.error_messages["invalid_choice"] = "所选范围不在您的数据范围内。"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        org = data.get("organization")
        if data.get("chamber_kind") and org is not None and org.kind != OrgKind.FEDERATION:
            self.add_error("chamber_kind", "按商会类型生成报告时，报告范围请选择工商联。")
            return data
        data["period"] = make_period(
            data.get("period_kind", ""),
            year=data.get("year"),
            quarter=data.get("quarter"),
            month=data.get("month"),
            start=data.get("start"),
            end=data.get("end"),
        )
        return data


class TemplateForm(CleanForm):
    body = forms.CharField(
        label="模板内容",
        widget=forms.Textarea(attrs={"rows": 28, "class": "font-monospace", "spellcheck": "false"}),
        max_length=60_000,
    )
    note = forms.CharField(label="修改说明", max_length=200, required=False)
