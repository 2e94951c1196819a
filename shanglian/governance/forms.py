from django import forms

from shanglian.core.access import writable_orgs
from shanglian.core.forms import CleanForm
from shanglian.core.pickers import PickerSelect, PickerSelectMultiple
from shanglian.governance.models import (
    HiringMode,
    MemberRole,
    Organ,
    StaffPost,
)
from shanglian.orgs.models import Organization
from shanglian.registry.models import Person


def editable_chambers(user):
    """Chambers whose records the user keeps: admins their subtree, a secretary their own chamber."""
    return writable_orgs(user).chambers().order_by("path")


def visible_chambers(user):
    return Organization.objects.visible_to(user).chambers().order_by("path")


class PersonChoiceField(forms.ModelChoiceField):
    """A person of the user's scope, picked by typing (core/pickers.py; the queryset judges what is sent)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "请选择人员")
        kwargs.setdefault("widget", PickerSelect("person"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.enterprise.name}）" if obj.enterprise_id else obj.name


class PersonMultipleChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", PickerSelectMultiple("person"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.enterprise.name}）" if obj.enterprise_id else obj.name


def people_for(user):
    return Person.objects.visible_to(user).select_related("enterprise").order_by("name", "pk")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ScopedForm(CleanForm):
    chamber = forms.ModelChoiceField(label="商会", queryset=Organization.objects.none())

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        chambers = editable_chambers(actor)
        self.fields["chamber"].queryset = chambers
        self.fields["chamber"].empty_label = "请选择商会"
        if not self.initial.get("chamber"):
            only = list(chambers[:2])
            if len(only) == 1:  # a secretary keeps one chamber: preselect it
                self.fields["chamber"].initial = only[0].pk
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Person:
                self.fields[name].queryset = people_for(actor)


class TermForm(ScopedForm):
    organ = forms.ChoiceField(label="机构", choices=Organ.choices)
    number = forms.IntegerField(label="届次", min_value=1, max_value=99)
    start_on = forms.DateField(label="任期开始", widget=DateInput())
    end_on = forms.DateField(label="任期届满", widget=DateInput())
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        if previous is not None:
            self.fields["copy_members"] = forms.BooleanField(
                label=f"沿用{previous}的成员（{previous.members.count()} 人，可在新一届中调整）",
                required=False,
                initial=True,
            )


class OrganMemberForm(CleanForm):
    person = PersonChoiceField(label="人员", queryset=Person.objects.none())
    role = forms.ChoiceField(label="职务", choices=MemberRole.choices)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_for(actor)


class MeetingForm(ScopedForm):
    organ = forms.ChoiceField(label="机构", choices=Organ.choices)
    title = forms.CharField(label="会议名称", max_length=200)
    held_on = forms.DateField(label="召开日期", widget=DateInput())
    attendees = PersonMultipleChoiceField(
        label="出席人员",
        queryset=Person.objects.none(),
        required=False,
    )
    agenda = forms.CharField(
        label="议题", required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="每行一项。"
    )
    party_agenda = forms.CharField(
        label="党建议题",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一项：党建工作与商会工作同部署、同研究、同落实的议题。",
    )
    resolutions = forms.CharField(label="决议事项", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    minutes = forms.FileField(
        label="会议纪要", required=False, help_text="PDF、Word、图片或文本，不超过 20MB。"
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["attendees"].queryset = people_for(actor)


class RotationForm(ScopedForm):
    person = PersonChoiceField(label="轮值会长", queryset=Person.objects.none())
    start_on = forms.DateField(label="轮值开始", widget=DateInput())
    end_on = forms.DateField(label="轮值结束", widget=DateInput())
    note = forms.CharField(label="备注", max_length=200, required=False)


class StaffForm(ScopedForm):
    name = forms.CharField(label="姓名", max_length=50)
    post = forms.ChoiceField(label="岗位", choices=StaffPost.choices)
    hiring_mode = forms.ChoiceField(label="聘任方式", choices=HiringMode.choices)
    hired_by = forms.CharField(label="聘任方", max_length=100, help_text="如：上马街道办事处、本商会")
    contract_start = forms.DateField(label="合同开始", widget=DateInput())
    contract_end = forms.DateField(label="合同到期", widget=DateInput())
    person = PersonChoiceField(label="对应企业家（可选）", queryset=Person.objects.none(), required=False)
    contract_file = forms.FileField(
        label="聘任合同", required=False, help_text="PDF、Word 或图片，不超过 20 MB；重新上传即替换。"
    )
