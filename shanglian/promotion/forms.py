"""Forms of the promotion platform; every choice list is scoped to the acting user."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from shanglian.core.access import holders_of, writable_orgs
from shanglian.core.forms import CleanForm, PhoneField
from shanglian.core.pickers import PickerSelectMultiple
from shanglian.orgs.models import Organization
from shanglian.promotion.models import Institution, InstitutionKind, VisitChannel, VisitMode
from shanglian.registry.models import Enterprise


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrgChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _writable(actor: Any) -> Any:
    return writable_orgs(actor).order_by("path")


def _enterprises(actor: Any) -> Any:
    return Enterprise.objects.visible_to(actor).order_by("name_pinyin", "pk")


def _preselect_single(field: forms.ModelChoiceField, initial: Any) -> None:  # type: ignore[type-arg]
    if not initial:
        only = list(field.queryset[:2]) if field.queryset is not None else []
        if len(only) == 1:  # a secretary keeps one chamber: preselect it
            field.initial = only[0].pk


class VisitResultFields(CleanForm):
    visited_on = forms.DateField(label="走访日期", widget=DateInput())
    mode = forms.ChoiceField(label="方式", choices=VisitMode.choices)
    channel = forms.ChoiceField(label="渠道", choices=VisitChannel.choices)
    visitors = forms.CharField(label="走访人员", max_length=200, required=False)
    notes = forms.CharField(label="走访情况", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    problems = forms.CharField(
        label="发现的问题及意见建议",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="每行一条；可在走访详情中转为诉求。",
    )
    photo = forms.FileField(label="照片", required=False, help_text="jpg、png 或 pdf")


class VisitForm(VisitResultFields):
    organization = OrgChoiceField(label="走访单位", queryset=Organization.objects.none())
    enterprise = forms.ModelChoiceField(label="企业", queryset=Enterprise.objects.none())
    field_order = ["organization", "enterprise", "visited_on", "mode", "channel"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _writable(actor)  # type: ignore[attr-defined]
        self.fields["enterprise"].queryset = _enterprises(actor)  # type: ignore[attr-defined]
        _preselect_single(self.fields["organization"], self.initial.get("organization"))  # type: ignore[arg-type]


class DrawForm(CleanForm):
    organization = OrgChoiceField(label="走访单位", queryset=Organization.objects.none())
    chamber = OrgChoiceField(label="从哪个商会的会员中抽取", queryset=Organization.objects.none())
    size = forms.IntegerField(label="抽取数量", min_value=1, max_value=500)
    planned_on = forms.DateField(label="计划走访日期", widget=DateInput())
    directors_only = forms.BooleanField(label="仅抽取理事及以上单位", required=False)
    exclude_visited = forms.BooleanField(label="排除本年度已走访的企业", required=False, initial=True)
    seed = forms.IntegerField(
        label="随机种子",
        required=False,
        min_value=0,
        max_value=2**53,
        help_text="留空自动生成；填写已有种子可复现抽取。",
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _writable(actor)  # type: ignore[attr-defined]
        self.fields["chamber"].queryset = _writable(actor).chambers()  # type: ignore[attr-defined]
        _preselect_single(self.fields["organization"], self.initial.get("organization"))  # type: ignore[arg-type]
        _preselect_single(self.fields["chamber"], self.initial.get("chamber"))  # type: ignore[arg-type]


class TargetForm(CleanForm):
    chamber = OrgChoiceField(label="商会", queryset=Organization.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    directors_pct = forms.IntegerField(
        label="理事及以上走访比例（%）", min_value=0, max_value=100, initial=30
    )
    members_pct = forms.IntegerField(label="会员走访比例（%）", min_value=0, max_value=100, initial=20)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chamber"].queryset = _writable(actor).chambers()  # type: ignore[attr-defined]
        _preselect_single(self.fields["chamber"], self.initial.get("chamber"))  # type: ignore[arg-type]


class CadreChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class AssignmentForm(CleanForm):
    organization = OrgChoiceField(label="所属单位", queryset=Organization.objects.none())
    cadre = CadreChoiceField(label="包联干部", queryset=Organization.objects.none())
    enterprise = forms.ModelChoiceField(label="企业", queryset=Enterprise.objects.none())
    since = forms.DateField(label="包联开始", widget=DateInput(), initial=date.today)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = _writable(actor)
        self.fields["organization"].queryset = orgs  # type: ignore[attr-defined]
        first = orgs.first()
        self.fields["cadre"].queryset = (  # type: ignore[attr-defined]
            holders_of("promotion.edit", first) if first is not None else Organization.objects.none()
        )
        self.fields["enterprise"].queryset = _enterprises(actor)  # type: ignore[attr-defined]
        _preselect_single(self.fields["organization"], self.initial.get("organization"))  # type: ignore[arg-type]


class InstitutionForm(CleanForm):
    name = forms.CharField(label="机构名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=InstitutionKind.choices)
    contact = forms.CharField(label="联系人", max_length=50, required=False)
    phone = PhoneField(label="联系电话", required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)


class ProjectForm(CleanForm):
    organization = OrgChoiceField(label="促成单位", queryset=Organization.objects.none())
    institution = forms.ModelChoiceField(label="合作院校", queryset=Institution.objects.none())
    enterprises = forms.ModelMultipleChoiceField(
        label="合作企业", queryset=Enterprise.objects.none(), widget=PickerSelectMultiple("enterprise")
    )
    title = forms.CharField(label="项目名称", max_length=200)
    tech_field = forms.CharField(label="技术领域", max_length=50, required=False)
    amount = forms.DecimalField(
        label="合同金额（元）",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        initial=0,
        error_messages={"invalid": "请填写数字金额（元），如 500000。"},
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _writable(actor)  # type: ignore[attr-defined]
        self.fields["institution"].queryset = Institution.objects.visible_to(actor).order_by("name")  # type: ignore[attr-defined]
        self.fields["enterprises"].queryset = _enterprises(actor)  # type: ignore[attr-defined]
        _preselect_single(self.fields["organization"], self.initial.get("organization"))  # type: ignore[arg-type]


class SignForm(CleanForm):
    signed_on = forms.DateField(label="签约日期", widget=DateInput())


class ReasonForm(CleanForm):
    reason = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


# ---------------------------------------------------------------- 技术需求


class NeedForm(CleanForm):
    organization = OrgChoiceField(label="受理单位", queryset=Organization.objects.none(), required=False)
    enterprise = forms.ModelChoiceField(label="需求企业", queryset=Enterprise.objects.none())
    title = forms.CharField(label="需求名称", max_length=200)
    tech_field = forms.CharField(label="技术领域", max_length=50, required=False)
    description = forms.CharField(
        label="需求描述",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="要解决的技术问题、现有基础、期望的合作方式。",
    )
    budget = forms.DecimalField(
        label="预算（元）",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={"invalid": "请填写数字金额（元），如 500000。"},
    )
    file = forms.FileField(label="附件", required=False, help_text="pdf、doc、docx、xlsx、jpg 或 png")

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = _writable(actor)
        if orgs.exists():
            self.fields["organization"].queryset = orgs  # type: ignore[attr-defined]
            self.fields["organization"].required = True
            _preselect_single(self.fields["organization"], self.initial.get("organization"))  # type: ignore[arg-type]
        else:  # an enterprise posts its own need: the federation receives it
            del self.fields["organization"]
        self.fields["enterprise"].queryset = _enterprises(actor)  # type: ignore[attr-defined]
        _preselect_single(self.fields["enterprise"], self.initial.get("enterprise"))  # type: ignore[arg-type]


class MatchForm(CleanForm):
    institution = forms.ModelChoiceField(label="对接院校", queryset=Institution.objects.none())
    reply = forms.CharField(
        label="院校答复（对接意见）", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.visible_to(actor).order_by("name")  # type: ignore[attr-defined]


class ConvertForm(CleanForm):
    title = forms.CharField(label="项目名称", max_length=200)
    amount = forms.DecimalField(
        label="合同金额（元）",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        initial=0,
        error_messages={"invalid": "请填写数字金额（元），如 500000。"},
    )
