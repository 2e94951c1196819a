from django import forms

from shanglian.core.access import administered_orgs
from shanglian.core.forms import CleanForm
from shanglian.core.pickers import PickerSelect
from shanglian.governance.forms import (
    DateInput,
    PersonChoiceField,
    ScopedForm,
    visible_chambers,
)
from shanglian.orgs.models import Organization
from shanglian.party.models import PartyOrgKind, PartyRole, ShowcaseLevel
from shanglian.registry.models import Enterprise, Person


class PartyOrgForm(ScopedForm):
    name = forms.CharField(label="党组织名称", max_length=100, help_text="如：城阳街道商会党支部")
    kind = forms.ChoiceField(label="类型", choices=PartyOrgKind.choices)
    founded_on = forms.DateField(label="成立日期", widget=DateInput())
    unveiled_on = forms.DateField(label="揭牌日期", widget=DateInput(), required=False)
    secretary = PersonChoiceField(label="书记", queryset=Person.objects.none(), required=False)
    member_count = forms.IntegerField(label="党员人数", min_value=0, max_value=100000, initial=0)
    dissolved_on = forms.DateField(label="撤销日期", widget=DateInput(), required=False)


class PartyMemberForm(CleanForm):
    person = PersonChoiceField(label="人员", queryset=Person.objects.none())
    role = forms.ChoiceField(label="党内职务", choices=PartyRole.choices, initial=PartyRole.MEMBER)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        from shanglian.governance.forms import people_for

        self.fields["person"].queryset = people_for(actor)


class ShowcaseForm(CleanForm):
    federation = forms.ModelChoiceField(label="工商联", queryset=Organization.objects.none())
    name = forms.CharField(label="名称", max_length=100)
    level = forms.ChoiceField(label="级别", choices=ShowcaseLevel.choices)
    year = forms.IntegerField(label="命名年度", min_value=1949, max_value=2100)
    chamber = forms.ModelChoiceField(
        label="所在商会", queryset=Organization.objects.none(), required=False, help_text="商会层面的选商会"
    )
    enterprise = forms.ModelChoiceField(
        label="所在企业",
        queryset=Enterprise.objects.none(),
        required=False,
        help_text="会员企业层面的选企业",
        widget=PickerSelect("enterprise"),
    )
    description = forms.CharField(label="简介", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        feds = administered_orgs(actor).federations()
        self.fields["federation"].queryset = feds
        self.fields["chamber"].queryset = visible_chambers(actor)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(actor).order_by("name")
        first_two = list(feds[:2])  # one query to learn "just one federation", not COUNT then first()
        if len(first_two) == 1:
            self.fields["federation"].initial = first_two[0].pk
