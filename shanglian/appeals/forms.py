"""Forms of the appeals pages; every rule lives in the services, forms only collect input."""

from __future__ import annotations

from typing import Any

from django import forms

from shanglian.appeals.models import AppealCategory, Channel, ContactPreference, Outcome, Satisfaction
from shanglian.core.forms import CleanForm
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.models import Enterprise


class AppealForm(CleanForm):
    enterprise = forms.ModelChoiceField(label="企业", queryset=Enterprise.objects.none())
    category = forms.ModelChoiceField(label="类别", queryset=AppealCategory.objects.none(), required=False)
    title = forms.CharField(label="标题", max_length=100)
    content = forms.CharField(label="诉求内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    disclose = forms.BooleanField(label="同意公开（隐去企业名称后作为典型案例）", required=False)
    contact_preference = forms.ChoiceField(label="希望的联系方式", choices=ContactPreference.choices)
    channel = forms.ChoiceField(label="渠道", choices=Channel.choices, initial=Channel.ONLINE)
    counterparty = forms.CharField(label="对方当事人（权益维护类）", max_length=100, required=False)
    amount_at_stake = forms.DecimalField(
        label="涉及金额（元，权益维护类）", max_digits=14, decimal_places=2, min_value=0, required=False
    )
    file = forms.FileField(label="附件（PDF、Word、Excel、图片）", required=False)

    def __init__(self, *args: Any, actor: Any, enterprises: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["enterprise"].queryset = enterprises
        fields["category"].queryset = categories
        # One query for "is there exactly one" (count() and first() would be two).
        first_two = list(enterprises.values_list("pk", flat=True)[:2])
        if len(first_two) == 1:
            fields["enterprise"].initial = first_two[0]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the list may be empty when not required."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(d, initial) for d in data if d]
        return [one(data, initial)] if data else []


class ActionForm(CleanForm):
    """All the inputs any step may take; which are needed is the step's (the service's) business."""

    reason = forms.CharField(
        label="说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.ChoiceField(label="办理结果", choices=[("", "—"), *Outcome.choices[1:]], required=False)
    days = forms.IntegerField(label="延期工作日", min_value=1, max_value=30, required=False)
    lead = forms.ModelChoiceField(
        label="主办单位", queryset=Organization.objects.none(), required=False, empty_label="请选择"
    )
    assisting = forms.ModelMultipleChoiceField(
        label="协办单位", queryset=Organization.objects.none(), required=False
    )
    satisfaction = forms.ChoiceField(
        label="评价", choices=[("", "—"), *Satisfaction.choices[1:]], required=False
    )
    documents = MultipleFileField(label="附件（PDF、Word、Excel、图片）", required=False)

    def __init__(self, *args: Any, actor: Any, federation: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = (
            Organization.objects.visible_to(actor)
            .filter(path__startswith=federation.path, kind__in=(OrgKind.DEPARTMENT, OrgKind.CHAMBER))
            .order_by("kind", "path")
        )
        fields: Any = self.fields
        fields["lead"].queryset = units
        fields["assisting"].queryset = units
        # Rendered field by field in the step forms (not through partials/form_fields.html).
        for name, field in fields.items():
            css = (
                "form-select" if name in ("lead", "assisting", "outcome", "satisfaction") else "form-control"
            )
            field.widget.attrs.setdefault("class", css)


class SupplementForm(CleanForm):
    text = forms.CharField(
        label="补充说明",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    documents = MultipleFileField(
        label="补充材料（PDF、Word、Excel、图片）",
        required=False,
        widget=MultipleFileInput(attrs={"class": "form-control"}),
    )


class CommentForm(CleanForm):
    text = forms.CharField(label="批示", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class CategoryForm(CleanForm):
    """One category of the tree: its place (parent, order), its default unit and its limits."""

    name = forms.CharField(label="类别名称", max_length=40)
    parent = forms.ModelChoiceField(
        label="上级类别", queryset=AppealCategory.objects.none(), required=False, empty_label="（一级类别）"
    )
    default_unit = forms.ModelChoiceField(
        label="默认承办单位", queryset=Organization.objects.none(), required=False, empty_label="（不指定）"
    )
    contact_days = forms.IntegerField(label="联系企业时限（工作日）", min_value=1, max_value=30, initial=3)
    finish_days = forms.IntegerField(label="办理时限（工作日）", min_value=1, max_value=60, initial=5)
    max_extension_days = forms.IntegerField(label="最长延期（工作日）", min_value=0, max_value=30, initial=10)
    rights_protection = forms.BooleanField(label="权益维护类（记录对方当事人、涉及金额）", required=False)
    order = forms.IntegerField(label="排序（小的在前）", min_value=0, max_value=999, initial=0)
    retired = forms.BooleanField(label="停用（新诉求不再可选，已有诉求保留此类别）", required=False)

    def __init__(
        self, *args: Any, actor: Any, federation: Organization, category: AppealCategory | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        parents = AppealCategory.objects.editable_by(actor).filter(federation=federation, parent=None)
        if category is not None:
            parents = parents.exclude(pk=category.pk)
        units = (
            Organization.objects.visible_to(actor)
            .filter(path__startswith=federation.path, kind__in=(OrgKind.DEPARTMENT, OrgKind.CHAMBER))
            .order_by("kind", "path")
        )
        fields: Any = self.fields
        fields["parent"].queryset = parents.order_by("order", "pk")
        fields["default_unit"].queryset = units
