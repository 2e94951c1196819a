"""One text cleaner for forms, the API and imports (issue 11, defect 7): control characters, bidi
overrides and NUL are refused when typed and stripped when imported; zero-width characters go; NFKC
for single-line values."""

import inspect
import pkgutil
from importlib import import_module

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

import shanglian
from shanglian.audit.models import AuditEntry
from shanglian.core.forms import CleanForm
from shanglian.core.text import clean_input
from shanglian.excel.normalize import clean_text
from shanglian.registry.models import Enterprise
from shanglian.registry.tests.test_enterprise_edit import _data

UNSAFE = ["\x07", "\x1b", "\x7f", "\x00", "\x85", "\u202e", "\u202a", "\u2066", "\u2069"]


@pytest.mark.parametrize("char", UNSAFE)
def test_typed_unsafe_characters_are_refused(char):
    with pytest.raises(ValidationError) as exc:
        clean_input(f"青岛{char}科技")
    assert "不能包含" in exc.value.messages[0]


def test_typed_text_is_normalised():
    assert clean_input("青岛\u200bＡＢＣ１２３科技") == "青岛ABC123科技"
    # free text keeps full-width punctuation and line breaks
    assert clean_input("第一行，\n第二行：", multiline=True) == "第一行，\n第二行："
    assert clean_input("tab\tand\r\nbreaks", multiline=True) == "tab\tand\r\nbreaks"


@pytest.mark.parametrize("char", UNSAFE)
def test_imported_unsafe_characters_are_stripped(char):
    assert clean_text(f" 青岛{char}科技\u200d有限公司 ") == "青岛科技有限公司"
    assert clean_text(f"ABC{char}D") == "ABCD"  # the ASCII fast path too


def _project_forms():
    for module in pkgutil.walk_packages(shanglian.__path__, "shanglian."):
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        try:
            mod = import_module(module.name)
        except ImportError:
            continue
        for _, obj in inspect.getmembers(mod, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__ == mod.__name__:
                yield obj


def test_every_project_form_uses_the_cleaner():
    found = list(_project_forms())
    assert len(found) > 20
    plain = sorted(f"{f.__module__}.{f.__name__}" for f in found if not issubclass(f, CleanForm))
    assert plain == [], "derive these forms from shanglian.core.forms.CleanForm"


@pytest.mark.django_db
@pytest.mark.parametrize("char", ["\x07", "\x1b", "\u202e", "\u2067"])
def test_form_refuses_unsafe_name(world, login, char):
    before = Enterprise.unscoped_objects.count()
    response = login(world.admin).post(
        reverse("registry:enterprise_create"), _data(name=f"青岛{char}新有限公司")
    )
    assert response.status_code == 200
    assert "不能包含" in response.content.decode()
    assert Enterprise.unscoped_objects.count() == before
    assert not AuditEntry.unscoped_objects.filter(object_type="registry.enterprise").exists()


@pytest.mark.django_db
def test_form_normalises_name(world, login):
    response = login(world.admin).post(
        reverse("registry:enterprise_create"), _data(name="青岛\u200bＸＹＺ新登记有限公司")
    )
    assert response.status_code == 302
    assert Enterprise.unscoped_objects.filter(name="青岛XYZ新登记有限公司").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("char", ["\x07", "\x00", "\x7f", "\u202e", "\u2066"])
def test_api_refuses_unsafe_name(world, login, char):
    url = f"/api/v1/registry/enterprises/{world.enterprise.pk}"
    response = login(world.admin).patch(
        url, {"name": f"青岛{char}改名有限公司"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "不能包含" in response.json()["message"]
    world.enterprise.refresh_from_db()
    assert "改名" not in world.enterprise.name


@pytest.mark.django_db
def test_api_removes_zero_width(world, login):
    url = f"/api/v1/registry/enterprises/{world.enterprise.pk}"
    response = login(world.admin).patch(
        url, {"name": "青岛\u200b改名有限公司"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    world.enterprise.refresh_from_db()
    assert world.enterprise.name == "青岛改名有限公司"
