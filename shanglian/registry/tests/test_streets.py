"""Streets: one code table (orgs/streets.py) for the import template, the form and the filter; "城阳街道"
and "城阳" are the same street, and an imported enterprise is found by the street filter."""

import io
from importlib import import_module

import openpyxl
import pytest
from django.apps import apps
from django.urls import reverse

from shanglian.excel.models import ImportJob, ImportStatus
from shanglian.orgs import streets
from shanglian.registry import services
from shanglian.registry.factories import EnterpriseFactory
from shanglian.registry.models import Enterprise
from shanglian.registry.tests.test_enterprise_edit import _data
from shanglian.registry.tests.test_roster_import import (  # noqa: F401
    HEADER,
    code,
    good_rows,
    industries_and_tags,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed", ["城阳", "城阳街道", "城阳街道办事处", " 城阳 街道", "青岛市城阳区城阳街道", "城阳街办"]
)
def test_the_same_street_however_typed(typed):
    assert streets.parse_street(typed) == "城阳"


def test_an_unknown_street_is_refused_in_chinese():
    with pytest.raises(ValueError, match="不在街道代码表中"):
        streets.parse_street("火星街道")
    assert streets.parse_street("") == ""


def test_an_imported_enterprise_is_found_by_the_street_filter(world, login):
    client = login(world.admin)
    rows = good_rows(2)
    rows[0][3], rows[1][3] = "夏庄街道", "流亭街道办事处"
    upload(client, world.fed, rows)
    job = ImportJob.objects.visible_to(world.admin).order_by("-pk").first()
    assert job.status == ImportStatus.READY, job.message
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    assert Enterprise.unscoped_objects.get(credit_code=code(0)).street == "夏庄"
    page = client.get(reverse("registry:enterprise_list") + "?street=夏庄").content.decode()
    assert "青岛导入0号科技有限公司" in page and "青岛导入1号科技有限公司" not in page
    # the filter offers the code table's streets, by their full name
    assert ">夏庄街道</option>" in page and '<option value="河套">河套街道</option>' in page


def test_the_import_refuses_an_unknown_street_and_the_template_offers_the_table(world, login):
    client = login(world.admin)
    rows = good_rows(1)
    rows[0][3] = "火星街道"
    upload(client, world.fed, rows)
    job = ImportJob.objects.visible_to(world.admin).order_by("-pk").first()
    assert job.status == ImportStatus.INVALID
    assert any("街道代码表" in e["reason"] for e in job.preview["errors"])
    template = client.get(reverse("roster_import:template") + f"?target={world.fed.pk}")
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    assert any("城阳街道" in str(c.value) for row in book["选项"].iter_rows() for c in row) or any(
        "城阳街道" in str(v.formula1) for v in book.active.data_validations.dataValidation
    )


def test_the_form_offers_the_table_and_normalises(world, login):
    client = login(world.admin)
    form = client.get(reverse("registry:enterprise_create")).content.decode()
    assert '<option value="城阳">城阳街道</option>' in form
    response = client.post(reverse("registry:enterprise_create"), _data(street="火星"))
    assert response.status_code == 200 and "火星" not in "".join(
        Enterprise.unscoped_objects.values_list("street", flat=True)
    )
    e = services.update_enterprise(
        actor=world.admin, enterprise=world.enterprise, data={"street": "夏庄街道"}
    )
    assert e.street == "夏庄"


def test_the_data_migration_normalises_stored_streets(world):
    a = EnterpriseFactory(federation=world.fed, street="城阳街道")
    b = EnterpriseFactory(federation=world.fed, street="夏庄街道办事处")
    c = EnterpriseFactory(federation=world.fed, street="某某村")
    import_module("shanglian.registry.migrations.0017_normalise_streets").normalise(apps, None)
    got = dict(Enterprise.unscoped_objects.filter(pk__in=[a.pk, b.pk, c.pk]).values_list("pk", "street"))
    assert got == {a.pk: "城阳", b.pk: "夏庄", c.pk: "某某村"}
