"""The roster import's one schema (registry/imports/roster_schema.py): the template, the parser, the writers
and the error report derive from it, so a master-data column is declared there and in the model only."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse

from shanglian.excel.models import ImportJob, ImportStatus
from shanglian.registry.imports import roster, roster_schema, roster_writing
from shanglian.registry.models import Enterprise
from shanglian.registry.tests.test_roster_import import code, industries_and_tags, upload  # noqa: F401

pytestmark = pytest.mark.django_db
IMPORTS = Path(roster.__file__).parent


def test_master_fields_and_their_types_come_from_the_schema_and_the_model():
    assert tuple(c.field for c in roster_schema.SCHEMA if c.field) == roster.FIELDS
    types = dict(roster_schema.db_types(connection))
    assert set(types) == set(roster.FIELDS)
    assert types["registered_address"] == Enterprise._meta.get_field("registered_address").db_type(connection)
    assert [c for c, _ in roster_writing.temp_columns()] == list(roster.SPOOL_KEYS)


def test_a_column_declared_only_in_the_schema_is_parsed_written_and_reported():
    """registered_address goes the way a new column would: no roster module but the schema names it."""
    naming = [
        path.name
        for path in IMPORTS.glob("*.py")
        if path.name != "roster_schema.py" and re.search(r"\bregistered_address\b", path.read_text())
    ]
    assert naming == []


def test_the_generic_column_lands_in_the_registry_and_its_errors_in_the_report(world, login):
    client = login(world.admin)
    header = ["统一社会信用代码", "企业名称", "注册地址"]
    upload(client, world.fed, [[code(0), "青岛模式甲有限公司", "  城阳区　正阳路１号 "]], header=header)
    job = ImportJob.objects.visible_to(world.admin).order_by("-pk").first()
    assert job.status == ImportStatus.READY, job.message
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    assert Enterprise.unscoped_objects.get(credit_code=code(0)).registered_address == "城阳区 正阳路1号"

    upload(client, world.fed, [[code(1), "青岛模式乙有限公司", "长" * 201]], header=header)
    job = ImportJob.objects.visible_to(world.admin).order_by("-pk").first()
    assert job.status == ImportStatus.INVALID
    report = openpyxl.load_workbook(io.BytesIO(job.error_report.read()))["错误明细"]
    assert [c.value for c in report[2]][1:] == ["注册地址", "长" * 201, "不能超过 200 个字"]


def test_the_template_is_the_schema(world, login):
    client = login(world.admin)
    response = client.get(reverse("roster_import:template") + f"?target={world.fed.pk}")
    headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(response.content)).active[1]]
    schema = [("*" if c.required else "") + c.header for c in roster_schema.SCHEMA]
    assert headers[: len(schema)] == schema
