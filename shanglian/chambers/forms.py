from django import forms

from shanglian.chambers.models import (
    Cause,
    ChamberState,
    Grade,
    RatingLevel,
    RatingScheme,
    RegistrationStatus,
)
from shanglian.chambers.services import ALLOWED
from shanglian.core.forms import CleanForm
from shanglian.orgs.models import ChamberKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, required=True, **kw):
    return forms.DateField(label=label, required=required, widget=DateInput(), **kw)


class RegistrationForm(CleanForm):
    registration_status = forms.ChoiceField(label="民政登记状态", choices=RegistrationStatus.choices)
    registration_number = forms.CharField(label="登记证号", max_length=50, required=False)
    registered_on = date_field("登记日期", required=False)
    deregistered_on = date_field("注销日期", required=False)
    credit_code = forms.CharField(
        label="统一社会信用代码", max_length=18, required=False, help_text="社会组织的代码以 5 开头，共 18 位"
    )
    supervisor = forms.CharField(label="业务主管单位", max_length=100, required=False)
    address = forms.CharField(label="住所", max_length=200, required=False)

    def __init__(self, *args, may_deregister: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("registration_status")
        if not may_deregister and current != RegistrationStatus.DEREGISTERED:
            # 注销 comes through the transition request (services.check_deregistration), not this form
            self.fields["registration_status"].choices = [
                (v, label) for v, label in RegistrationStatus.choices if v != RegistrationStatus.DEREGISTERED
            ]
            self.fields["registration_status"].help_text = "注销请通过“申请变更状态（清理（注销））”办理。"


class CharterForm(CleanForm):
    title = forms.CharField(label="标题", max_length=100, initial="商会章程")
    file = forms.FileField(label="章程文件", help_text="PDF、Word 或图片，不超过 20 MB")
    effective_on = date_field("生效日期")
    note = forms.CharField(label="说明", max_length=200, required=False)


class TransitionForm(CleanForm):
    to_state = forms.ChoiceField(label="变更为", choices=ChamberState.choices)
    cause = forms.ChoiceField(label="原因类别", choices=Cause.choices, required=False)
    reason = forms.CharField(label="事由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    effective_on = date_field("生效日期")

    def __init__(self, *args, current_state=ChamberState.NORMAL, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ALLOWED.get(current_state, set())
        self.fields["to_state"].choices = [(v, label) for v, label in ChamberState.choices if v in allowed]


class RejectForm(CleanForm):
    note = forms.CharField(label="审批意见", max_length=500, required=False)


class FlagIrregularForm(CleanForm):
    defects = forms.CharField(
        label="发现的不规范问题", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    flagged_on = date_field("发现日期", required=False)


class CaseForm(CleanForm):
    defects = forms.CharField(label="存在问题", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    measures = forms.CharField(
        label="整改措施", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    deadline = date_field("整改期限")
    responsible_person = forms.CharField(label="责任人", max_length=50, required=False)


class CloseCaseForm(CleanForm):
    result = forms.CharField(label="整改结果", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    closed_on = date_field("验收日期")


class FoundChamberForm(CleanForm):
    name = forms.CharField(label="商会名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=50, required=False)
    chamber_kind = forms.ChoiceField(label="商会类型", choices=ChamberKind.choices)
    street = forms.CharField(label="所属街道", max_length=50, required=False)
    reason = forms.CharField(label="筹建事由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    effective_on = date_field("筹建日期")


class RatingApplyForm(CleanForm):
    scheme = forms.ChoiceField(label="评级类型", choices=RatingScheme.choices)
    level = forms.ChoiceField(label="四好商会级别", choices=[("", "—")] + RatingLevel.choices, required=False)
    grade = forms.ChoiceField(label="民政评估等级", choices=[("", "—")] + Grade.choices, required=False)
    applied_on = date_field("申报日期")
    note = forms.CharField(
        label="申报说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )


class RatingDecideForm(CleanForm):
    decision = forms.ChoiceField(label="审批结果", choices=[("grant", "认定"), ("reject", "不予认定")])
    granted_on = date_field("认定日期", required=False)
    valid_from = date_field("有效期自", required=False)
    valid_until = date_field("有效期至", required=False)
    certificate = forms.FileField(label="证书文件", required=False, help_text="PDF 或图片，不超过 20 MB")
    note = forms.CharField(label="审批意见", max_length=500, required=False)


class IndicatorForm(CleanForm):
    scheme = forms.ChoiceField(label="评级类型", choices=RatingScheme.choices)
    name = forms.CharField(label="指标", max_length=100)
    max_score = forms.DecimalField(label="满分", max_digits=6, decimal_places=1)
    order = forms.IntegerField(label="排序", min_value=0, max_value=999, initial=10)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)


class PolicyForm(CleanForm):
    dormant_months = forms.IntegerField(label="僵尸商会判定：连续无活动月数", min_value=1, max_value=120)
    deadline_warning_days = forms.IntegerField(label="整改期限提前提醒天数", min_value=0, max_value=365)


class PeriodForm(CleanForm):
    start = date_field("起始日期", required=False)
    end = date_field("截止日期", required=False)
