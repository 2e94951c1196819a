"""会员企业名册导入: template, validation with preview, all-or-nothing bulk upsert by credit code.

Two passes over the uploaded file, both streaming:

1. `check_file()` reads row by row, normalises and validates each row, compares it with the registry in
   batches, and spools only the rows that would change something (new enterprise, changed fields, new
   membership, tags, year figures) to a temporary file. It counts new / updated / unchanged / errors and
   keeps the first rows for the preview. Nothing is written to the registry.
2. `apply()` runs pass 1 again (the registry may have changed since the preview) and, if no row has an
   error, writes the spool in one transaction: on PostgreSQL by COPY into a temp table and set-based
   INSERT / UPDATE ... WHERE changed; elsewhere with bulk_create / bulk_update in batches. A file that
   changes nothing writes nothing.

Empty cells and absent columns leave existing values alone: an import never blanks a field.
A chamber secretary imports into their chamber (memberships); an enterprise already in the federation
but not yet a member of the chamber joins it without its master data being touched. A federation admin
imports into the federation; a row with 所属商会 also makes the enterprise a member of that chamber of the
federation (same rules: joins, or its position is updated). An enterprise registered under another federation
is an error row.
"""

from __future__ import annotations

import datetime
import gc
import logging
import operator
import os
import pickle
import re
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from pypinyin import Style
from pypinyin.constants import PHRASES_DICT, RE_HANS
from pypinyin.core import _default_convert
from pypinyin.seg import mmseg

from shanglian.audit import services as audit
from shanglian.core.errors import ServiceError
from shanglian.excel.models import ImportJob, ImportStatus
from shanglian.excel.normalize import (
    choice_parser,
    clean_text,
    parse_amount,
    parse_date,
    parse_int,
    parse_phone,
    split_list,
)
from shanglian.excel.reading import Column, ExcelError, open_table
from shanglian.excel.writing import XlsxWriter, build_template, is_example
from shanglian.orgs.models import OrgKind
from shanglian.registry.codes import validate_credit_code
from shanglian.registry.models import (
    Enterprise,
    EnterpriseScale,
    EnterpriseYearFigure,
    Industry,
    Membership,
    Position,
    Tag,
)

logger = logging.getLogger(__name__)
BATCH = 2000
PREVIEW_ROWS = 20
SEARCH_INLINE_ROWS = 5000
MAX_REPORTED_ERRORS = 100_000
WAN = Decimal(10_000)

# Master-data fields compared and written, in spool order after credit_code.
FIELDS = (
    "name",
    "legal_representative",
    "registered_address",
    "street",
    "phone",
    "industry_id",
    "scale",
    "founded_on",
    "employees",
)
_master = operator.itemgetter(*FIELDS)  # clean row → its master fields, as the registry lookup returns them
TEXT_FIELDS = {"name", "legal_representative", "registered_address", "street", "phone", "scale"}
SCALE_CHOICES = tuple(EnterpriseScale.choices)
POSITION_CHOICES = tuple(Position.choices)


def columns_for(organization) -> list[Column]:
    industries = tuple(f"{i.code} {i.name}" for i in Industry.objects.filter(parent__isnull=False))
    cols = [
        Column("credit_code", "统一社会信用代码", True, ("信用代码", "社会信用代码"), width=22,
               example="91370214MA3C000004", note="18 位，系统会校验校验位"),
        Column("name", "企业名称", True, ("单位名称", "会员单位", "企业全称"), width=30,
               example="（示例）青岛某某科技有限公司"),
        Column("legal_representative", "法定代表人", False, ("法人", "法人代表"), width=12, example="张三"),
        Column("registered_address", "注册地址", False, ("地址", "企业地址"), width=30,
               example="青岛市城阳区正阳路 1 号"),
        Column("street", "所属街道", False, ("街道",), width=12, example="城阳街道"),
        Column("phone", "联系电话", False, ("电话", "手机", "联系方式"), width=16, example="13800000000"),
        Column("industry", "所属行业", False, ("行业", "行业分类"), choices=industries, width=28,
               example="C34 通用设备制造业", note="国民经济行业分类（GB/T 4754）大类，可只填代码如 C34"),
        Column("scale", "企业规模", False, ("规模",), choices=tuple(EnterpriseScale.labels), width=10,
               example="小型"),
        Column("founded_on", "成立日期", False, ("成立时间", "注册日期"), width=12,
               example=datetime.date(2015, 6, 1)),
        Column("employees", "员工数", False, ("从业人数", "职工人数", "员工人数"), width=10, example=45),
        Column("tags", "标签", False, ("企业标签",), width=24, example="高新技术企业、专精特新",
               note="多个标签用顿号或逗号分隔：" + "、".join(Tag.objects.values_list("name", flat=True))),
        Column("year", "年度", False, ("统计年度",), width=8, example=2025, note="下列三项金额所属年度"),
        Column("revenue", "营业收入(万元)", False, ("营业收入", "营收"), width=14, example=1200),
        Column("tax", "纳税额(万元)", False, ("纳税额", "纳税", "税收"), width=14, example=85.5),
        Column("rd_spend", "研发投入(万元)", False, ("研发投入", "研发费用"), width=14, example=60),
    ]  # fmt: skip
    if organization is None:
        return cols
    if organization.kind == OrgKind.CHAMBER:
        # Not in a secretary's template (their rows all go to their chamber), but read when a file has it.
        cols.append(Column("chamber", "所属商会", False, ("商会", "商会名称"), width=24))
    else:
        names = tuple(name for _, name in chambers_of(organization))
        cols.append(
            Column("chamber", "所属商会", False, ("商会", "商会名称"), width=24, choices=names,
                   example=names[0] if names else "",
                   note="填写后企业成为该商会会员（可填会内职务、入会日期）；不填则只登记到本工商联企业名册")
        )  # fmt: skip
    cols += [
        Column("position", "会内职务", False, ("职务",), choices=tuple(Position.labels), width=12,
               example="会员单位", note="不填则为会员单位"),
        Column("joined_on", "入会日期", False, ("入会时间",), width=12,
               example=datetime.date(2024, 1, 1), note="不填则为导入当天"),
    ]  # fmt: skip
    return cols


def chambers_of(federation) -> list[tuple[int, str]]:
    """(id, name) of the active chambers whose nearest federation is `federation`, in tree order."""
    from shanglian.orgs.models import Organization

    under = Organization.objects.filter(path__startswith=federation.path, depth__gt=federation.depth)
    inner = [p for p in under.filter(kind=OrgKind.FEDERATION).values_list("path", flat=True)]
    return [
        (pk, name)
        for pk, name, path in under.filter(kind=OrgKind.CHAMBER, is_active=True).values_list(
            "pk", "name", "path"
        )
        if not path.startswith(tuple(inner))
    ]


def template_bytes(organization) -> bytes:
    chamber = organization.kind == OrgKind.CHAMBER
    target = "本商会会员" if chamber else "本工商联企业名册"
    lines = [
        f"5. 按统一社会信用代码匹配：已有的企业更新信息，没有的新增，并计入{target}。",
        "6. 空白单元格不会清空系统中已有的信息。",
        "7. 任何一行有错误时整份文件都不会导入，请下载错误报告修改后重新上传。",
    ]
    if not chamber:
        lines.append(
            "8. 填写“所属商会”的行，企业同时成为该商会会员（已是会员的按“会内职务”更新职务）；"
            "会内职务、入会日期只在填写了所属商会时有效。"
        )
    columns = [c for c in columns_for(organization) if not (chamber and c.key == "chamber")]
    return build_template(columns, instructions=lines)


# ---------------------------------------------------------------- pinyin, fast


_word_cache: dict[str, tuple[str, object]] = {}


def _latin(chars):
    return ["\x00" + chars]


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def _word_pinyin(word):
    """(full pinyin of the word, its initials as one string — or a list of option lists when a
    syllable has two abbreviations, "er" → e/r)."""
    cached = _word_cache.get(word)
    if cached is None:
        plain = [
            x
            for item in _default_convert.convert(word, Style.NORMAL, False, "default", strict=True)
            for x in item
        ]
        marked = [
            x
            for item in _default_convert.convert(word, Style.NORMAL, False, _latin, strict=True)
            for x in item
        ]
        options = []
        for syllable in marked:
            s = _alnum(syllable)
            if not s:
                continue
            if syllable.startswith("\x00"):
                options.append([s])
            elif s == "er":
                options.append(["e", "r"])
            else:
                options.append([s[0]])
        simple = all(len(o) == 1 for o in options)
        cached = (_alnum("".join(plain)), "".join(o[0] for o in options) if simple else options)
        if len(_word_cache) < 200_000:
            _word_cache[word] = cached
    return cached


# pypinyin's own segmentation (`pypinyin.seg.simpleseg.seg`): split into runs of characters that have pinyin
# and runs that have not, then cut each Han run by strict forward maximum matching against the phrase dictionary
# (`mmseg.seg` is `Seg(p_set, no_non_phrases=True)`). Re-implemented below without generators and per-character
# regexes, over one dict built from the same prefix set and phrase dictionary: prefix → "is a phrase".
_HAN_RUN = re.compile("({}+)".format(RE_HANS.pattern.removeprefix("^(?:").removesuffix(")+$")))
assert isinstance(mmseg.seg, mmseg.Seg) and mmseg.seg._no_non_phrases and mmseg.seg._prefix_set is mmseg.p_set
_prefix_kinds: dict[str, bool] = {}
# Forward maximum matching from a word boundary depends only on the rest of the Han run, so the words of a run's
# last few characters are remembered by that rest: company names end alike (有限公司, 科技有限公司, …).
_TAIL_CHARS = 8
_TAIL_LIMIT = 50_000
_tail_words: dict[str, tuple[str, ...]] = {}


def _prefixes() -> dict[str, bool]:
    global _prefix_kinds
    if len(_prefix_kinds) != len(mmseg.p_set._set):  # first use, or pypinyin's dictionaries were extended
        _prefix_kinds = {p: p in PHRASES_DICT for p in mmseg.p_set._set}
        _tail_words.clear()
    return _prefix_kinds


def _segment(name: str) -> list[str]:
    """`pypinyin.seg.simpleseg.seg(name)` for a non-empty name, same words."""
    words = []
    kinds = _prefixes()
    tails = _tail_words
    for k, part in enumerate(_HAN_RUN.split(name)):
        if not part:
            continue
        if not k % 2:  # no pinyin: one word, as pypinyin keeps it
            words.append(part)
            continue
        i, n = 0, len(part)
        boundaries = []  # (position, words so far) of the word boundaries among the last _TAIL_CHARS
        while i < n:
            if n - i <= _TAIL_CHARS:
                known = tails.get(part[i:])
                if known is not None:
                    words += known
                    break
                boundaries.append((i, len(words)))
            # No phrase of two or more characters starts here (at the end: the last character starts none).
            if part[i : i + 2] not in kinds:
                words.append(part[i])
                i += 1
                continue
            best, j = 0, i + 1
            while j <= n:
                kind = kinds.get(part[i:j])
                if kind is None:  # not the start of any phrase
                    break
                if kind:
                    best = j
                j += 1
            if best:
                words.append(part[i:best])
                i = best
            elif j > n:  # the whole rest is a prefix of some phrase but holds none: one word per character
                words.extend(part[i:])
                break
            else:
                words.append(part[i])
                i += 1
        if boundaries and len(tails) < _TAIL_LIMIT:
            for at, first in boundaries:
                tails[part[at:]] = tuple(words[first:])
    return words


_FULL = operator.itemgetter(0)
_INITIALS = operator.itemgetter(1)


def fast_pinyin_of(name: str) -> tuple[str, str]:
    """Same result as `registry.codes.pinyin_of` (tested), several times faster: pypinyin's segmentation
    re-implemented without generators and per-character regexes, each word's pinyin and initials cached.
    Bulk writes bypass Enterprise.save(), so they call this."""
    if not name:
        return "", ""
    get = _word_cache.get
    entries = [get(word) or _word_pinyin(word) for word in _segment(name)]
    full = "".join(map(_FULL, entries))[:800]
    try:
        return full, "".join(map(_INITIALS, entries))[:200]
    except TypeError:  # a word whose initials have options ("er" → e/r): up to four variants
        pass
    variants = [""]
    for _, init in entries:
        for options in [[init]] if isinstance(init, str) else init:
            variants = [v + o for v in variants for o in options][:4]
    return full, " ".join(variants)[:200]


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {c: i for i, c in enumerate(_USCC_ALPHABET)}
_USCC_BYTES = bytes(_USCC_VALUES.get(chr(i), 0) for i in range(256))  # ASCII code → value, for translate()
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(r"[0-9]{8}[0-9A-HJ-NP-RTUWXY]{10}")


def check_credit_code(code: str) -> str:
    """python-stdnum's check, with a fast path for the valid codes (the common case in a file)."""
    if len(code) == 18 and _USCC_RE.fullmatch(code):
        total = sum(map(operator.mul, code[:17].encode().translate(_USCC_BYTES), _USCC_WEIGHTS))
        if _USCC_ALPHABET[(31 - total) % 31] == code[17]:
            return code
    return validate_credit_code(code)  # raises with the precise Chinese reason


# ---------------------------------------------------------------- pass 1: check


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str


@dataclass
class CheckResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    joined: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_rows: int = 0
    preview: list[dict] = field(default_factory=list)
    spool_path: str | None = None
    spooled: int = 0
    columns: list[str] = field(default_factory=list)

    def discard(self):
        if self.spool_path and os.path.exists(self.spool_path):
            os.unlink(self.spool_path)
        self.spool_path = None


class _Lookups:
    def __init__(self, target: Target | None = None):
        self.industries = {}
        for pk, code, name in Industry.objects.values_list("pk", "code", "name"):
            self.industries[code.upper()] = pk
            self.industries[name] = pk
            self.industries[f"{code.upper()} {name}"] = pk
        self.tags = {}
        for pk, code, name in Tag.objects.values_list("pk", "code", "name"):
            self.tags[name] = pk
            self.tags[code.lower()] = pk
        self.tag_names = "、".join(Tag.objects.values_list("name", flat=True))
        self.industry = _memoized(self._industry)
        self.chamber = _memoized(self._chamber)
        self.own_chamber = self.chambers = None
        if target is not None and target.chamber is not None:
            self.own_chamber = target.chamber
        elif target is not None:
            self.chambers = {}
            for pk, name in chambers_of(target.federation):
                self.chambers.setdefault(clean_text(name), pk)
            self.chamber_names = "、".join(self.chambers)

    def _chamber(self, value):
        """所属商会 → chamber id. A secretary's file may only name their own chamber (or leave it blank)."""
        text = clean_text(value)
        if not text:
            return None
        if self.own_chamber is not None:
            if text == clean_text(self.own_chamber.name):
                return self.own_chamber.pk
            raise ValueError(f"只能导入到本商会：所属商会请填写“{self.own_chamber.name}”或留空")
        if self.chambers is None or text not in self.chambers:
            raise ValueError(f"商会“{text}”不存在（可选：{self.chamber_names if self.chambers else '无'}）")
        return self.chambers[text]

    def _industry(self, value):
        text = clean_text(value)
        if not text:
            return None
        industries = self.industries
        for candidate in (text.upper(), text, text.split(" ")[0].upper()):
            if candidate in industries:
                return industries[candidate]
        raise ValueError(f"行业“{text}”不在国民经济行业分类中（请填写如 C34 或从下拉列表选择）")


def _field(raw: dict, key: str, parse, errors: list):
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


def _memoized(parse, limit=10_000):
    """parse() with its results for text cells remembered: for columns with few distinct values (industry,
    scale, street, position), where most cells repeat an earlier one. Failures are not remembered."""
    cache = {}

    def memo(value):
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
_street = _memoized(clean_text)


def _year(value):
    return parse_int(value, minimum=1949)


def _amount_wan(value):
    return parse_amount(value, unit=WAN, places=6)


def parse_row(raw: dict, lookups: _Lookups, chamber_import: bool, today: datetime.date):
    """→ (clean dict, [(column key, raw, reason)]). Runs once per row of a file: no closures, cheap paths for
    the cell types python-calamine returns (str, float, date)."""
    errors = []
    code = clean_text(raw.get("credit_code")).upper().replace(" ", "").replace("-", "")
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
    legal = clean_text(raw.get("legal_representative")) or None  # clean_text never fails
    address = clean_text(raw.get("registered_address")) or None
    street = _field(raw, "street", _street, errors) or None
    phone = _field(raw, "phone", parse_phone, errors) or None
    if len(name) > 200:
        errors.append(("name", name, "不能超过 200 个字"))
    if legal and len(legal) > 50:
        errors.append(("legal_representative", legal, "不能超过 50 个字"))
    if address and len(address) > 200:
        errors.append(("registered_address", address, "不能超过 200 个字"))
    if street and len(street) > 50:
        errors.append(("street", street, "不能超过 50 个字"))
    if phone and len(phone) > 20:
        errors.append(("phone", phone, "不能超过 20 位"))
    industry_id = _field(raw, "industry", lookups.industry, errors)
    scale = _field(raw, "scale", _scale, errors) or None
    founded = raw.get("founded_on")
    if founded.__class__ is not datetime.date:  # a date cell needs no parsing
        founded = _field(raw, "founded_on", parse_date, errors)
    if founded and founded > today:
        errors.append(("founded_on", raw.get("founded_on"), "成立日期不能晚于今天"))
    employees = raw.get("employees")
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
        if chamber_import:
            chamber_id = lookups.own_chamber.pk
        elif chamber_id is None and (position or joined) and not any(k == "chamber" for k, *_ in errors):
            errors.append(("chamber", "", "填写了会内职务或入会日期，但没有填写所属商会"))
    out = {
        "credit_code": code,
        "name": name,
        "legal_representative": legal,
        "registered_address": address,
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
    return out, errors


SPOOL_KEYS = (
    "row",
    "enterprise_id",
    "credit_code",
    *FIELDS,
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


_spool_row = operator.itemgetter(*SPOOL_KEYS)  # record dict → spool tuple


@dataclass
class Target:
    """Where an import lands: the federation that owns enterprises and, for a chamber, the chamber."""

    organization: object

    @cached_property
    def chamber(self):
        return self.organization if self.organization.kind == OrgKind.CHAMBER else None

    @cached_property
    def federation(self):
        if self.chamber is None:
            return self.organization
        from shanglian.orgs.models import Organization

        steps = self.organization.steplen
        paths = [self.organization.path[:i] for i in range(steps, len(self.organization.path), steps)]
        return Organization.objects.filter(path__in=paths, kind=OrgKind.FEDERATION).order_by("-depth").first()


def check_file(
    path, filename, organization, *, progress=None, spool=True, today=None, copier=None
) -> CheckResult:
    """Pass 1 (see the module doc). Raises ExcelError when the file as a whole is unusable. With a
    `copier` (roster_stream, PostgreSQL's confirm step) new enterprises are inserted as the pass goes."""
    today = today or timezone.localdate()
    target = Target(organization)
    columns = columns_for(organization)
    headers = {c.key: c.header for c in columns}
    table = open_table(path, filename, columns)
    result = CheckResult(total=0, columns=[c.key for c in columns if c.key in table.positions])
    lookups = _Lookups(target)
    seen: dict[str, int] = {}
    chamber_import = target.chamber is not None

    def checked_rows():
        for number, raw in table.rows():
            clean, errors = parse_row(raw, lookups, chamber_import, today)
            if is_example(clean["name"]):  # the template's example row
                continue
            result.total += 1
            code = clean["credit_code"]
            if code and not (errors and any(k == "credit_code" for k, *_ in errors)):
                if code in seen:
                    errors.append(("credit_code", code, f"与第 {seen[code]} 行的统一社会信用代码重复"))
                else:
                    seen[code] = number
            if errors:
                result.error_rows += 1
                for key, value, reason in errors:
                    if len(result.errors) < MAX_REPORTED_ERRORS:
                        result.errors.append(
                            RowError(number, headers.get(key, key), clean_text(value), reason)
                        )
                continue
            yield number, clean

    return classify_in_batches(
        result,
        checked_rows(),
        lambda batch, spool_file, fetched=None: _classify(batch, target, result, spool_file, copier, fetched),
        spool_prefix="roster-" if spool else None,
        progress=progress,
        estimated_rows=table.estimated_rows,
        prefetch=copier.prefetch(_lookup_sql()) if copier is not None else None,
    )


def classify_in_batches(
    result, rows, classify, *, spool_prefix, progress=None, estimated_rows=0, prefetch=None
):
    """The frame of every importer's pass 1: the checked rows go to `classify(batch, spool_file)` in
    batches of BATCH (one registry lookup per batch), progress is reported between batches, and the
    spool file (when `spool_prefix` is given) is removed again if anything fails.

    With `prefetch(batch)`, a batch's lookup is started as soon as the batch is complete and the batch is
    classified one batch later, as `classify(batch, spool_file, prefetch's answer)`: the lookup travels
    while the next batch is parsed (roster_stream)."""
    spool_file = None
    if spool_prefix:
        fd, result.spool_path = tempfile.mkstemp(prefix=spool_prefix, suffix=".spool")
        spool_file = os.fdopen(fd, "wb")
    batch = []
    waiting = None  # (batch, its prefetch) when prefetching

    def complete(batch):
        nonlocal waiting
        if prefetch is None:
            classify(batch, spool_file)
            return
        ahead = (batch, prefetch(batch)) if batch else None
        if waiting is not None:
            classify(waiting[0], spool_file, waiting[1])
        waiting = ahead

    # Pass 1 allocates millions of short-lived objects beside pypinyin's large dictionaries: the cyclic
    # collector's passes over those cost more than the rows' own work. Nothing here makes cycles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                complete(batch)
                batch = []
                if progress:
                    progress(result.total, estimated_rows)
        if batch:
            complete(batch)
        if waiting is not None:
            complete([])
        if progress:
            progress(result.total, estimated_rows)
    except BaseException:
        if spool_file:
            spool_file.close()
        result.discard()
        raise
    finally:
        if collecting:
            gc.enable()
    if spool_file:
        spool_file.close()
    if result.total == 0 and not result.errors:
        result.discard()
        raise ExcelError("文件中没有可导入的数据行（示例行会被跳过）。")
    return result


def _lookup_sql() -> str:
    # On PostgreSQL one text parameter split on the server: no 2,000 placeholders to build and parse, no
    # list for psycopg to dump element by element. A valid credit code has no comma.
    return (
        f"SELECT credit_code, id, federation_id, {', '.join(FIELDS)} FROM {Enterprise._meta.db_table} "
        "WHERE credit_code = ANY(string_to_array(%s, ','))"
    )


def _classify(batch, target: Target, result: CheckResult, spool_file, copier=None, fetched=None):
    """`fetched`: the registry rows of the batch's codes, when the lookup was started ahead (copier.submit)."""
    codes = [clean["credit_code"] for _, clean in batch]
    if fetched is not None:
        rows = fetched()
    elif copier is not None:
        rows = copier.fetch(_lookup_sql(), [",".join(codes)])
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_lookup_sql(), [",".join(codes)])
            rows = cursor.fetchall()
    else:
        rows = Enterprise.unscoped_objects.filter(credit_code__in=codes).values_list(
            "credit_code", "pk", "federation_id", *FIELDS
        )
    existing = {row[0]: row for row in rows}
    ids = [row[1] for row in existing.values()]
    tag_sets: dict[int, list[int]] = {}
    if ids and any(clean["tag_ids"] is not None for _, clean in batch):
        for ent_id, tag_id in Enterprise.tags.through.objects.filter(enterprise_id__in=ids).values_list(
            "enterprise_id", "tag_id"
        ):
            tag_sets.setdefault(ent_id, []).append(tag_id)
    figures = {}
    if ids and any(clean["year"] is not None for _, clean in batch):
        for ent_id, year, *values in EnterpriseYearFigure.unscoped_objects.filter(
            enterprise_id__in=ids
        ).values_list("enterprise_id", "year", "revenue", "tax", "rd_spend"):
            figures[(ent_id, year)] = values
    members = {}  # (enterprise id, chamber id) → position, for the chambers the rows name
    chamber_ids = {clean["chamber_id"] for _, clean in batch} - {None}
    if ids and chamber_ids:
        for ent_id, chamber_id, position in Membership.unscoped_objects.filter(
            enterprise_id__in=ids, chamber_id__in=chamber_ids, left_on__isnull=True
        ).values_list("enterprise_id", "chamber_id", "position"):
            members[(ent_id, chamber_id)] = position
    own_chamber_id = target.chamber.pk if target.chamber is not None else None
    federation_id = target.federation.pk
    records = []
    inserts = []
    for number, clean in batch:
        code = clean["credit_code"]
        row = existing.get(code)
        if row is None and copier is not None:
            # Streaming (roster_stream): the enterprise goes straight to the copier as one tuple; only
            # its tags, year figures or membership still need the spool.
            status = "new"
            pinyin, initials = fast_pinyin_of(clean["name"])
            inserts.append(
                (federation_id, code, clean["name"], clean["legal_representative"] or "",
                 clean["registered_address"] or "", clean["street"] or "", clean["phone"] or "",
                 clean["industry_id"], clean["scale"] or "", clean["founded_on"], clean["employees"], pinyin,
                 initials, copier.timestamp, copier.timestamp)
            )  # fmt: skip
            if clean["tag_ids"] is not None or clean["year"] is not None or clean["chamber_id"] is not None:
                # In the spool the enterprise is new too: its INSERT there meets the streamed row and skips it.
                record = dict(
                    clean, row=number, enterprise_id=None, name_pinyin=pinyin, name_initials=initials
                )
                for key in TEXT_FIELDS:
                    record[key] = record[key] or ""
                record["membership"] = "join" if clean["chamber_id"] is not None else None
            else:
                record = None
        elif row is None:
            record = dict(clean, row=number, enterprise_id=None, membership=None)
            status = "new"
            record["name_pinyin"], record["name_initials"] = fast_pinyin_of(clean["name"])
            for key in TEXT_FIELDS:
                record[key] = record[key] or ""
            if clean["chamber_id"] is not None:
                record["membership"] = "join"
        elif (
            row[2] == federation_id
            and _master(clean) == row[3:]
            and clean["tag_ids"] is None
            and clean["year"] is None
            and clean["chamber_id"] is None
        ):
            # Every field as registered and nothing else in the row: the common row of a re-import.
            status = "unchanged"
            record = None
        else:
            ent_id, owner = row[1], row[2]
            record = dict(clean, row=number, enterprise_id=ent_id, membership=None)
            if owner != federation_id:
                result.error_rows += 1
                result.errors.append(
                    RowError(number, "统一社会信用代码", code, "该企业已登记在其他工商联名下，不能在此导入")
                )
                continue
            current = dict(zip(FIELDS, row[3:], strict=True))
            may_edit = own_chamber_id is None or (ent_id, own_chamber_id) in members
            changed = False
            for key in FIELDS:
                new = clean[key]
                if new is None or new == current[key] or not may_edit:
                    record[key] = None
                else:
                    changed = True
            if record["name"] is not None:
                record["name_pinyin"], record["name_initials"] = fast_pinyin_of(record["name"])
            else:
                record["name_pinyin"] = record["name_initials"] = None
            if (
                not may_edit
                or clean["tag_ids"] is None
                or clean["tag_ids"] == sorted(tag_sets.get(ent_id, []))
            ):
                record["tag_ids"] = None
            else:
                changed = True
            if clean["year"] is not None and may_edit:
                old = figures.get((ent_id, clean["year"]))
                new_values = [clean["revenue"], clean["tax"], clean["rd_spend"]]
                if old is not None and all(n is None or n == o for n, o in zip(new_values, old, strict=True)):
                    record["year"] = None
                else:
                    changed = True
            else:
                record["year"] = None
            chamber_id = clean["chamber_id"]
            if chamber_id is not None:
                if (ent_id, chamber_id) not in members:
                    record["membership"] = "join"
                    result.joined += 1
                    changed = True
                elif clean["position"] and clean["position"] != members[(ent_id, chamber_id)]:
                    record["membership"] = "position"
                    changed = True
            status = "updated" if changed else "unchanged"
        if status == "new":
            result.created += 1
        elif status == "unchanged":
            result.unchanged += 1
        else:
            result.updated += 1
        if len(result.preview) < PREVIEW_ROWS:
            result.preview.append(
                {"row": number, "status": status, "credit_code": code, "name": clean["name"],
                 "legal_representative": clean["legal_representative"] or "", "street": clean["street"] or ""}
            )  # fmt: skip
        if status != "unchanged" and record is not None:
            records.append(_spool_row(record))
    if copier is not None:
        copier.add(inserts)
    if spool_file is not None and records:
        pickle.dump(records, spool_file, protocol=pickle.HIGHEST_PROTOCOL)
        result.spooled += len(records)


def _read_spool(path):
    with open(path, "rb") as fh:
        while True:
            try:
                yield [dict(zip(SPOOL_KEYS, rec, strict=True)) for rec in pickle.load(fh)]
            except EOFError:
                return


# ---------------------------------------------------------------- pass 2: write


def write_spool(result: CheckResult, target: Target, today: datetime.date, copier=None) -> list[int] | None:
    """Write the spool; on PostgreSQL, return the ids of the enterprises written (streamed by `copier`
    or from the spool) when there are at most SEARCH_INLINE_ROWS of them (for the search index), else None."""
    streamed = copier.count if copier is not None else 0
    if not result.spooled and not streamed:
        return []
    if connection.vendor != "postgresql":
        _write_orm(result.spool_path, target, today)
        return None
    written = _write_postgres(result.spool_path, target, today) if result.spooled else []
    if written is None or not streamed:
        return written
    if copier.codes is None or streamed + len(written) > SEARCH_INLINE_ROWS:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Enterprise._meta.db_table} WHERE credit_code = ANY(%s)", [copier.codes]
        )
        return sorted({*written, *(row[0] for row in cursor.fetchall())})


TEMP_COLUMNS = (
    ("row", "integer"),
    ("enterprise_id", "bigint"),
    ("credit_code", "varchar(18)"),
    ("name", "varchar(200)"),
    ("legal_representative", "varchar(50)"),
    ("registered_address", "varchar(200)"),
    ("street", "varchar(50)"),
    ("phone", "varchar(20)"),
    ("industry_id", "bigint"),
    ("scale", "varchar(10)"),
    ("founded_on", "date"),
    ("employees", "integer"),
    ("name_pinyin", "varchar(800)"),
    ("name_initials", "varchar(200)"),
    ("tag_ids", "bigint[]"),
    ("year", "smallint"),
    ("revenue", "numeric(16,2)"),
    ("tax", "numeric(16,2)"),
    ("rd_spend", "numeric(16,2)"),
    ("membership", "varchar(10)"),
    ("position", "varchar(30)"),
    ("joined_on", "date"),
    ("chamber_id", "bigint"),
)
assert tuple(c for c, _ in TEMP_COLUMNS) == SPOOL_KEYS


def _write_postgres(spool_path, target: Target, today):
    ent = Enterprise._meta.db_table
    tags = Enterprise.tags.through._meta.db_table
    fig = EnterpriseYearFigure._meta.db_table
    mem = Membership._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("DROP TABLE IF EXISTS roster_in")
        cursor.execute(
            "CREATE TEMP TABLE roster_in ({}) ON COMMIT DROP".format(
                ", ".join(f'"{c}" {t}' for c, t in TEMP_COLUMNS)
            )
        )
        with cursor.cursor.copy(
            "COPY roster_in ({}) FROM STDIN".format(", ".join(f'"{c}"' for c in SPOOL_KEYS))
        ) as copy:
            for batch in _read_spool(spool_path):
                for rec in batch:
                    copy.write_row([rec[k] for k in SPOOL_KEYS])
        cursor.execute("ANALYZE roster_in")  # a temp table has no statistics: without them joins go nested
        master = ", ".join(FIELDS)
        cursor.execute(
            f"""INSERT INTO {ent} (federation_id, credit_code, {master}, name_pinyin, name_initials,
                    created_at, updated_at)
                SELECT %s, credit_code, {master}, name_pinyin, name_initials, %s, %s
                FROM roster_in WHERE enterprise_id IS NULL
                ON CONFLICT (credit_code) DO NOTHING""",
            [target.federation.pk, now, now],
        )
        sets = ", ".join(f"{f} = COALESCE(t.{f}, e.{f})" for f in (*FIELDS, "name_pinyin", "name_initials"))
        cursor.execute(
            f"""UPDATE {ent} e SET {sets}, updated_at = %s FROM roster_in t
                WHERE t.enterprise_id = e.id
                  AND ({", ".join(f"COALESCE(t.{f}, e.{f})" for f in FIELDS)})
                      IS DISTINCT FROM ({", ".join(f"e.{f}" for f in FIELDS)})""",
            [now],
        )
        cursor.execute(
            f"UPDATE roster_in t SET enterprise_id = e.id FROM {ent} e "
            f"WHERE t.enterprise_id IS NULL AND e.credit_code = t.credit_code"
        )
        cursor.execute("ANALYZE roster_in")
        cursor.execute(
            f"""DELETE FROM {tags} x USING roster_in t
                WHERE t.tag_ids IS NOT NULL AND x.enterprise_id = t.enterprise_id
                  AND NOT (x.tag_id = ANY(t.tag_ids))"""
        )
        cursor.execute(
            f"""INSERT INTO {tags} (enterprise_id, tag_id)
                SELECT t.enterprise_id, unnest(t.tag_ids) FROM roster_in t WHERE t.tag_ids IS NOT NULL
                ON CONFLICT DO NOTHING"""
        )
        # Tags are search facets: mark the rows whose tags changed so registry.search re-indexes them.
        cursor.execute(
            f"""UPDATE {ent} e SET updated_at = %s FROM roster_in t
                WHERE t.tag_ids IS NOT NULL AND e.id = t.enterprise_id AND e.updated_at <> %s""",
            [now, now],
        )
        cursor.execute(
            f"""INSERT INTO {fig} (enterprise_id, year, revenue, tax, rd_spend, updated_at)
                SELECT enterprise_id, year, revenue, tax, rd_spend, %s FROM roster_in WHERE year IS NOT NULL
                ON CONFLICT (enterprise_id, year) DO UPDATE SET
                  revenue = COALESCE(EXCLUDED.revenue, {fig}.revenue),
                  tax = COALESCE(EXCLUDED.tax, {fig}.tax),
                  rd_spend = COALESCE(EXCLUDED.rd_spend, {fig}.rd_spend),
                  updated_at = EXCLUDED.updated_at""",
            [now],
        )
        cursor.execute(
            f"""INSERT INTO {mem} (enterprise_id, chamber_id, position, joined_on)
                SELECT t.enterprise_id, t.chamber_id, COALESCE(t.position, %s), COALESCE(t.joined_on, %s)
                FROM roster_in t WHERE t.membership = 'join'
                ON CONFLICT (enterprise_id, chamber_id) WHERE left_on IS NULL DO NOTHING""",
            [Position.MEMBER, today],
        )
        cursor.execute(
            f"""UPDATE {mem} m SET position = t.position FROM roster_in t
                WHERE t.membership = 'position' AND m.enterprise_id = t.enterprise_id
                  AND m.chamber_id = t.chamber_id AND m.left_on IS NULL"""
        )
        written = None
        if _roster_rows_at_most(cursor, SEARCH_INLINE_ROWS):
            cursor.execute("SELECT enterprise_id FROM roster_in")
            written = [row[0] for row in cursor.fetchall()]
        cursor.execute("DROP TABLE roster_in")
    return written


def _roster_rows_at_most(cursor, limit: int) -> bool:
    cursor.execute("SELECT count(*) <= %s FROM roster_in", [limit])
    return cursor.fetchone()[0]


def _refresh_search(written: list[int] | None, target: Target) -> None:
    """Index the written rows for the search box (registry.search; after the import's transaction, so its
    rows land at COPY speed): a small file's rows at once by id, a big file's by a task that picks up
    every stale entry of the federation."""
    from shanglian.registry import search

    if not search.enabled() or written == []:
        return
    if written is not None:
        search.reindex(written)
    else:
        search.refresh_search_index.enqueue(federation_id=target.federation.pk)


def _write_orm(spool_path, target: Target, today):
    through = Enterprise.tags.through
    for batch in _read_spool(spool_path):
        new = [
            Enterprise(
                federation_id=target.federation.pk,
                credit_code=r["credit_code"],
                name_pinyin=r["name_pinyin"],
                name_initials=r["name_initials"],
                **{f: r[f] for f in FIELDS},
            )
            for r in batch
            if r["enterprise_id"] is None
        ]
        Enterprise.unscoped_objects.bulk_create(new, batch_size=500)
        ids = dict(
            Enterprise.unscoped_objects.filter(credit_code__in=[r["credit_code"] for r in batch]).values_list(
                "credit_code", "pk"
            )
        )
        for r in batch:
            r["enterprise_id"] = ids[r["credit_code"]]
        updates = [r for r in batch if r["enterprise_id"] and any(r[f] is not None for f in FIELDS)]
        if updates:
            objs = {
                e.pk: e
                for e in Enterprise.unscoped_objects.filter(pk__in=[r["enterprise_id"] for r in updates])
            }
            now = timezone.now()
            for r in updates:
                obj = objs[r["enterprise_id"]]
                for f in (*FIELDS, "name_pinyin", "name_initials"):
                    if r[f] is not None:
                        setattr(obj, f, r[f])
                obj.updated_at = now
            Enterprise.unscoped_objects.bulk_update(
                objs.values(), [*FIELDS, "name_pinyin", "name_initials", "updated_at"], batch_size=500
            )
        tagged = [r for r in batch if r["tag_ids"] is not None]
        for r in tagged:
            through.objects.filter(enterprise_id=r["enterprise_id"]).exclude(tag_id__in=r["tag_ids"]).delete()
        through.objects.bulk_create(
            [through(enterprise_id=r["enterprise_id"], tag_id=t) for r in tagged for t in r["tag_ids"]],
            ignore_conflicts=True,
        )
        for r in batch:
            if r["year"] is None:
                continue
            defaults = {k: r[k] for k in ("revenue", "tax", "rd_spend") if r[k] is not None}
            EnterpriseYearFigure.unscoped_objects.update_or_create(
                enterprise_id=r["enterprise_id"], year=r["year"], defaults=defaults
            )
        Membership.unscoped_objects.bulk_create(
            [
                Membership(
                    enterprise_id=r["enterprise_id"],
                    chamber_id=r["chamber_id"],
                    position=r["position"] or Position.MEMBER,
                    joined_on=r["joined_on"] or today,
                )
                for r in batch
                if r["membership"] == "join"
            ],
            batch_size=500,
        )
        for r in batch:
            if r["membership"] == "position":
                Membership.unscoped_objects.filter(
                    enterprise_id=r["enterprise_id"], chamber_id=r["chamber_id"], left_on__isnull=True
                ).update(position=r["position"])


# ---------------------------------------------------------------- jobs


def error_report_bytes(errors: list[RowError]) -> bytes:
    import io

    buffer = io.BytesIO()
    with XlsxWriter(
        buffer, ["行号", "列", "填写的值", "错误原因"], sheet_name="错误报告", widths=[8, 20, 30, 70]
    ) as w:
        for e in sorted(errors, key=lambda e: e.row):
            w.write_row([e.row, e.column, e.value, e.reason])
    return buffer.getvalue()


def _save(job, **fields):
    for key, value in fields.items():
        setattr(job, key, value)
    ImportJob.unscoped_objects.filter(pk=job.pk).update(**fields)


def _progress(job):
    def report(done, total):
        _save(job, processed_rows=done, total_rows=max(total, done))

    return report


def _store_result(job, result: CheckResult, status):
    fields = dict(
        status=status,
        total_rows=result.total,
        processed_rows=result.total,
        created_count=result.created,
        updated_count=result.updated,
        unchanged_count=result.unchanged,
        error_count=result.error_rows,
        membership_count=result.joined,
        preview={"rows": result.preview, "errors": [e.__dict__ for e in result.errors[:PREVIEW_ROWS]]},
    )
    _save(job, **fields)
    if result.errors:
        job.error_report.save(
            f"错误报告-{job.pk}.xlsx", ContentFile(error_report_bytes(result.errors)), save=False
        )
        _save(job, error_report=job.error_report.name)


def validate_job(job: ImportJob) -> ImportJob:
    """Pass 1 only: counts and preview; READY when the file is clean, INVALID with an error report."""
    _save(job, status=ImportStatus.VALIDATING, started_at=timezone.now(), message="")
    try:
        result = check_file(
            job.file.path, job.original_name, job.organization, progress=_progress(job), spool=False
        )
    except ServiceError as exc:
        _save(job, status=ImportStatus.INVALID, message=exc.messages[0][:500], finished_at=timezone.now())
        return job
    _store_result(job, result, ImportStatus.INVALID if result.errors else ImportStatus.READY)
    if result.errors:
        _save(job, message=f"共 {result.error_rows} 行有错误，整份文件未导入。", finished_at=timezone.now())
    elif result.created + result.updated == 0:
        _save(job, message="文件与系统中的数据一致，确认导入不会修改任何数据。")
    return job


class _Refused(Exception):
    """Pass 1 found row errors inside the transaction: roll back what was streamed."""


def confirm_and_write(
    job: ImportJob, *, actor, what: str, check, write, extra_changes=None, check_in_transaction=False
):
    """What every importer's confirm step does (the roster here, people in person_importing): pass 1 again
    (the registry may have changed since the preview), then the writes and one IMPORT audit row in one
    transaction. With `check_in_transaction` pass 1 runs inside that transaction too, for a check that
    writes as it goes (roster_stream). A refusal or a failure is recorded on the job and nothing is
    written. Returns (result, what `write` returned) when the rows are in, else None."""
    if job.status not in (ImportStatus.READY, ImportStatus.PENDING):
        raise ServiceError("该导入任务不是待确认状态。")
    actor = actor or job.created_by
    _save(job, status=ImportStatus.RUNNING, processed_rows=0, started_at=timezone.now(), message="")
    result = None
    try:
        if not check_in_transaction:
            result = check()
            if result.errors:
                raise _Refused
        with transaction.atomic():
            if check_in_transaction:
                result = check()
                if result.errors:
                    raise _Refused
            written = write(result)
            audit.record(
                actor=actor,
                action=audit.AuditAction.IMPORT,
                obj=job,
                organization=job.organization,
                changes={
                    "rows": result.total,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    **(extra_changes(result) if extra_changes else {}),
                },
                message=f"导入{what}《{job.original_name}》：新增 {result.created}，更新 {result.updated}，"
                f"无变化 {result.unchanged}",
            )
    except _Refused:
        _store_result(job, result, ImportStatus.INVALID)
        _save(job, message=f"数据已变化：共 {result.error_rows} 行有错误，整份文件未导入。",
              finished_at=timezone.now())  # fmt: skip
        return None
    except ServiceError as exc:
        _save(job, status=ImportStatus.FAILED, message=exc.messages[0][:500], finished_at=timezone.now())
        return None
    except Exception as exc:
        logger.exception("%s import %s failed", job.kind, job.pk)
        _save(job, status=ImportStatus.FAILED, message=f"导入失败，未写入任何数据：{type(exc).__name__}",
              finished_at=timezone.now())  # fmt: skip
        return None
    finally:
        if result is not None:
            result.discard()
    return result, written


def apply_job(job: ImportJob, *, actor=None) -> ImportJob:
    """Confirm a roster job: written in one transaction and audited once with the counts, then indexed
    for the search box. On PostgreSQL new enterprises are inserted during pass 1 (roster_stream)."""
    target = Target(job.organization)
    today = timezone.localdate()
    streaming = connection.vendor == "postgresql"
    copier = None

    def check():
        nonlocal copier
        if not streaming:
            return check_file(job.file.path, job.original_name, job.organization, progress=_progress(job))
        from shanglian.registry.roster_stream import EnterpriseCopier, SideProgress

        progress = SideProgress(job)
        copier = EnterpriseCopier(keep_codes=SEARCH_INLINE_ROWS)
        try:
            result = check_file(
                job.file.path, job.original_name, job.organization, progress=progress, copier=copier
            )
        except BaseException:
            copier.stop()
            copier.raise_error()  # the worker's failure is the cause of the main thread's, if it had one
            raise
        finally:
            progress.close()
        copier.close()
        return result

    outcome = confirm_and_write(
        job,
        actor=actor,
        what="会员企业名册",
        check=check,
        write=lambda result: write_spool(result, target, today, copier),
        extra_changes=lambda result: {"joined": result.joined},
        check_in_transaction=streaming,
    )
    if outcome is not None:
        result, written = outcome
        _refresh_search(written, target)
        _store_result(job, result, ImportStatus.DONE)
        _save(job, finished_at=timezone.now(), message="导入完成。")
    return job
