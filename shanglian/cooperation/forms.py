from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from shanglian.cooperation.models import DealType, LiaisonKind, LiaisonLevel
from shanglian.core.access import writable_orgs
from shanglian.core.forms import CleanForm, PhoneField
from shanglian.orgs.models import Organization, OrgKind

MONEY = {
    "max_digits": 16,
    "decimal_places": 2,
    "min_value": Decimal(0),
    "max_value": Decimal("99999999999999.99"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrganizerForm(CleanForm):
    organizer = forms.ModelChoiceField(label="单位", queryset=Organization.objects.none())

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = writable_orgs(actor).exclude(kind=OrgKind.DEPARTMENT).order_by("path")
        self.fields["organizer"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["organizer"].empty_label = None  # type: ignore[attr-defined]


class DealForm(OrganizerForm):
    title = forms.CharField(label="合作事项", max_length=200)
    deal_type = forms.ChoiceField(label="合作类型", choices=DealType.choices)
    party_a_name = forms.CharField(label="甲方名称", max_length=200)
    party_b_name = forms.CharField(label="乙方名称", max_length=200)
    amount = forms.DecimalField(label="合作金额（元）", **MONEY)  # type: ignore[arg-type]
    signed_on = forms.DateField(label="签约日期", widget=DateInput())
    contract_no = forms.CharField(label="合同编号", max_length=50, required=False)
    note = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    contract = forms.FileField(label="合同文件（可选）", required=False)


class AmendForm(CleanForm):
    increment = forms.DecimalField(
        label="增减金额（元，减少填负数）",
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("-99999999999999.99"),
        max_value=Decimal("99999999999999.99"),
    )
    amended_on = forms.DateField(label="变更日期", widget=DateInput())
    reason = forms.CharField(label="变更说明", max_length=200)


class ProjectForm(OrganizerForm):
    name = forms.CharField(label="项目名称", max_length=200)
    investor = forms.CharField(label="投资方", max_length=200)
    industry = forms.CharField(label="所属行业", max_length=100, required=False)
    planned_investment = forms.DecimalField(label="计划投资（元）", **MONEY)  # type: ignore[arg-type]
    note = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class TalkForm(CleanForm):
    held_on = forms.DateField(label="洽谈日期", widget=DateInput())
    place = forms.CharField(label="地点", max_length=200, required=False)
    participants = forms.CharField(label="参加人员", max_length=300, required=False)
    summary = forms.CharField(label="洽谈内容", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class LiaisonForm(OrganizerForm):
    organisation = forms.CharField(label="联络对象", max_length=200)
    level = forms.ChoiceField(label="级别", choices=LiaisonLevel.choices)
    kind = forms.ChoiceField(label="类型", choices=LiaisonKind.choices)
    contacted_on = forms.DateField(label="联络日期", widget=DateInput())
    purpose = forms.CharField(label="目的", max_length=200)
    outcome = forms.CharField(label="成果", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    follow_up = forms.CharField(label="后续跟进", max_length=200, required=False)


class FriendlyChamberForm(OrganizerForm):
    partner = forms.CharField(label="友好商会", max_length=200)
    signed_on = forms.DateField(label="签约日期", widget=DateInput())
    term_years = forms.IntegerField(label="期限（年）", min_value=1, max_value=50, initial=3)
    content = forms.CharField(label="协议内容", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    activities = forms.CharField(
        label="签约以来的交流活动", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PostingForm(CleanForm):
    enterprise = forms.ModelChoiceField(label="发布企业", queryset=Organization.objects.none())
    side = forms.ChoiceField(label="供/需", choices=[("demand", "需求"), ("supply", "供给")])
    category = forms.ChoiceField(label="类别")
    title = forms.CharField(label="标题", max_length=100)
    description = forms.CharField(label="详细说明", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    industry = forms.ModelChoiceField(label="行业", queryset=Organization.objects.none(), required=False)
    region = forms.CharField(label="区域（街道）", max_length=50, required=False)
    valid_until = forms.DateField(label="有效期至", widget=DateInput())
    contact_name = forms.CharField(label="联系人", max_length=50)
    contact_phone = PhoneField(label="联系电话")

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        from shanglian.cooperation.models import PostingCategory
        from shanglian.registry.models import Enterprise, Industry

        super().__init__(*args, **kwargs)
        firms = Enterprise.objects.editable_by(actor).order_by("pk")
        self.fields["enterprise"].queryset = firms  # type: ignore[attr-defined]
        self.fields["enterprise"].empty_label = None  # type: ignore[attr-defined]
        self.fields["category"].choices = PostingCategory.choices  # type: ignore[attr-defined]
        self.fields["industry"].queryset = Industry.objects.filter(parent__isnull=False).order_by("code")  # type: ignore[attr-defined]


class AgreementForm(CleanForm):
    title = forms.CharField(label="合作事项", max_length=200)
    deal_type = forms.ChoiceField(label="合作类型", choices=DealType.choices)
    amount = forms.DecimalField(label="合作金额（元）", **MONEY)  # type: ignore[arg-type]
    signed_on = forms.DateField(label="签约日期", widget=DateInput())
    contract_no = forms.CharField(label="合同编号", max_length=50, required=False)
