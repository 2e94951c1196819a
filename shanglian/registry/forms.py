from django import forms
from django.core.exceptions import EmptyResultSet
from django.forms.models import fields_for_model, model_to_dict

from shanglian.core import access
from shanglian.core.forms import CleanForm, FilterForm
from shanglian.core.masking import mask_id_number
from shanglian.core.pickers import PickerSelect, use_picker
from shanglian.core.roles import has_capability
from shanglian.core.validation import bounded_formfield
from shanglian.orgs import streets
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.models import (
    ClassificationRule,
    ContributionTier,
    Education,
    Enterprise,
    EnterpriseScale,
    Gender,
    Industry,
    OverrideAction,
    Person,
    PoliticalStatus,
    Position,
    RoleTitle,
    Tag,
    TalentPool,
)
from shanglian.registry.selectors import SORTS
from shanglian.registry.services.enterprises import KEPT_BY_CHAMBER

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IndustryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}" if obj.parent_id is None else f"　{obj.code} {obj.name}"


def _industries():
    return Industry.objects.order_by("code")


def _chambers_for_filter(actor):
    return Organization.objects.visible_to(actor).filter(kind=OrgKind.CHAMBER).order_by("path")


def _remembered_choices(field: forms.ModelChoiceField) -> list[tuple[int, str]]:
    from shanglian.metrics.caching import remember

    queryset = field.queryset

    def read() -> list[tuple[int, str]]:
        return [(obj.pk, field.label_from_instance(obj)) for obj in queryset]

    # The SQL names the user's scope (chambers), so each scope keeps its own list.
    try:
        what = str(queryset.query)
    except EmptyResultSet:  # a scope without chambers: no options, and no query to ask
        return []
    return remember(
        f"registry.choices.{queryset.model._meta.label}",
        what,
        frozenset({queryset.model._meta.db_table}),
        read,
    )


class EnterpriseFilterForm(FilterForm):
    q = forms.CharField(label="搜索", max_length=100, required=False)
    chamber = forms.ModelChoiceField(
        label="商会", queryset=Organization.objects.none(), required=False, empty_label="全部商会"
    )
    street = forms.ChoiceField(label="街道", required=False)
    industry = IndustryChoiceField(
        label="行业", queryset=Industry.objects.none(), required=False, empty_label="全部行业"
    )
    scale = forms.ChoiceField(
        label="规模", choices=[("", "全部规模"), *EnterpriseScale.choices], required=False
    )
    tags = forms.ModelMultipleChoiceField(
        label="标签",
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    tier = forms.ChoiceField(
        label="贡献等级", choices=[("", "全部等级"), *ContributionTier.choices], required=False
    )
    position = forms.ChoiceField(
        label="商会职务", choices=[("", "全部职务"), *Position.choices], required=False
    )
    sort = forms.ChoiceField(
        label="排序",
        choices=[
            ("name", "名称（拼音）"),
            ("-updated", "最近更新"),
            ("-employees", "员工数从多到少"),
            ("-founded", "成立日期从近到远"),
            ("founded", "成立日期从远到近"),
        ],
        required=False,
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        chambers = self.fields["chamber"]
        chambers.queryset = _chambers_for_filter(actor)
        self.fields["street"].choices = [("", "全部街道"), *streets.CHOICES]
        industry = self.fields["industry"]
        industry.queryset = _industries()
        tags = self.fields["tags"]
        tags.queryset = Tag.objects.order_by("id")
        # The options are shown on every view of the list and change rarely: remembered until their table
        # is written (each was a server-side cursor, three round trips, on PostgreSQL). The querysets above
        # still validate what is submitted.
        chambers.choices = [("", chambers.empty_label), *_remembered_choices(chambers)]
        industry.choices = [("", industry.empty_label), *_remembered_choices(industry)]
        tags.choices = _remembered_choices(tags)

    def clean_sort(self):
        value = self.cleaned_data.get("sort") or "name"
        return value if value in SORTS else "name"


class PersonFilterForm(FilterForm):
    q = forms.CharField(label="姓名或企业", max_length=50, required=False)
    gender = forms.ChoiceField(label="性别", choices=[("", "全部性别"), *Gender.choices], required=False)
    political_status = forms.ChoiceField(
        label="政治面貌", choices=[("", "全部政治面貌"), *PoliticalStatus.choices], required=False
    )
    education = forms.ChoiceField(
        label="学历", choices=[("", "全部学历"), *Education.choices], required=False
    )
    age_min = forms.IntegerField(label="年龄不小于", min_value=0, max_value=120, required=False)
    age_max = forms.IntegerField(label="年龄不大于", min_value=0, max_value=120, required=False)
    deputy = forms.ChoiceField(
        label="代表委员",
        choices=[("", "不限"), ("npc", "人大代表"), ("cppcc", "政协委员")],
        required=False,
    )


def _with_date_widgets(fields):
    for field in fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DATE
    return fields


ENTERPRISE_FORM_FIELDS = [
    "name",
    "credit_code",
    "legal_representative",
    "registered_address",
    "street",
    "phone",
    "industry",
    "scale",
    "founded_on",
    "employees",
    "tags",
]


class EnterpriseForm(CleanForm):
    """Create/edit an enterprise. Built from the model's fields but never touches the instance itself:
    the service takes the cleaned data (so the audit snapshot sees the old values)."""

    def __init__(self, *args, actor, instance: Enterprise | None = None, creating: bool = False, **kwargs):
        initial = model_to_dict(instance, fields=ENTERPRISE_FORM_FIELDS) if instance else {}
        if instance is not None:
            initial["street"] = streets.canonical(instance.street)
        if instance is not None:
            initial["tags"] = list(instance.tags.all())
        super().__init__(*args, initial=initial, **kwargs)
        self.fields.update(
            _with_date_widgets(
                fields_for_model(
                    Enterprise, fields=ENTERPRISE_FORM_FIELDS, formfield_callback=bounded_formfield
                )
            )
        )
        self.fields["industry"] = IndustryChoiceField(
            label="所属行业", queryset=_industries(), required=False
        )
        current = streets.canonical(instance.street) if instance is not None else ""
        self.fields["street"] = forms.ChoiceField(
            label="所属街道",
            required=False,
            choices=[("", "请选择"), *streets.CHOICES]
            + ([(current, current)] if current and current not in streets.STREETS else []),
        )
        self.fields["tags"].widget = forms.CheckboxSelectMultiple()
        self.fields["tags"].queryset = Tag.objects.order_by("id")
        self.fields["tags"].required = False
        if not has_capability(actor, "enterprise.create"):
            del self.fields["tags"]  # tags are certifications the federation or chamber records
        if instance is not None and access.writes_only_as_enterprise(actor, instance):
            # what identifies the enterprise is kept by its chamber or federation (services.update_enterprise)
            for name in KEPT_BY_CHAMBER:
                self.fields[name].disabled = True
                self.fields[name].help_text = "由所属商会或工商联维护；如需更正请联系所属商会。"
        if creating:
            own = access.own_chamber_ids(actor)
            if own and not access.administers_any(actor):
                self.fields["chamber"] = forms.ModelChoiceField(
                    label="登记到商会",
                    queryset=Organization.objects.visible_to(actor).filter(pk__in=own).order_by("path"),
                    # A secretary of one chamber has nothing to choose: preselect it.
                    initial=next(iter(own)) if len(own) == 1 else None,
                )


PERSON_FORM_FIELDS = [
    "name",
    "gender",
    "birth_date",
    "political_status",
    "education",
    "phone",
    "id_number",
    "is_npc_deputy",
    "is_cppcc_member",
    "enterprise",
]


class PersonForm(CleanForm):
    def __init__(self, *args, actor, instance: Person | None = None, initial=None, **kwargs):
        initial = {
            **(initial or {}),
            **(model_to_dict(instance, fields=PERSON_FORM_FIELDS) if instance else {}),
        }
        initial.pop("id_number", None)  # never sent back to the browser
        super().__init__(*args, initial=initial, **kwargs)
        self.fields.update(
            _with_date_widgets(
                fields_for_model(Person, fields=PERSON_FORM_FIELDS, formfield_callback=bounded_formfield)
            )
        )
        self.fields["enterprise"].queryset = Enterprise.objects.editable_by(actor).order_by("name_pinyin")
        self.fields["enterprise"].required = not access.administers_any(actor)
        use_picker(self.fields["enterprise"], "enterprise", write=True)
        self.fields["id_number"].validators = []  # the service validates and returns the Chinese reason
        if instance is not None and instance.id_number:
            self.fields[
                "id_number"
            ].help_text = f"已登记：{mask_id_number(instance.id_number)}；留空则不修改。"


def _placeholder(label):
    return {"placeholder": label, "title": label}


class YearFigureForm(CleanForm):
    year = forms.IntegerField(
        label="年度", min_value=1949, max_value=2100, widget=forms.NumberInput(_placeholder("年度"))
    )
    revenue = forms.DecimalField(
        label="营业收入（元）",
        max_digits=16,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(_placeholder("营业收入（元）")),
    )
    tax = forms.DecimalField(
        label="纳税额（元）",
        max_digits=16,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(_placeholder("纳税额（元）")),
    )
    rd_spend = forms.DecimalField(
        label="研发投入（元）",
        max_digits=16,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(_placeholder("研发投入（元）")),
    )


class PersonRoleForm(CleanForm):
    enterprise = forms.ModelChoiceField(
        label="企业", queryset=Enterprise.objects.none(), widget=PickerSelect("enterprise", write=True)
    )
    title = forms.ChoiceField(label="职务", choices=RoleTitle.choices)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.editable_by(actor).order_by("name_pinyin")


class ApplicationForm(CleanForm):
    enterprise = forms.ModelChoiceField(label="申请企业", queryset=Enterprise.objects.none())
    chamber = forms.ModelChoiceField(label="申请加入商会", queryset=Organization.objects.none())
    note = forms.CharField(
        label="申请说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, required=False
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        from shanglian.registry.services import chambers_open_to

        enterprises = list(
            Enterprise.objects.editable_by(actor).filter(pk__in=access.own_enterprise_ids(actor))
        )
        self.fields["enterprise"].queryset = Enterprise.objects.editable_by(actor).filter(
            pk__in=[e.pk for e in enterprises]
        )
        chamber_ids = set()
        for e in enterprises:
            chamber_ids.update(chambers_open_to(e).values_list("pk", flat=True))
        # The chambers open to the user's enterprises lie outside their scope: chosen here by the service's rule.
        self.fields["chamber"].queryset = (
            Organization.objects.unscoped().filter(pk__in=chamber_ids).order_by("path")
        )
        if len(enterprises) == 1:
            self.fields["enterprise"].initial = enterprises[0].pk


class DecisionForm(CleanForm):
    decision = forms.ChoiceField(label="审核结果", choices=[("approve", "通过"), ("reject", "驳回")])
    position = forms.ChoiceField(
        label="入会职务（通过时）", choices=Position.choices, initial=Position.MEMBER, required=False
    )
    reason = forms.CharField(
        label="审核意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, required=False
    )


RULE_FIELDS = [
    "figure_year",
    "high_tax_min",
    "high_employees_min",
    "medium_tax_min",
    "medium_employees_min",
    "excellent_min_tier",
    "excellent_include_deputies",
    "key_industries",
    "youth_age_limit",
    "reference_date",
]


class ClassificationRuleForm(CleanForm):
    def __init__(self, *args, instance: ClassificationRule, **kwargs):
        initial = model_to_dict(instance, fields=[f for f in RULE_FIELDS if f != "key_industries"])
        initial["key_industries"] = list(instance.key_industries.all()) if instance.pk else []
        super().__init__(*args, initial=initial, **kwargs)
        self.fields.update(
            _with_date_widgets(
                fields_for_model(ClassificationRule, fields=RULE_FIELDS, formfield_callback=bounded_formfield)
            )
        )
        self.fields["key_industries"] = use_picker(
            forms.ModelMultipleChoiceField(
                label="重点行业（门类或大类）", queryset=_industries(), required=False
            ),
            "industry",
        )


class OverrideForm(CleanForm):
    pool = forms.ChoiceField(label="人才库", choices=TalentPool.choices)
    action = forms.ChoiceField(label="操作", choices=[*OverrideAction.choices, ("clear", "撤销人工调整")])
    reason = forms.CharField(label="理由", max_length=200)


class DuesForm(CleanForm):
    year = forms.IntegerField(
        label="年度", min_value=1949, max_value=2100, widget=forms.NumberInput(_placeholder("会费年度"))
    )
    amount = forms.DecimalField(
        label="金额（元）",
        max_digits=12,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(_placeholder("会费金额（元）")),
    )
    paid_on = forms.DateField(label="缴纳日期", required=False, widget=DATE)


class LeaveForm(CleanForm):
    left_on = forms.DateField(label="退会日期", widget=DATE)
    reason = forms.CharField(label="退会原因", max_length=200)


class MemberFilterForm(FilterForm):
    q = forms.CharField(label="企业名称", max_length=100, required=False)
    chamber = forms.ModelChoiceField(
        label="商会", queryset=Organization.objects.none(), required=False, empty_label="全部商会"
    )
    position = forms.ChoiceField(label="职务", choices=[("", "全部职务"), *Position.choices], required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chamber"].queryset = _chambers_for_filter(actor)
