from django import forms
from django.template import Context, Template

from shanglian.orgs.models import Organization


class _EditForm(forms.Form):
    chamber = forms.ModelChoiceField(label="商会", queryset=Organization.objects.none(), required=False)
    kind = forms.ChoiceField(label="类型", choices=[("", "---------"), ("a", "甲")], required=False)


class _ListFilterForm(_EditForm):
    pass


def _render(form):
    return Template("{% load shanglian %}{{ form.chamber|styled }}{{ form.kind|styled }}").render(
        Context({"form": form})
    )


def test_select_placeholder_is_chinese_on_edit_forms():
    html = _render(_EditForm())
    assert "---------" not in html
    assert html.count(">请选择</option>") == 2


def test_select_placeholder_says_all_on_filter_forms_also_when_invalid():
    html = _render(_ListFilterForm(data={"kind": "zzz"}))
    assert "---------" not in html
    assert "全部商会" in html and "全部类型" in html and "is-invalid" in html


class _TagsForm(forms.Form):
    tags = forms.MultipleChoiceField(
        label="标签", choices=[("a", "高新技术企业"), ("b", "专精特新")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="同意", required=False)


def test_form_fields_render_a_checkbox_group_once_per_option():
    html = Template('{% include "partials/form_fields.html" %}').render(Context({"form": _TagsForm()}))
    assert html.count("高新技术企业") == 1 and html.count("专精特新") == 1
    assert html.count('type="checkbox"') == 3 and html.count("form-check-input") == 3
    assert '<label class="form-check"><div' not in html
