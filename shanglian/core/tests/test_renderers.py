"""The Python select renderer gives the markup Django's templates give (less blank lines), faster."""

import re
import time

from django import forms
from django.forms.renderers import DjangoTemplates

from shanglian.core.renderers import FastSelectRenderer

CHOICES = [
    ("", "全部"),
    ("a&b", "甲 & <乙>"),
    ("组", [("1", "一"), ("2", "二")]),
    *[(str(i), f"选项{i}") for i in range(3, 200)],
]


class Filter(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    flagged = forms.ChoiceField(
        choices=CHOICES, widget=forms.Select(attrs={"data-x": 'q"t', "disabled": True})
    )


def _render(renderer, name):
    form = Filter(data={"one": "a&b", "many": ["1", "7"], "flagged": "2"}, renderer=renderer)
    return form[name].as_widget(attrs={"class": "form-select"})


def _squeeze(html):
    return re.sub(r"\n\s*\n", "\n", str(html))


def test_same_markup_as_djangos_templates():
    for name in ("one", "many", "flagged"):
        ours, django = _render(FastSelectRenderer(), name), _render(DjangoTemplates(), name)
        assert _squeeze(ours) == _squeeze(django), name
    assert "&lt;乙&gt;" in _render(FastSelectRenderer(), "one")
    assert 'value="a&amp;b" selected' in _render(FastSelectRenderer(), "one")


def test_faster_than_one_include_per_option():
    def cost(renderer):
        field = Filter(data={"one": "7"}, renderer=renderer)["one"]
        field.as_widget()
        started = time.process_time()
        for _ in range(10):
            field.as_widget()
        return time.process_time() - started

    assert cost(FastSelectRenderer()) * 3 < cost(DjangoTemplates())
