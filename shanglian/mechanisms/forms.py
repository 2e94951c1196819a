"""Forms of the mechanisms app (every one a CleanForm; choice querysets scoped in __init__)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from shanglian.core.access import writable_orgs
from shanglian.core.forms import CleanForm
from shanglian.mechanisms.models import FilingMode, FilingType, RuleCategory, RuleDocument
from shanglian.orgs.models import Organization


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RuleForm(CleanForm):
    category = forms.ChoiceField(label="类别", choices=RuleCategory.choices)
    number = forms.CharField(label="文号", max_length=60)
    title = forms.CharField(label="名称", max_length=200)
    effective_on = forms.DateField(label="施行日期", widget=DateInput())
    summary = forms.CharField(label="主要内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class RuleCreateForm(RuleForm):
    upload = forms.FileField(label="制度文件（PDF/Word/TXT）", required=False)


class RuleVersionForm(CleanForm):
    effective_on = forms.DateField(label="本版施行日期", widget=DateInput())
    note = forms.CharField(label="修订说明", max_length=200)
    upload = forms.FileField(label="修订后的制度文件")


class RepealForm(CleanForm):
    repealed_on = forms.DateField(label="废止日期", widget=DateInput())


class FilingTypeChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.rule_text}）"


class FilingForm(CleanForm):
    chamber = forms.ModelChoiceField(
        label="商会", queryset=Organization.objects.none(), empty_label="请选择商会"
    )
    filing_type = FilingTypeChoice(label="事项类型", queryset=FilingType.objects.none(), empty_label="请选择")
    title = forms.CharField(label="事项名称", max_length=200)
    content = forms.CharField(label="事项内容", widget=forms.Textarea(attrs={"rows": 5}))
    amount = forms.DecimalField(
        label="涉及金额（元）", required=False, min_value=0, max_digits=14, decimal_places=2
    )
    event_date = forms.DateField(label="事项发生日期", widget=DateInput())
    upload = forms.FileField(label="报备材料", required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chambers = writable_orgs(actor).chambers().order_by("path")
        self.fields["chamber"].queryset = chambers  # type: ignore[attr-defined]
        self.fields["filing_type"].queryset = (  # type: ignore[attr-defined]
            FilingType.objects.visible_to(actor).filter(active=True).order_by("order", "pk")
        )
        only = list(chambers[:2])
        if len(only) == 1:
            self.initial.setdefault("chamber", only[0].pk)


class FilingStepForm(CleanForm):
    reason = forms.CharField(label="意见 / 说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    upload = forms.FileField(label="补充材料", required=False)


class FilingTypeForm(CleanForm):
    name = forms.CharField(label="事项类型", max_length=60)
    mode = forms.ChoiceField(label="报备方式", choices=FilingMode.choices)
    days = forms.IntegerField(label="时限（工作日）", min_value=0, max_value=120, initial=10)
    threshold_amount = forms.DecimalField(
        label="金额标准（元，可空）",
        required=False,
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
    )
    rule = forms.ModelChoiceField(label="依据制度", queryset=RuleDocument.objects.none(), required=False)
    active = forms.BooleanField(label="启用", required=False, initial=True)
    order = forms.IntegerField(label="排序", min_value=0, max_value=999, initial=100)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = RuleDocument.objects.visible_to(actor)  # type: ignore[attr-defined]
