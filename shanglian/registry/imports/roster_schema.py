"""The roster import's ONE schema: every column of the file, with the enterprise field it writes.

The template (headers, dropdowns, example row, notes), the reader (header matching, required columns), the
row parser's keys, the master fields compared with the registry and written (`MASTER_FIELDS`: the spool,
the streamed COPY, the temp table's column types — taken from the model —, the UPDATE … WHERE changed,
the ORM writer) and the error report's column names all derive from it.

Adding a master-data column is two edits: the model field (and its migration), and one `Column` here with
`field=` (the attname) and `parse=` (cell → value, ValueError with a Chinese reason). For example, were
`Enterprise.website = models.CharField("网址", max_length=200, blank=True)` added:

    Column("website", "网址", False, ("官网",), width=24, example="https://example.com",
           field="website", parse=clean_text),

Nothing else changes: `parse_row` runs `parse` for every schema column it has no hand-written path for
and checks the model field's max_length; the writers take the field from MASTER_FIELDS. `registered_address`
below takes exactly that path (test_roster_import_schema proves no other module names it).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import models

from shanglian.excel.normalize import clean_text
from shanglian.excel.reading import Column
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.models import Enterprise

SCHEMA: tuple[Column, ...] = (
    Column("credit_code", "统一社会信用代码", True, ("信用代码", "社会信用代码"), width=22,
           example="91370214MA3C000004", note="18 位，系统会校验校验位"),
    Column("name", "企业名称", True, ("单位名称", "会员单位", "企业全称"), width=30,
           example="（示例）青岛某某科技有限公司", field="name"),
    Column("legal_representative", "法定代表人", False, ("法人", "法人代表"), width=12, example="张三",
           field="legal_representative"),
    Column("registered_address", "注册地址", False, ("地址", "企业地址"), width=30,
           example="青岛市城阳区正阳路 1 号", field="registered_address", parse=clean_text),
    Column("street", "所属街道", False, ("街道",), width=12, example="城阳街道", field="street"),
    Column("phone", "联系电话", False, ("电话", "手机", "联系方式"), width=16, example="13800000000",
           field="phone"),
    Column("industry", "所属行业", False, ("行业", "行业分类"), width=28, example="C34 通用设备制造业",
           note="国民经济行业分类（GB/T 4754）大类，可只填代码如 C34", field="industry_id"),
    Column("scale", "企业规模", False, ("规模",), width=10, example="小型", field="scale"),
    Column("founded_on", "成立日期", False, ("成立时间", "注册日期"), width=12,
           example=datetime.date(2015, 6, 1), field="founded_on"),
    Column("employees", "员工数", False, ("从业人数", "职工人数", "员工人数"), width=10, example=45,
           field="employees"),
    Column("tags", "标签", False, ("企业标签",), width=24, example="高新技术企业、专精特新"),
    Column("year", "年度", False, ("统计年度",), width=8, example=2025, note="下列三项金额所属年度"),
    Column("revenue", "营业收入(万元)", False, ("营业收入", "营收"), width=14, example=1200),
    Column("tax", "纳税额(万元)", False, ("纳税额", "纳税", "税收"), width=14, example=85.5),
    Column("rd_spend", "研发投入(万元)", False, ("研发投入", "研发费用"), width=14, example=60),
)  # fmt: skip

# Master-data fields compared and written, in schema order (the spool's order after credit_code).
MASTER_FIELDS: tuple[str, ...] = tuple(c.field for c in SCHEMA if c.field)
# Columns the row parser has no hand-written path for: (key, field, parse, max_length of the model field).
GENERIC: tuple[tuple[str, str, Callable[[Any], Any], int | None], ...] = tuple(
    (c.key, c.field, c.parse, getattr(Enterprise._meta.get_field(c.field), "max_length", None))
    for c in SCHEMA
    if c.field and c.parse is not None
)


def model_field(attname: str) -> models.Field[Any, Any]:
    return next(f for f in Enterprise._meta.concrete_fields if f.attname == attname)


# Text fields store blank as "" (never NULL): what a new row gets for an empty cell.
TEXT_FIELDS: frozenset[str] = frozenset(
    f for f in MASTER_FIELDS if isinstance(model_field(f), models.CharField | models.TextField)
)


def db_types(connection: Any) -> list[tuple[str, str]]:
    """(field, column type) of the master fields, from the model: the import's temp table mirrors them."""
    return [(f, str(model_field(f).db_type(connection))) for f in MASTER_FIELDS]


# The spool's record layout (pass 1 → pass 2): what the temp table and both writers read.
SPOOL_KEYS = (
    "row",
    "enterprise_id",
    "credit_code",
    *MASTER_FIELDS,
    "name_pinyin",
    "name_initials",
    "tag_ids",
    "year",
    "revenue",
    "tax",
    "rd_spend",
    "membership",  # None, "join" (new membership of chamber_id) or "position" (position changed)
    "position",
    "joined_on",
    "chamber_id",  # the chamber of the row: a secretary's chamber, or 所属商会 in a federation's file
)


@dataclass
class Target:
    """Where an import lands: the federation that owns enterprises and, for a chamber, the chamber."""

    organization: Organization

    @cached_property
    def chamber(self) -> Organization | None:
        return self.organization if self.organization.kind == OrgKind.CHAMBER else None

    @cached_property
    def federation(self) -> Organization:
        if self.chamber is None:
            return self.organization
        steps = self.organization.steplen
        paths = [self.organization.path[:i] for i in range(steps, len(self.organization.path), steps)]
        federations = Organization.objects.unscoped().filter(path__in=paths, kind=OrgKind.FEDERATION)
        federation: Organization | None = federations.order_by("-depth").first()
        if federation is None:
            raise LookupError(f"no federation above chamber {self.organization.pk}")
        return federation
