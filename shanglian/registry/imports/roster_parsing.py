"""Cells of a roster row to clean values (pass 1 of `roster`): `parse_row` and the lookups it needs
(industries, tags, the federation's chambers). No writes; the registry is read once per import."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shanglian.core.phones import MOBILE_RE
from shanglian.excel.normalize import (
    FORMULA_STARTS,
    choice_parser,
    clean_text,
    forbidden_cells,
    parse_amount,
    parse_date,
    parse_int,
    parse_phone,
    split_list,
)
from shanglian.orgs.models import OrgKind
from shanglian.orgs.streets import parse_street
from shanglian.registry.codes import check_credit_code
from shanglian.registry.imports.roster_schema import GENERIC
from shanglian.registry.models import EnterpriseScale, Industry, Position, Tag

if TYPE_CHECKING:
    from shanglian.orgs.models import Organization
    from shanglian.registry.imports.roster_schema import Target

# (column key, raw cell, Chinese reason) of a bad cell.
CellError = tuple[str, Any, str]
Parse = Callable[[Any], Any]

WAN = Decimal(10_000)
SCALE_CHOICES = tuple(EnterpriseScale.choices)
POSITION_CHOICES = tuple(Position.choices)


def chambers_of(federation: Organization) -> list[tuple[int, str]]:
    """(id, name) of the active chambers whose nearest federation is `federation`, in tree order."""
    from shanglian.orgs.models import Organization

    under = Organization.objects.unscoped().filter(
        path__startswith=federation.path, depth__gt=federation.depth
    )
    inner = [p for p in under.filter(kind=OrgKind.FEDERATION).values_list("path", flat=True)]
    return [
        (pk, name)
        for pk, name, path in under.filter(kind=OrgKind.CHAMBER, is_active=True).values_list(
            "pk", "name", "path"
        )
        if not path.startswith(tuple(inner))
    ]


class _Lookups:
    def __init__(self, target: Target | None = None) -> None:
        self.industries: dict[str, int] = {}
        for pk, code, name in Industry.objects.values_list("pk", "code", "name"):
            self.industries[code.upper()] = pk
            self.industries[name] = pk
            self.industries[f"{code.upper()} {name}"] = pk
        self.tags: dict[str, int] = {}
        for pk, code, name in Tag.objects.values_list("pk", "code", "name"):
            self.tags[name] = pk
            self.tags[code.lower()] = pk
        self.tag_names = "、".join(Tag.objects.values_list("name", flat=True))
        self.industry = _memoized(self._industry)
        self.chamber = _memoized(self._chamber)
        self.own_chamber: Organization | None = None
        self.chambers: dict[str, int] | None = None
        if target is not None and target.chamber is not None:
            self.own_chamber = target.chamber
        elif target is not None:
            self.chambers = {}
            for pk, name in chambers_of(target.federation):
                self.chambers.setdefault(clean_text(name), pk)
            self.chamber_names = "、".join(self.chambers)

    def _chamber(self, value: Any) -> int | None:
        """所属商会 → chamber id. A secretary's file may only name their own chamber (or leave it blank)."""
        text = clean_text(value)
        if not text:
            return None
        if self.own_chamber is not None:
            if text == clean_text(self.own_chamber.name):
                return int(self.own_chamber.pk)
            raise ValueError(f"只能导入到本商会：所属商会请填写“{self.own_chamber.name}”或留空")
        if self.chambers is None or text not in self.chambers:
            raise ValueError(f"商会“{text}”不存在（可选：{self.chamber_names if self.chambers else '无'}）")
        return self.chambers[text]

    def _industry(self, value: Any) -> int | None:
        text = clean_text(value)
        if not text:
            return None
        industries = self.industries
        for candidate in (text.upper(), text, text.split(" ")[0].upper()):
            if candidate in industries:
                return industries[candidate]
        raise ValueError(f"行业“{text}”不在国民经济行业分类中（请填写如 C34 或从下拉列表选择）")


def _field(raw: dict[str, Any], key: str, parse: Parse, errors: list[CellError]) -> Any:
    """parse(raw[key]); None for an absent column or an empty cell; a ValueError becomes an error of the row."""
    value = raw.get(key)
    if value.__class__ is str:
        if not value:
            return None
    elif value is None:
        return None
    try:
        return parse(value)
    except ValueError as exc:
        errors.append((key, value, str(exc)))
        return None


_MISSING = object()


def _memoized(parse: Parse, limit: int = 10_000) -> Parse:
    """parse() with its results for text cells remembered: for columns with few distinct values (industry,
    scale, street, position), where most cells repeat an earlier one. Failures are not remembered."""
    cache: dict[str, Any] = {}

    def memo(value: Any) -> Any:
        if value.__class__ is not str:
            return parse(value)
        result = cache.get(value, _MISSING)
        if result is _MISSING:
            result = parse(value)
            if len(cache) < limit:
                cache[value] = result
        return result

    return memo


_scale = _memoized(choice_parser(SCALE_CHOICES))
_position = _memoized(choice_parser(POSITION_CHOICES))
_street = _memoized(parse_street)


def _year(value: Any) -> int | None:
    return parse_int(value, minimum=1949)


def _amount_wan(value: Any) -> Decimal | None:
    return parse_amount(value, unit=WAN, places=6)


def parse_row(
    raw: dict[str, Any], lookups: _Lookups, chamber_import: bool, today: datetime.date
) -> tuple[dict[str, Any], list[CellError]]:
    """→ (clean dict, [(column key, raw, reason)]). Runs once per row of a file: no closures, cheap paths for
    the cell types python-calamine returns (str, float, date)."""
    # Control and bidi characters, NUL (issue 11 defects 6 and 7): refused in any text cell.
    errors: list[CellError] = forbidden_cells(raw)
    code: Any = raw.get("credit_code")
    if not (code.__class__ is str and len(code) == 18 and code.isascii() and code.isalnum()):
        code = clean_text(code).replace(" ", "").replace("-", "")  # else as typed: nothing to clean
    code = code.upper()
    if not code:
        errors.append(("credit_code", "", "统一社会信用代码不能为空"))
    else:
        try:
            code = check_credit_code(code)
        except ValueError as exc:
            errors.append(("credit_code", raw.get("credit_code"), str(exc)))
    name = clean_text(raw.get("name"))
    if not name:
        errors.append(("name", "", "企业名称不能为空"))
    elif name[0] in FORMULA_STARTS:
        errors.append(("name", name, "企业名称不能以 = + - @ 开头（疑似公式），请检查后重新填写"))
    legal = clean_text(raw.get("legal_representative")) or None  # clean_text never fails
    street = _field(raw, "street", _street, errors) or None
    phone: Any = raw.get("phone")
    if not (phone.__class__ is str and MOBILE_RE.fullmatch(phone)):
        phone = _field(raw, "phone", parse_phone, errors) or None  # else a compact mobile number
    if len(name) > 200:
        errors.append(("name", name, "不能超过 200 个字"))
    if legal and len(legal) > 50:
        errors.append(("legal_representative", legal, "不能超过 50 个字"))
    if street and len(street) > 50:
        errors.append(("street", street, "不能超过 50 个字"))
    if phone and len(phone) > 20:
        errors.append(("phone", phone, "不能超过 20 位"))
    industry_id = _field(raw, "industry", lookups.industry, errors)
    scale = _field(raw, "scale", _scale, errors) or None
    founded: Any = raw.get("founded_on")
    if founded.__class__ is not datetime.date:  # a date cell needs no parsing
        founded = _field(raw, "founded_on", parse_date, errors)
    if founded and founded > today:
        errors.append(("founded_on", raw.get("founded_on"), "成立日期不能晚于今天"))
    employees: Any = raw.get("employees")
    if employees.__class__ is float and employees.is_integer() and employees >= 0:  # a number cell
        employees = int(employees)
    else:
        employees = _field(raw, "employees", parse_int, errors)
    if employees is not None and employees > 2_000_000_000:
        errors.append(("employees", raw.get("employees"), "员工数过大"))
    tags = None
    if "tags" in raw and clean_text(raw["tags"]):
        tags = []
        for tag_name in split_list(raw["tags"]):
            pk = lookups.tags.get(tag_name) or lookups.tags.get(tag_name.lower())
            if pk is None:
                errors.append(("tags", tag_name, f"标签“{tag_name}”不存在（可选：{lookups.tag_names}）"))
            elif pk not in tags:
                tags.append(pk)
        tags = sorted(tags)
    year = revenue = tax = rd_spend = None
    if "year" in raw or "revenue" in raw or "tax" in raw or "rd_spend" in raw:
        year = _field(raw, "year", _year, errors)
        if year is not None and year > today.year:
            errors.append(("year", raw.get("year"), "年度不能晚于今年"))
        amounts = {}
        for key in ("revenue", "tax", "rd_spend"):
            value = _field(raw, key, _amount_wan, errors)
            if value is not None:
                amounts[key] = (value * WAN).quantize(Decimal("0.01"))
                if abs(amounts[key]) >= Decimal("1e14"):
                    errors.append((key, raw.get(key), "金额过大"))
        if amounts and year is None:
            errors.append(("year", raw.get("year", ""), "填写了营业收入、纳税额或研发投入，但没有填写年度"))
        if not amounts:
            year = None
        revenue, tax, rd_spend = (amounts.get(k) for k in ("revenue", "tax", "rd_spend"))
    position = joined = chamber_id = None
    if chamber_import or "chamber" in raw or "position" in raw or "joined_on" in raw:
        position = _field(raw, "position", _position, errors) or None
        joined = _field(raw, "joined_on", parse_date, errors)
        if joined and joined > today:
            errors.append(("joined_on", raw.get("joined_on"), "入会日期不能晚于今天"))
        chamber_id = _field(raw, "chamber", lookups.chamber, errors)
        if chamber_import and lookups.own_chamber is not None:  # a secretary's file: always their chamber
            chamber_id = lookups.own_chamber.pk
        elif chamber_id is None and (position or joined) and not any(k == "chamber" for k, *_ in errors):
            errors.append(("chamber", "", "填写了会内职务或入会日期，但没有填写所属商会"))
    out = {
        "credit_code": code,
        "name": name,
        "legal_representative": legal,
        "street": street,
        "phone": phone,
        "industry_id": industry_id,
        "scale": scale,
        "founded_on": founded,
        "employees": employees,
        "tag_ids": tags,
        "year": year,
        "revenue": revenue,
        "tax": tax,
        "rd_spend": rd_spend,
        "position": position,
        "joined_on": joined,
        "chamber_id": chamber_id,
    }
    # The schema's columns without a path above: their declared parser, the model's length limit.
    for key, field, parse, max_length in GENERIC:
        value = _field(raw, key, parse, errors)
        if value == "":
            value = None
        elif max_length is not None and value is not None and len(value) > max_length:
            errors.append((key, value, f"不能超过 {max_length} 个字"))
        out[field] = value
    return out, errors
