"""Forms of the mechanisms app (every one a CleanForm; choice querysets scoped in __init__)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from shanglian.core.access import writable_orgs
from shanglian.core.forms import CleanForm
from shanglian.core.pickers import PickerSelect
from shanglian.events.models import Event, EventMode
from shanglian.mechanisms.models import (
    STAFF_CHANNELS,
    Decision,
    FilingMode,
    FilingType,
    RuleCategory,
    RuleDocument,
    SignOffRule,
    SuggestionCategory,
    ViceChair,
)
from shanglian.orgs.models import Organization
from shanglian.registry.models import Enterprise, Person


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


class ViceChairChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.name}{'' if obj.user_id else '（未开通账号）'}"


class RoundForm(CleanForm):
    title = forms.CharField(label="签字事项", max_length=200)
    matter = forms.CharField(label="事项说明", widget=forms.Textarea(attrs={"rows": 5}))
    signers = ViceChairChoice(
        label="签字人（企业家副主席）", queryset=ViceChair.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    rule = forms.ChoiceField(label="表决规则", choices=SignOffRule.choices)
    required = forms.IntegerField(
        label="规定同意人数（仅“达到规定人数同意”）", required=False, min_value=1, max_value=99
    )
    veto = forms.BooleanField(label="任一不同意即否决", required=False)
    deadline = forms.DateTimeField(
        label="签署截止时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    upload = forms.FileField(label="签字材料", required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signers"].queryset = (  # type: ignore[attr-defined]
            ViceChair.objects.visible_to(actor).filter(active=True).select_related("person").order_by("pk")
        )


class SignForm(CleanForm):
    decision = forms.ChoiceField(label="意见", choices=[("", "请选择"), *Decision.choices])
    opinion = forms.CharField(label="意见说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.enterprise.name}）" if obj.enterprise_id else obj.name


class ViceChairForm(CleanForm):
    person = PersonChoice(
        label="企业家",
        queryset=Person.objects.none(),
        empty_label="请选择企业家",
        widget=PickerSelect("person"),
    )
    title = forms.CharField(label="职务", max_length=30, initial="企业家副主席")

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (  # type: ignore[attr-defined]
            Person.objects.visible_to(actor).select_related("enterprise").order_by("name", "pk")
        )


class LoginForm(CleanForm):
    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput)


class SuggestionForm(CleanForm):
    """An entrepreneur's suggestion (their enterprise), or staff entering one with its channel."""

    title = forms.CharField(label="标题", max_length=200)
    category = forms.ChoiceField(label="类别", choices=SuggestionCategory.choices)
    content = forms.CharField(label="建议内容", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, actor: Any, staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff:
            self.fields["channel"] = forms.ChoiceField(
                label="来源渠道", choices=[(c.value, c.label) for c in STAFF_CHANNELS]
            )
            self.fields["author_name"] = forms.CharField(label="建议人", max_length=50)
            self.fields["submitted_on"] = forms.DateField(label="收到日期", widget=DateInput())
        else:
            self.fields["enterprise"] = forms.ModelChoiceField(
                label="企业", queryset=Enterprise.objects.visible_to(actor).order_by("pk"), empty_label=None
            )


class SuggestionStepForm(CleanForm):
    answer = forms.CharField(
        label="答复建议人（公开）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    staff_notes = forms.CharField(
        label="内部备注（不公开）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible_unit = forms.CharField(label="落实单位（采纳时）", required=False, max_length=100)


class ProgressForm(CleanForm):
    progress = forms.IntegerField(label="落实进度（%）", min_value=0, max_value=100)
    text = forms.CharField(label="进展情况", max_length=300)


class RecognitionForm(CleanForm):
    recognition = forms.CharField(label="激励表彰", max_length=200)


class ConsultationForm(CleanForm):
    title = forms.CharField(label="草案名称", max_length=200)
    introduction = forms.CharField(label="起草说明", widget=forms.Textarea(attrs={"rows": 3}))
    draft = forms.CharField(label="草案条文（每段一条）", widget=forms.Textarea(attrs={"rows": 8}))
    comment_days = forms.IntegerField(label="征求意见期（天）", min_value=1, max_value=365, initial=30)
    invite_vice_chairs = forms.BooleanField(label="邀请企业家副主席", required=False, initial=True)
    invite_everyone = forms.BooleanField(label="面向全体会员企业", required=False)
    invited_chambers = forms.ModelMultipleChoiceField(
        label="邀请以下商会的会员",
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invited_chambers"].queryset = (  # type: ignore[attr-defined]
            Organization.objects.visible_to(actor).chambers().order_by("path")
        )


class CommentForm(CleanForm):
    article = forms.TypedChoiceField(label="针对条文", coerce=int, required=False, empty_value=None)
    text = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, articles: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = [("", "整个草案"), *[(a.pk, f"第{a.number}条") for a in articles]]  # type: ignore[attr-defined]


class AnswerForm(CleanForm):
    answer = forms.ChoiceField(
        label="采纳情况", choices=[("adopted", "采纳"), ("partly", "部分采纳"), ("declined", "不采纳")]
    )
    reason = forms.CharField(label="理由", required=False, max_length=500)


class DistrictMeetingForm(CleanForm):
    title = forms.CharField(label="会议名称", max_length=200)
    held_on = forms.DateField(label="召开日期", widget=DateInput())
    organiser = forms.CharField(label="主办单位", max_length=100, required=False)
    attendees = forms.CharField(
        label="参会商会代表（每行一人：商会 姓名）", widget=forms.Textarea(attrs={"rows": 4})
    )
    event = forms.ModelChoiceField(
        label="关联活动（可选）",
        queryset=Event.objects.none(),
        required=False,
        help_text="在“活动”中登记过的外部会议（参加）",
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["event"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Event.objects.visible_to(actor).filter(mode=EventMode.ATTENDED).order_by("-starts_at")
        )
