"""Cells of a roster row to clean values (pass 1 of `roster`): `parse_row` and the lookups it needs
(industries, tags, the federation's chambers). No writes; the registry is read once per import."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shanglian.core.phones import LANDLINE_RE, MOBILE_RE
from shanglian.core.text import find_unsafe
from shanglian.excel.normalize import (
    FORMULA_STARTS,
    choice_parser,
    clean_text,
    forbidden_cells,
    forbidden_character,
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


# ---------------------------------------------------------------- a batch of rows, column by column


# A cell the fast path leaves to `parse_row` (its row is parsed again there, errors and all).
_Bad = object()
_NUMBERS = frozenset({int, float, bool})
# A mobile or landline number as parse_phone returns it (core.phones: MOBILE_RE | LANDLINE_RE).
_COMPACT_PHONE_RE = re.compile(f"{MOBILE_RE.pattern}|{LANDLINE_RE.pattern}")
# The keys of parse_row's clean dict before the schema's generic columns, in the order parse() zips them.
_OUT_KEYS = ("credit_code", "name", "legal_representative", "street", "phone", "industry_id", "scale", "founded_on",
             "employees", "tag_ids", "year", "revenue", "tax", "rd_spend", "position", "joined_on", "chamber_id")  # fmt: skip


def _first(text: str) -> str:
    return text[:1]


def _too_long(values: list[Any], limit: int, slow: bytearray) -> None:
    """Mark the rows whose value (text or None) is longer than `limit`."""
    if max(map(len, filter(None, values)), default=0) > limit:
        for i in _indexes(values, lambda value: value is not None and len(value) > limit):
            slow[i] = 1


def _indexes(values: list[Any], bad: Callable[[Any], bool]) -> list[int]:
    """The positions of the values for which bad() holds."""
    return [i for i, value in enumerate(values) if bad(value)]


class ColumnParser:
    """`parse_row` for a batch of rows at once, column by column (`Table.batches`): each column's parser
    runs once per distinct value of the import (the caches below, bounded), not once per cell, and the
    checks run over whole columns. A row with anything unusual in any cell — an error, a forbidden
    character, a cell of an unexpected type — is handed to `parse_row` as a whole, so its clean values and
    its errors (their wording and order) are exactly `parse_row`'s: this is a fast path for valid rows
    only, and the tests compare both on generated rows."""

    CACHE_LIMIT = 20_000  # distinct values remembered per column

    def __init__(self, lookups: _Lookups, chamber_import: bool, today: datetime.date) -> None:
        self.lookups = lookups
        self.chamber_import = chamber_import
        self.today = today
        self._caches: dict[str, dict[Any, Any]] = {}

    def parse(self, columns: dict[str, tuple[Any, ...]]) -> list[tuple[dict[str, Any], list[CellError]]]:
        """{key: a column's raw cells} (one batch) → `parse_row`'s answer for each row, in order."""
        n = len(next(iter(columns.values()), ()))
        slow = bytearray(n)  # 1: the row goes to parse_row
        blank: tuple[Any, ...] = (None,) * n
        today = self.today
        self._forbidden(columns, slow)

        codes: list[Any] = []
        append = codes.append
        for i, code in enumerate(columns.get("credit_code", blank)):
            if code.__class__ is str and len(code) == 18 and code.isascii() and code.isalnum():
                try:
                    append(check_credit_code(code.upper()))
                    continue
                except ValueError:
                    pass
            slow[i] = 1
            append(None)
        names = list(map(clean_text, columns.get("name", blank)))  # unique per row: not cached
        if (
            "" in names
            or max(map(len, names), default=0) > 200
            or not set(map(_first, names)).isdisjoint(FORMULA_STARTS)
        ):
            for i in _indexes(names, lambda name: not name or name[0] in FORMULA_STARTS or len(name) > 200):
                slow[i] = 1
        legals = self._column(columns, "legal_representative", _legal, slow, blank)
        streets = self._column(columns, "street", _street, slow, blank)
        phones: list[Any] = []
        append = phones.append
        fullmatch = _COMPACT_PHONE_RE.fullmatch
        for i, phone in enumerate(columns.get("phone", blank)):
            if phone.__class__ is str and fullmatch(phone) and not phone.startswith("0086"):
                pass  # a compact mobile or landline number: parse_phone would return it as it is
            elif phone is None or phone == "":
                phone = None
            else:
                try:
                    phone = parse_phone(phone)  # unique per row: not cached
                except ValueError:
                    phone = None
                    slow[i] = 1
            append(phone or None)
        for values, limit in ((legals, 50), (streets, 50), (phones, 20)):
            _too_long(values, limit, slow)
        industries = self._column(columns, "industry", self.lookups.industry, slow, blank)
        scales = self._column(columns, "scale", _scale, slow, blank)
        founded = self._column(columns, "founded_on", parse_date, slow, blank, same=datetime.date)
        if max(filter(None, founded), default=today) > today:
            for i in _indexes(founded, lambda day: day is not None and day > today):
                slow[i] = 1
        employees = self._column(columns, "employees", parse_int, slow, blank, count=True)
        if max(filter(None, employees), default=0) > 2_000_000_000:
            for i in _indexes(employees, lambda count: count is not None and count > 2_000_000_000):
                slow[i] = 1
        tags: list[Any] = list(blank)
        if "tags" in columns:
            tags = [
                None if t is None else list(t) for t in self._column(columns, "tags", self._tags, slow, blank)
            ]
        years: list[Any] = list(blank)
        revenues, taxes, rd_spends = list(blank), list(blank), list(blank)
        if "year" in columns or "revenue" in columns or "tax" in columns or "rd_spend" in columns:
            years = self._column(columns, "year", _year, slow, blank)
            figures = [
                self._column(columns, key, _amount_yuan, slow, blank)
                for key in ("revenue", "tax", "rd_spend")
            ]
            revenues, taxes, rd_spends = figures
            for i in range(n):
                year = years[i]
                if year is not None and year > today.year:
                    slow[i] = 1
                if revenues[i] is None and taxes[i] is None and rd_spends[i] is None:
                    years[i] = None
                elif year is None:
                    slow[i] = 1
        positions: list[Any] = list(blank)
        joined: list[Any] = list(blank)
        chambers: list[Any] = list(blank)
        if self.chamber_import or "chamber" in columns or "position" in columns or "joined_on" in columns:
            positions = self._column(columns, "position", _position, slow, blank)
            joined = self._column(columns, "joined_on", parse_date, slow, blank)
            chambers = self._column(columns, "chamber", self.lookups.chamber, slow, blank)
            own = self.lookups.own_chamber
            for i in range(n):
                positions[i] = positions[i] or None
                if joined[i] and joined[i] > today:
                    slow[i] = 1
                if self.chamber_import and own is not None:
                    chambers[i] = own.pk
                elif chambers[i] is None and (positions[i] or joined[i]):
                    slow[i] = 1
        generic = []
        for key, _, parse, max_length in GENERIC:
            values = self._column(columns, key, parse, slow, blank)
            if "" in values:
                values = [None if value == "" else value for value in values]
            if max_length is not None:
                _too_long(values, max_length, slow)
            generic.append(values)

        out_keys = (*_OUT_KEYS, *(field for _, field, _, _ in GENERIC))
        keys = list(columns)
        parsed: list[tuple[dict[str, Any], list[CellError]]] = []
        append_parsed = parsed.append
        rows = zip(codes, names, legals, streets, phones, industries, scales, founded, employees, tags, years,
                   revenues, taxes, rd_spends, positions, joined, chambers, *generic, strict=True)  # fmt: skip
        for i, row in enumerate(rows):
            if slow[i]:
                raw = {key: columns[key][i] for key in keys}
                append_parsed(parse_row(raw, self.lookups, self.chamber_import, today))
            else:
                append_parsed((dict(zip(out_keys, row, strict=True)), []))
        return parsed

    def _column(
        self,
        columns: dict[str, tuple[Any, ...]],
        key: str,
        parse: Parse,
        slow: bytearray,
        blank: tuple[Any, ...],
        *,
        same: type | None = None,
        count: bool = False,
    ) -> list[Any]:
        """`_field` over one column: None for an absent column or an empty cell, else parse(cell), once per
        distinct value of the batch — and, for text, of the import (the cache; failures are remembered too,
        as a mark that sends the row to parse_row). `same`: cells of exactly this class are kept as they
        are (parse_row's date cells); `count`: parse_row's fast path for a whole-number cell."""
        values = columns.get(key)
        if values is None:
            return list(blank)
        distinct = set(values)
        if len({v.__class__ for v in distinct} & _NUMBERS) > 1:
            # Mostly unique, or 1, 1.0 and True side by side (equal as keys): one cell at a time.
            answers = [self._answer(value, key, parse, same, count) for value in values]
        else:
            table = {value: self._answer(value, key, parse, same, count) for value in distinct}
            answers = list(map(table.__getitem__, values))
        if _Bad in answers:
            for i in _indexes(answers, lambda answer: answer is _Bad):
                slow[i] = 1
                answers[i] = None
        return answers

    def _answer(self, value: Any, key: str, parse: Parse, same: type | None, count: bool) -> Any:
        cls = value.__class__
        if cls is str:
            if not value:
                return None
            cache = self._caches.setdefault(key, {})
            result = cache.get(value, _MISSING)
            if result is _MISSING:
                try:
                    result = parse(value)
                except ValueError:
                    result = _Bad
                if len(cache) < self.CACHE_LIMIT:
                    cache[value] = result
            return result
        if value is None:
            return None
        if cls is same:
            return value
        if count and cls is float and value.is_integer() and value >= 0:
            return int(value)
        try:
            return parse(value)
        except ValueError:
            return _Bad

    def _tags(self, value: Any) -> tuple[int, ...] | None:
        """A tags cell → its sorted tag ids (None for a blank one); ValueError for an unknown tag."""
        if not clean_text(value):
            return None
        ids: list[int] = []
        for tag_name in split_list(value):
            pk = self.lookups.tags.get(tag_name) or self.lookups.tags.get(tag_name.lower())
            if pk is None:
                raise ValueError(tag_name)
            if pk not in ids:
                ids.append(pk)
        return tuple(sorted(ids))

    @staticmethod
    def _forbidden(columns: dict[str, tuple[Any, ...]], slow: bytearray) -> None:
        """Rows with a forbidden character in a text cell go to parse_row (one search per column)."""
        for values in columns.values():
            texts = [v for v in values if v.__class__ is str]
            if texts and find_unsafe("".join(texts)) is not None:
                for i, value in enumerate(values):
                    if value.__class__ is str and forbidden_character(value) is not None:
                        slow[i] = 1


def _legal(value: Any) -> str | None:
    return clean_text(value) or None


def _amount_yuan(value: Any) -> Decimal | None:
    """An amount cell in 万元 → 元, as parse_row stores it; ValueError also when it is too large."""
    amount = _amount_wan(value)
    if amount is None:
        return None
    yuan = (amount * WAN).quantize(Decimal("0.01"))
    if abs(yuan) >= Decimal("1e14"):
        raise ValueError("金额过大")
    return yuan
