from __future__ import annotations

from typing import Any

from django import forms

from shanglian.core.access import writable_orgs
from shanglian.core.forms import CleanForm, PhoneField
from shanglian.events.models import EventKind, EventMode
from shanglian.orgs.models import Organization, OrgKind


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(CleanForm):
    organizer = forms.ModelChoiceField(label="主办（参加）单位", queryset=Organization.objects.none())
    title = forms.CharField(label="名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=EventKind.choices)
    mode = forms.ChoiceField(label="举办/参加", choices=EventMode.choices)
    starts_at = forms.DateTimeField(label="开始时间", widget=DateTimeInput())
    place = forms.CharField(label="地点", max_length=200, required=False)
    host_outside = forms.CharField(label="外部主办方（参加的活动）", max_length=200, required=False)
    description = forms.CharField(label="内容简介", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    quota = forms.IntegerField(label="名额（0 为不限）", min_value=0, max_value=100000, initial=0)
    registration_closes_at = forms.DateTimeField(label="报名截止", widget=DateTimeInput(), required=False)
    invited_chambers = forms.ModelMultipleChoiceField(
        label="邀请商会（会员企业可报名）", queryset=Organization.objects.none(), required=False
    )
    invited_departments = forms.ModelMultipleChoiceField(
        label="邀请政府部门", queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = writable_orgs(actor).exclude(kind=OrgKind.DEPARTMENT).order_by("path")
        visible = Organization.objects.visible_to(actor).order_by("path")
        self.fields["organizer"].queryset = own  # type: ignore[attr-defined]
        self.fields["invited_chambers"].queryset = visible.filter(kind=OrgKind.CHAMBER)  # type: ignore[attr-defined]
        self.fields["invited_departments"].queryset = visible.filter(kind=OrgKind.DEPARTMENT)  # type: ignore[attr-defined]


class RegisterForm(CleanForm):
    name = forms.CharField(label="参会人", max_length=50)
    phone = PhoneField(label="联系电话", required=False)


class WalkInForm(CleanForm):
    name = forms.CharField(label="参会人", max_length=50)
    phone = PhoneField(label="联系电话", required=False)


class MinutesForm(CleanForm):
    minutes = forms.CharField(label="会议纪要", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    outcome = forms.CharField(
        label="成果（签约、诉求、建议）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    upload = forms.FileField(label="纪要文件", required=False)


class ServicePointForm(CleanForm):
    organizer = forms.ModelChoiceField(label="共建商会/工商联", queryset=Organization.objects.none())
    department = forms.ModelChoiceField(label="共建部门", queryset=Organization.objects.none())
    kind = forms.ChoiceField(label="类型")
    name = forms.CharField(label="名称", max_length=100)
    address = forms.CharField(label="地址", max_length=200)
    hours = forms.CharField(label="服务时间", max_length=100)
    staff = forms.CharField(label="驻点人员", max_length=200, required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        from shanglian.events.models import ServicePointKind

        super().__init__(*args, **kwargs)
        organizers = writable_orgs(actor).exclude(kind=OrgKind.DEPARTMENT).order_by("path")
        departments = Organization.objects.visible_to(actor).filter(kind=OrgKind.DEPARTMENT).order_by("path")
        self.fields["organizer"].queryset = organizers  # type: ignore[attr-defined]
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        self.fields["kind"].choices = ServicePointKind.choices  # type: ignore[attr-defined]
