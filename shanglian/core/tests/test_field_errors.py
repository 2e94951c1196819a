"""Field errors: each invalid field shows its own message, and the banner names the fields to fix."""

from django import forms
from django.template import Context, Template

from shanglian.core.forms import CleanForm, PhoneField


class _ContactForm(CleanForm):
    name = forms.CharField(label="姓名")
    phone = PhoneField(label="联系电话")
    note = forms.CharField(label="备注", required=False)

    def clean(self):
        data = super().clean() or {}
        if data.get("name") == "张三" and not data.get("note"):
            raise forms.ValidationError("张三须填写备注。")
        return data


def _render(form):
    return Template('{% include "partials/form_fields.html" %}').render(Context({"form": form}))


def test_valid_form_has_no_banner():
    html = _render(_ContactForm(data={"name": "李四", "phone": "13800138000"}))
    assert "form-errors" not in html


def test_a_field_error_shows_on_the_field_and_in_the_banner():
    form = _ContactForm(data={"name": "", "phone": "abc"})
    html = _render(form)
    banner = html.split('<div class="form-errors-fields">', 1)[1].split("</div>", 1)[0]
    assert "请修正标红的 2 项" in banner
    assert 'href="#id_name">姓名</a>' in banner and 'href="#id_phone">联系电话</a>' in banner
    assert "备注" not in banner
    # ... and under the field itself, with the field outlined
    field_part = html.split('for="id_phone"', 1)[1].split('class="mb-3"', 1)[0]
    assert "is-invalid" in field_part and "field-errors" in field_part


def test_a_form_wide_error_shows_in_the_banner_only():
    html = _render(_ContactForm(data={"name": "张三", "phone": "13800138000"}))
    assert "张三须填写备注。" in html
    assert "form-errors-fields" not in html
