"""Forms of the mechanisms app (every one a CleanForm; choice querysets scoped in __init__)."""

from __future__ import annotations

from typing import Any

from django import forms

from shanglian.core.forms import CleanForm
from shanglian.mechanisms.models import RuleCategory


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
