"""Forms of the surveys app: the survey, a question, and the answer sheet built from the questions."""

from __future__ import annotations

from typing import Any

from django import forms

from shanglian.core.access import writable_orgs
from shanglian.core.forms import CleanForm
from shanglian.orgs.models import Organization
from shanglian.surveys.models import CHOICE_KINDS, DEFAULT_SCALE, Option, Question, QuestionKind, Survey


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrgChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class OrgMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SurveyForm(CleanForm):
    organization = OrgChoiceField(label="发起单位", queryset=Organization.objects.none())
    title = forms.CharField(label="问卷标题", max_length=200)
    description = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    closes_on = forms.DateField(label="截止日期", widget=DateInput())
    target_chambers = OrgMultipleChoiceField(
        label="发送范围（商会）",
        queryset=Organization.objects.none(),
        required=False,
        help_text="不选则发送给发起单位范围内的全部会员企业。",
    )
    needs_legal_approval = forms.BooleanField(
        label="须法定代表人审批",
        required=False,
        help_text="企业用户填写后，须由企业法定代表人本人账号审批才算提交（参照“万家民营企业评营商环境”）。",
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = writable_orgs(actor).order_by("path")
        self.fields["organization"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["target_chambers"].queryset = orgs.chambers()  # type: ignore[attr-defined]
        first = list(orgs[:2])
        if len(first) == 1:
            self.fields["organization"].initial = first[0].pk


class TemplateForm(CleanForm):
    organization = OrgChoiceField(label="发起单位", queryset=Organization.objects.none())
    closes_on = forms.DateField(label="截止日期", widget=DateInput())
    needs_legal_approval = forms.BooleanField(
        label="须法定代表人审批", required=False, initial=True, help_text="企业用户填写后由法定代表人审批提交"
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = writable_orgs(actor).order_by("path")  # type: ignore[attr-defined]


class ConditionField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"第{obj.question.order}题选“{obj.label}”时显示"


class QuestionForm(CleanForm):
    kind = forms.ChoiceField(label="题型", choices=QuestionKind.choices)
    text = forms.CharField(label="题目", max_length=300)
    section = forms.CharField(label="分组", max_length=50, required=False)
    options = forms.CharField(
        label="选项",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="选择题每行一个选项；矩阵题每行一个评价项目",
    )
    scale = forms.CharField(
        label="量表刻度（矩阵题）",
        max_length=200,
        required=False,
        help_text=f"用“/”分隔，留空为：{DEFAULT_SCALE}",
    )
    required = forms.BooleanField(label="必答", required=False, initial=True)
    allow_other = forms.BooleanField(label="含“其他”填空", required=False)
    show_if = ConditionField(
        label="显示条件", queryset=Option.objects.none(), required=False, empty_label="总是显示"
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["show_if"].queryset = (  # type: ignore[attr-defined]
            Option.objects.unscoped()
            .filter(question__survey=survey, question__kind__in=CHOICE_KINDS)
            .select_related("question")
            .order_by("question__order", "order")
        )


def answer_fields(questions: list[Question]) -> list[dict[str, Any]]:
    """What the answer page renders per question (with its condition for the page's script)."""
    return [
        {
            "q": q,
            "options": list(q.options.all()),
            "show_if": q.show_if_id or "",
            "choice": q.kind in CHOICE_KINDS,
            "scale": list(enumerate(q.scale_labels, start=1)),
        }
        for q in questions
    ]


def answers_from_post(data: Any, questions: list[Question]) -> dict[int, Any]:
    """The POSTed answer sheet in the services' shape (the API sends the same shape as JSON)."""
    out: dict[int, Any] = {}
    for q in questions:
        name = f"q{q.pk}"
        if q.kind == QuestionKind.MATRIX:
            out[q.pk] = {o.pk: data.get(f"{name}_r{o.pk}", "") for o in q.options.all()}
        elif q.kind == QuestionKind.MULTIPLE:
            out[q.pk] = {"options": data.getlist(name), "other": data.get(f"{name}_other", "")}
        elif q.kind == QuestionKind.SINGLE:
            out[q.pk] = {"option": data.get(name) or None, "other": data.get(f"{name}_other", "")}
        else:
            out[q.pk] = data.get(name, "")
    return out


class QuotaConditionField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"第{obj.question.order}题选“{obj.label}”的答卷"


class QuotaForm(CleanForm):
    limit = forms.IntegerField(label="份数上限", min_value=1, max_value=10_000_000)
    option = QuotaConditionField(
        label="条件", queryset=Option.objects.none(), required=False, empty_label="全部答卷"
    )
    message = forms.CharField(
        label="名额已满时的提示", max_length=200, required=False, help_text="留空则使用默认提示"
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = (  # type: ignore[attr-defined]
            Option.objects.unscoped()
            .filter(question__survey=survey, question__kind__in=CHOICE_KINDS)
            .select_related("question")
            .order_by("question__order", "order")
        )
