from django import forms

from shanglian.core.forms import CleanForm
from shanglian.orgs.models import ChamberKind, OrgKind


class OrganizationForm(CleanForm):
    name = forms.CharField(label="名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=50, required=False)
    kind = forms.ChoiceField(label="类型", choices=OrgKind.choices)
    chamber_kind = forms.ChoiceField(
        label="商会类型", choices=[("", "—")] + ChamberKind.choices, required=False
    )
    street = forms.CharField(label="所属街道", max_length=50, required=False)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)
