"""Guidance forms. Choice fields get the user's scoped querysets in __init__(…, actor)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from shanglian.core.access import writable_orgs
from shanglian.core.forms import CleanForm
from shanglian.guidance.models import (
    ActivityKind,
    Campaign,
    CampaignKind,
    Channel,
    FacilityKind,
    ValuationBasis,
)
from shanglian.registry.models import Enterprise


def money(label: str, *, required: bool = False, **kw: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=Decimal(0), max_digits=16, decimal_places=2, **kw
    )


class OrgChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class EnterpriseChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.credit_code}）"


def writable_organizations(actor: Any) -> Any:
    return writable_orgs(actor).order_by("path")


class CampaignForm(CleanForm):
    organization = OrgChoiceField(label="组织单位", queryset=None, empty_label="请选择")
    name = forms.CharField(label="活动名称", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=CampaignKind.choices)
    regions = forms.CharField(
        label="受援地区", max_length=200, required=False, help_text="多个地区用顿号分隔"
    )
    recipients = forms.CharField(label="受援对象", max_length=200, required=False)
    start_on = forms.DateField(label="开始日期")
    end_on = forms.DateField(label="结束日期", required=False)
    goal_amount = money("目标金额（元）")
    description = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = writable_organizations(actor)  # type: ignore[attr-defined]


class DonationForm(CleanForm):
    """A gift of up to three donors (a joint gift gives each donor's share) with one line of goods."""

    campaign: forms.ModelChoiceField[Campaign] = forms.ModelChoiceField(
        label="捐赠活动", queryset=None, empty_label="请选择"
    )
    donated_on = forms.DateField(label="捐赠日期")
    donor = EnterpriseChoiceField(label="捐赠企业", queryset=None, empty_label="请选择")
    share = money("份额（元）", help_text="联合捐赠时填写各方份额，合计须等于捐赠总额")
    donor2 = EnterpriseChoiceField(label="联合捐赠企业二", queryset=None, required=False)
    share2 = money("份额二（元）")
    donor3 = EnterpriseChoiceField(label="联合捐赠企业三", queryset=None, required=False)
    share3 = money("份额三（元）")
    cash_amount = money("现金（元）")
    item_name = forms.CharField(label="捐赠物资", max_length=100, required=False)
    item_quantity = money("数量")
    item_unit = forms.CharField(label="单位", max_length=10, required=False)
    item_unit_value = money("单价（元）")
    item_basis = forms.ChoiceField(
        label="估值依据", choices=[("", "请选择"), *ValuationBasis.choices], required=False
    )
    recipient = forms.CharField(label="受赠方", max_length=100, required=False)
    channel = forms.ChoiceField(label="捐赠渠道", choices=Channel.choices)
    delivered_on = forms.DateField(label="交付日期", required=False, help_text="已到达的捐赠填写；留空为认捐")
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.visible_to(actor).order_by("-start_on", "-pk")  # type: ignore[attr-defined]
        enterprises = Enterprise.objects.visible_to(actor).order_by("name_pinyin", "pk")
        for name in ("donor", "donor2", "donor3"):
            self.fields[name].queryset = enterprises  # type: ignore[attr-defined]


class PledgeForm(DonationForm):
    """A pledge's edit: everything but the delivery."""

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        del self.fields["delivered_on"]
        del self.fields["campaign"]


class DeliverForm(CleanForm):
    delivered_on = forms.DateField(label="交付日期")


class ReceiptForm(CleanForm):
    number = forms.CharField(label="票据号码", max_length=50)
    issuer = forms.CharField(label="开票单位", max_length=100, initial="城阳区慈善总会")
    receipt_date = forms.DateField(label="开票日期")
    upload = forms.FileField(label="票据扫描件", required=False)


class CorrectionForm(CleanForm):
    cash_amount = money("更正后现金（元）", required=True)
    in_kind_amount = money("更正后物资折价（元）", required=True)
    reason = forms.CharField(label="更正原因", max_length=200)


class PurchaseForm(CleanForm):
    organization = OrgChoiceField(label="组织单位", queryset=None, empty_label="请选择")
    buyer = forms.CharField(label="采购方", max_length=100)
    supplier = forms.CharField(label="供货方", max_length=100)
    region = forms.CharField(label="地区", max_length=50)
    goods = forms.CharField(label="商品", max_length=200)
    amount = money("金额（元）", required=True)
    purchased_on = forms.DateField(label="采购日期")

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = writable_organizations(actor)  # type: ignore[attr-defined]


class FacilityForm(CleanForm):
    organization = OrgChoiceField(label="组织单位", queryset=None, empty_label="请选择")
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=FacilityKind.choices)
    place = forms.CharField(label="地点", max_length=200)
    region = forms.CharField(label="帮扶地区", max_length=50, required=False)
    opened_on = forms.DateField(label="启用日期")
    investment = money("投资（元）")
    partners = forms.CharField(label="合作单位", max_length=200, required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = writable_organizations(actor)  # type: ignore[attr-defined]


class TeamForm(CleanForm):
    organization = OrgChoiceField(label="组织单位", queryset=None, empty_label="请选择")
    name = forms.CharField(label="名称", max_length=100)
    founded_on = forms.DateField(label="成立日期")
    leader = forms.CharField(label="负责人", max_length=50, required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = writable_organizations(actor)  # type: ignore[attr-defined]


class ActivityForm(CleanForm):
    held_on = forms.DateField(label="活动日期")
    kind = forms.ChoiceField(label="类别", choices=ActivityKind.choices)
    title = forms.CharField(label="主题", max_length=100)
    families_reached = forms.IntegerField(label="走访户数", min_value=0, max_value=1_000_000, initial=0)
    people_reached = forms.IntegerField(label="服务人数", min_value=0, max_value=1_000_000, initial=0)
    items = forms.CharField(label="慰问物品", max_length=200, required=False)
    gift_value = money("物品价值（元）")
    volunteers = forms.IntegerField(label="参与志愿者", min_value=0, max_value=100_000, initial=0)
    hours = forms.DecimalField(
        label="服务时长（小时）", min_value=Decimal(0), max_digits=10, decimal_places=1, required=False
    )
    photo = forms.FileField(label="活动照片", required=False)
