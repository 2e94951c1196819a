"""Issue 11, defect 6 (pages and forms): a NUL byte in a query or a form and an integer beyond its
column are Chinese 400/validation errors, never a 500 (PostgreSQL refuses both)."""

from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.validation import bounded_formfield, decimal_bound, int_bounds
from shanglian.registry.models import ClassificationRule, Enterprise, EnterpriseYearFigure
from shanglian.registry.tests.helpers import credit_code, industry

pytestmark = pytest.mark.django_db

# The list pages that answered 500 to `?q=a%00b` on PostgreSQL before the fix, and others reading q.
NUL_PAGES = ["/accounts/users/", "/audit/", "/chambers/", "/registry/enterprises/", "/registry/people/"]


@pytest.mark.parametrize("url", NUL_PAGES)
def test_nul_in_query_is_a_chinese_400(world, login, url):
    response = login(world.admin).get(url, {"q": "a\x00b"})
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_nul_in_a_parameter_name_and_anonymous(world, client):
    assert client.get("/audit/?a%00=1").status_code == 400
    assert client.get("/audit/?q=ab").status_code == 302  # no NUL: the login redirect as before


def test_nul_in_a_posted_form_writes_nothing(world, login):
    url = reverse("registry:enterprise_edit", args=[world.enterprise.pk])
    before = AuditEntry.unscoped_objects.filter(action=AuditAction.UPDATE).count()
    response = login(world.admin).post(url, {"name": "坏\x00名", "credit_code": world.enterprise.credit_code})
    assert response.status_code == 400 and "空字符" in response.content.decode()
    assert Enterprise.objects.get(pk=world.enterprise.pk).name == world.enterprise.name
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.UPDATE).count() == before


def _enterprise_data(enterprise, **over):
    data = {
        "name": enterprise.name,
        "credit_code": enterprise.credit_code,
        "street": "城阳",
        "industry": industry("C34").pk,
        "scale": "small",
        "employees": "120",
    }
    data.update(over)
    return data


@pytest.mark.parametrize("employees", ["8361555697", "99999999999999999999", "2147483648"])
def test_employees_beyond_the_column_is_a_form_error(world, login, employees):
    url = reverse("registry:enterprise_edit", args=[world.enterprise.pk])
    response = login(world.admin).post(url, _enterprise_data(world.enterprise, employees=employees))
    assert response.status_code == 200
    assert "2147483647" in str(response.context["form"].errors["employees"])
    assert Enterprise.objects.get(pk=world.enterprise.pk).employees != int(employees)


def test_employees_at_the_column_limit_is_saved(world, login):
    url = reverse("registry:enterprise_edit", args=[world.enterprise.pk])
    response = login(world.admin).post(url, _enterprise_data(world.enterprise, employees="2147483647"))
    assert response.status_code == 302
    assert Enterprise.objects.get(pk=world.enterprise.pk).employees == 2147483647


def test_new_enterprise_with_huge_employees_is_not_created(world, login):
    data = _enterprise_data(world.enterprise, employees="99999999999999999999", credit_code=credit_code())
    data["name"] = "青岛巨数有限公司"
    response = login(world.admin).post(reverse("registry:enterprise_create"), data)
    assert response.status_code == 200 and "employees" in response.context["form"].errors
    assert not Enterprise.unscoped_objects.filter(name="青岛巨数有限公司").exists()


def test_rule_thresholds_beyond_the_column_are_form_errors(world, login):
    response = login(world.admin).post(
        reverse("registry:classification_rule"),
        {"figure_year": "99999999999999999999", "high_employees_min": "8361555697"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "figure_year" in errors and "high_employees_min" in errors


def test_bounds_come_from_the_model_field():
    assert int_bounds(Enterprise._meta.get_field("employees")) == (0, 2147483647)
    # the field's own validators narrow the column's range
    assert int_bounds(EnterpriseYearFigure._meta.get_field("year")) == (1949, 2100)
    assert int_bounds(ClassificationRule._meta.get_field("youth_age_limit"))[1] <= 32767
    assert decimal_bound(EnterpriseYearFigure._meta.get_field("revenue")) == Decimal("99999999999999.99")
    field = bounded_formfield(Enterprise._meta.get_field("employees"))
    assert isinstance(field, forms.IntegerField) and (field.min_value, field.max_value) == (0, 2147483647)
    name = bounded_formfield(Enterprise._meta.get_field("name"))
    assert isinstance(name, forms.CharField) and name.max_length == 200
