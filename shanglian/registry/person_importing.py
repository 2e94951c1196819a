"""企业家名册导入: template, validation with preview, all-or-nothing bulk upsert of people.

The same flow as the enterprise roster import (`registry.importing`): `check_file()` reads the upload row
by row, normalises and validates each row, compares it with the registry in batches and spools the rows
that would change something; `apply_job()` runs that check again and, when no row has an error, writes the
spool in one transaction with bulk writes. Any bad row ⇒ nothing is written and an .xlsx error report.

Each row names the person's enterprise by its 统一社会信用代码. It must be an enterprise the import target
covers: a chamber's active member enterprises, or a federation's enterprises (its subtree).

Upsert key, first that applies:
1. 身份证号 — the person of that number in the enterprise's federation;
2. (姓名, 手机) within the enterprise (a same-name person there without a phone on file also matches);
3. (姓名, 所在企业).
A same-name person who has a different 身份证号 on file is someone else. Two same-name candidates left ⇒ an
error row (the user adds the phone or the ID number to tell them apart).

Blank cells leave values on file alone; 企业职务 adds the role(s) at the enterprise, never removes one.
When the 身份证号 is given, the 出生年月 and 性别 must agree with it; blank ones are taken from it.
"""

from __future__ import annotations

import datetime
import logging
import pickle
import re

from django.db import connection, connections, models
from django.utils import timezone
from stdnum.cn import ric

from shanglian.core.crypto import BlindIndexField, blind_index
from shanglian.core.errors import ServiceError
from shanglian.core.masking import mask_id_number, mask_phone
from shanglian.excel.models import ImportJob, ImportStatus
from shanglian.excel.normalize import clean_text, parse_date, split_list
from shanglian.excel.reading import Column, open_table
from shanglian.excel.writing import build_template, is_example
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.codes import check_credit_code, make_credit_code, validate_id_number
from shanglian.registry.import_jobs import (
    BATCH,
    MAX_REPORTED_ERRORS,
    PREVIEW_ROWS,
    CheckResult,
    RowError,
    _progress,
    _save,
    _store_result,
    classify_in_batches,
    confirm_and_write,
)
from shanglian.registry.models import (
    Education,
    Enterprise,
    Gender,
    Membership,
    Person,
    PersonRole,
    PoliticalStatus,
    RoleTitle,
)
from shanglian.registry.services import PERSON_FIELDS

logger = logging.getLogger(__name__)

# What a person form edits, less the enterprise (a row names it by credit code): compared and written.
FIELDS = tuple(f for f in PERSON_FIELDS if f != "enterprise")
BOOL_FIELDS = ("is_npc_deputy", "is_cppcc_member")
NAME_MAX = 50

_EXAMPLE_ID = "37021419850315001"
EXAMPLE_ID = _EXAMPLE_ID + ric.calc_check_digit(_EXAMPLE_ID + "0")


def columns() -> list[Column]:
    yes_no = ("是", "否")
    return [
        Column("name", "姓名", True, ("企业家姓名",), width=12, example="（示例）张三"),
        Column("credit_code", "所在企业统一社会信用代码", True,
               ("统一社会信用代码", "企业统一社会信用代码", "所在企业信用代码", "信用代码"), width=24,
               example=make_credit_code(1, kind="91"), note="须为本商会会员企业（商会导入）或本工商联的企业，"
               "请先导入企业名册"),
        Column("title", "企业职务", False, ("职务", "企业内职务"), choices=tuple(RoleTitle.labels), width=12,
               example="法定代表人", note="兼任多个职务可用顿号分隔，如：董事长、总经理"),
        Column("gender", "性别", False, (), choices=tuple(Gender.labels), width=8, example="男"),
        Column("birth_date", "出生年月", False, ("出生日期", "出生年月日", "生日"), width=12,
               example="1985-03", note="可写 1985-03、1985年3月、198503 或完整日期"),
        Column("political_status", "政治面貌", False, (), choices=tuple(PoliticalStatus.labels), width=14,
               example="中共党员"),
        Column("education", "学历", False, ("文化程度", "最高学历"), choices=tuple(Education.labels),
               width=12, example="大学本科"),
        Column("phone", "手机", False, ("手机号", "手机号码", "移动电话", "联系电话"), width=14,
               example="13800000000"),
        Column("id_number", "身份证号", False, ("身份证号码", "公民身份号码", "身份证"), width=22,
               example=EXAMPLE_ID, note="18 位，请将本列设为文本格式，否则 Excel 会丢失末几位"),
        Column("is_npc_deputy", "人大代表", False, ("是否人大代表",), choices=yes_no, width=10, example="否"),
        Column("is_cppcc_member", "政协委员", False, ("是否政协委员",), choices=yes_no, width=10,
               example="是"),
    ]  # fmt: skip


def template_bytes() -> bytes:
    return build_template(
        columns(),
        instructions=[
            "5. 所在企业按统一社会信用代码查找，须为本商会会员企业（商会导入）或本工商联的企业；请先导入企业名册。",
            "6. 填写身份证号时按身份证号匹配已登记的企业家；否则按同一企业内的姓名和手机匹配，再按姓名匹配；"
            "匹配到的更新，没有的新增。",
            "7. 填写了身份证号时，出生年月和性别须与身份证号一致；留空则按身份证号填写。",
            "8. 空白单元格不会清空系统中已有的信息；企业职务只会增加，不会删除已有职务。",
            "9. 任何一行有错误时整份文件都不会导入，请下载错误报告修改后重新上传。",
        ],
    )


# ---------------------------------------------------------------- cell parsers


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff·•]+")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_YES = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "有", "对"}
_NO = {"否", "n", "no", "false", "0", "×", "✗", "✘", "无", "不是"}

GENDER_ALIASES = {"男": Gender.MALE, "男性": Gender.MALE, "m": Gender.MALE, "male": Gender.MALE,
                  "女": Gender.FEMALE, "女性": Gender.FEMALE, "f": Gender.FEMALE, "female": Gender.FEMALE}  # fmt: skip
POLITICAL_ALIASES = {
    "党员": PoliticalStatus.CPC, "共产党员": PoliticalStatus.CPC, "中国共产党党员": PoliticalStatus.CPC,
    "中共": PoliticalStatus.CPC, "预备党员": PoliticalStatus.CPC_PROBATIONARY,
    "团员": PoliticalStatus.CYL, "共青团员": PoliticalStatus.CYL, "无党派": PoliticalStatus.NONPARTISAN,
    "无党派民主人士": PoliticalStatus.NONPARTISAN, "群众": PoliticalStatus.MASSES,
}  # fmt: skip
DEMOCRATIC_PARTIES = ("民革", "民盟", "民建", "民进", "农工", "致公", "九三", "台盟", "中国国民党革命委员会",
                      "中国民主")  # fmt: skip
EDUCATION_ALIASES = {
    "博士": Education.DOCTORATE, "博士后": Education.DOCTORATE, "硕士": Education.MASTER,
    "研究生": Education.MASTER, "mba": Education.MASTER, "emba": Education.MASTER,
    "本科": Education.BACHELOR, "大学": Education.BACHELOR, "学士": Education.BACHELOR,
    "大专": Education.COLLEGE, "专科": Education.COLLEGE, "高职": Education.COLLEGE,
    "高中": Education.HIGH_SCHOOL, "中专": Education.HIGH_SCHOOL, "职高": Education.HIGH_SCHOOL,
    "技校": Education.HIGH_SCHOOL, "初中": Education.HIGH_SCHOOL, "小学": Education.HIGH_SCHOOL,
}  # fmt: skip
TITLE_ALIASES = {
    "法人": RoleTitle.LEGAL_REPRESENTATIVE, "法人代表": RoleTitle.LEGAL_REPRESENTATIVE,
    "法定代表": RoleTitle.LEGAL_REPRESENTATIVE, "总裁": RoleTitle.GENERAL_MANAGER,
}  # fmt: skip


class _Choices:
    """A TextChoices' values, labels and aliases as one dict (TextChoices.choices is slow to rebuild)."""

    def __init__(self, choices_class, aliases, what):
        self.what = what
        self.lookup = {str(a).lower(): str(code) for a, code in aliases.items()}
        for code, label in choices_class.choices:
            self.lookup[str(code).lower()] = str(code)
            self.lookup[str(label)] = str(code)
        self.labels = "、".join(str(label) for label in choices_class.labels)

    def __call__(self, value) -> str:
        text = clean_text(value)
        if not text:
            return ""
        found = self.lookup.get(text.replace(" ", "").lower())
        if found is None:
            raise ValueError(f"{self.what}“{text}”不是可选值（可选：{self.labels}）")
        return found


parse_gender = _Choices(Gender, GENDER_ALIASES, "性别")
_political = _Choices(PoliticalStatus, POLITICAL_ALIASES, "政治面貌")
_education = _Choices(Education, EDUCATION_ALIASES, "学历")
_title = _Choices(RoleTitle, TITLE_ALIASES, "企业职务")


def parse_political_status(value) -> str:
    text = clean_text(value).replace(" ", "")
    if text.startswith(DEMOCRATIC_PARTIES):
        return PoliticalStatus.DEMOCRATIC_PARTY
    return _political(value)


def parse_education(value) -> str:
    text = clean_text(value).replace(" ", "").lower()
    for suffix in ("学历", "毕业", "在读"):
        text = text.removesuffix(suffix)
    return _education(text)


def parse_titles(value) -> list[str]:
    titles = []
    for part in split_list(clean_text(value).replace("兼", "、")):
        title = _title(part)
        if title not in titles:
            titles.append(title)
    return titles


def parse_bool(value) -> bool | None:
    """是/否, Y/N, 1/0, √/×, TRUE/FALSE; blank → None (leave alone)."""
    text = clean_text(value).lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"“{clean_text(value)}”应填写“是”或“否”")


def parse_name(value) -> str:
    text = clean_text(value)
    if " " in text and _CJK.fullmatch(text.replace(" ", "")):
        text = text.replace(" ", "")  # "张  三": padded for alignment
    if not text:
        raise ValueError("姓名不能为空")
    if len(text) > NAME_MAX:
        raise ValueError(f"姓名不能超过 {NAME_MAX} 个字")
    if any(ch.isdigit() for ch in text):
        raise ValueError(f"姓名中不应有数字：{text}")
    return text


def parse_mobile(value) -> str:
    """A mainland mobile number: 11 digits starting 13–19; +86 / 0086 and separators are dropped."""
    text = clean_text(value)
    if not text:
        return ""
    compact = re.sub(r"[\s\-()（）]", "", text)
    for prefix in ("+86", "0086", "86"):
        if compact.startswith(prefix) and len(compact) == len(prefix) + 11:
            compact = compact[len(prefix) :]
    if not _MOBILE.fullmatch(compact):
        raise ValueError(f"手机号码格式不正确：{text}（应为 11 位手机号码）")
    return compact


_ID_RE = re.compile(r"\d{17}[\dX]")
_valid_regions: set[tuple[str, str]] = set()  # (region code, birth year) python-stdnum accepted


def check_id_number(text: str) -> str:
    """python-stdnum's check (`codes.validate_id_number`), with a fast path for valid numbers whose region
    and birth year it already accepted once: its region lookup is the slow part."""
    fast = _ID_RE.fullmatch(text) and (text[:6], text[6:10]) in _valid_regions
    if fast and ric.calc_check_digit(text) == text[17]:
        try:
            datetime.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
        except ValueError:
            pass
        else:
            return text
    number = validate_id_number(text)  # raises with the precise Chinese reason
    if len(_valid_regions) < 100_000:
        _valid_regions.add((number[:6], number[6:10]))
    return number


def parse_id_number(value) -> str:
    if value is None or value == "":
        return ""
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    text = clean_text(value).upper().replace(" ", "").replace("-", "")
    if not text:
        return ""
    try:
        return check_id_number(text)
    except ValueError as exc:
        if numeric:
            raise ValueError(
                "身份证号被 Excel 存成了数字，末几位已丢失（Excel 只保留 15 位有效数字）；"
                "请将该列设为文本格式后重新填写"
            )
        raise ValueError(str(exc))  # not the number itself: the reason is kept in the report


def parse_birth(value) -> tuple[datetime.date, bool] | None:
    """(date, month_only). Accepts 1975/3/1, 1975年3月, 1975-03, 197503, 19750301, 1975.3, Excel serials and
    date cells. Excel stores a typed "1975.10" as the number 1975.1: that one is refused as ambiguous."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date(), False
    if isinstance(value, datetime.date):
        return value, False
    if isinstance(value, bool):
        raise ValueError("出生年月格式无法识别")
    if isinstance(value, float) and not value.is_integer() and 1900 <= value < 2100:
        year, fraction = str(value).split(".")
        if fraction == "1":
            raise ValueError(f"“{value}”无法判断是 1 月还是 10 月，请写成 {year}-01 或 {year}-10")
        month = int(fraction)
        if not 1 <= month <= 12:
            raise ValueError(f"出生年月格式无法识别：{value}")
        return datetime.date(int(year), month, 1), True
    if isinstance(value, int | float):
        value = int(value)
        text = str(value)
    else:
        text = clean_text(value).replace(" ", "")
    if not text:
        return None
    if re.fullmatch(r"(19|20)\d{2}(0[1-9]|1[0-2])", text):
        return datetime.date(int(text[:4]), int(text[4:]), 1), True
    if re.fullmatch(r"(19|20)\d{2}", text):
        raise ValueError(f"出生年月只有年份：{text}（请写成如 {text}-03）")
    if re.fullmatch(r"(19|20)\d{2}\s*[年/\-.]\s*\d{1,2}\s*月?", text):
        parsed = parse_date(text)
        return parsed, True
    if isinstance(value, int) and not re.fullmatch(r"\d{8}", text):
        return parse_date(value), False  # an Excel serial
    return parse_date(text), False


def _from_id(number: str) -> tuple[datetime.date, str]:
    birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    gender = Gender.MALE if int(number[16]) % 2 else Gender.FEMALE
    return birth, gender


def parse_row(raw: dict, today: datetime.date):
    """→ (clean dict, [(column key, raw value, reason)]). Values None mean "not given"."""
    out, errors = {"derived": []}, []

    def attempt(key, fn):
        if key not in raw:
            return None
        try:
            return fn(raw[key])
        except ValueError as exc:
            errors.append((key, raw[key], str(exc)))
            return None

    try:
        out["name"] = parse_name(raw.get("name"))
    except ValueError as exc:
        out["name"] = ""
        errors.append(("name", raw.get("name"), str(exc)))
    code = clean_text(raw.get("credit_code")).upper().replace(" ", "").replace("-", "")
    if not code:
        errors.append(("credit_code", "", "所在企业统一社会信用代码不能为空"))
    else:
        try:
            code = check_credit_code(code)
        except ValueError as exc:
            errors.append(("credit_code", raw.get("credit_code"), str(exc)))
            code = ""
    out["credit_code"] = code
    out["titles"] = attempt("title", parse_titles) or []
    out["gender"] = attempt("gender", parse_gender) or None
    out["political_status"] = attempt("political_status", parse_political_status) or None
    out["education"] = attempt("education", parse_education) or None
    out["phone"] = attempt("phone", parse_mobile) or None
    out["id_number"] = attempt("id_number", parse_id_number) or None
    out["id_number_hash"] = blind_index(out["id_number"]) if out["id_number"] else None
    for key in BOOL_FIELDS:
        out[key] = attempt(key, parse_bool)
    birth = attempt("birth_date", parse_birth)
    month_only = False
    if birth is not None:
        birth, month_only = birth
        if birth > today:
            errors.append(("birth_date", raw.get("birth_date"), "出生日期不能晚于今天"))
        elif birth.year < 1900 or birth < today.replace(year=today.year - 120):
            errors.append(("birth_date", raw.get("birth_date"), f"出生日期不合理：{birth:%Y-%m-%d}"))
    out["birth_date"] = birth
    if out["id_number"]:
        id_birth, id_gender = _from_id(out["id_number"])
        if birth is not None:
            same_month = (birth.year, birth.month) == (id_birth.year, id_birth.month)
            if same_month and (month_only or birth.day in (1, id_birth.day)):
                out["birth_date"] = id_birth  # a typed month often reaches us as the 1st of it
            elif birth != id_birth:
                errors.append(("birth_date", raw.get("birth_date"),
                               f"出生年月与身份证号不一致（身份证号为 {id_birth:%Y年%m月%d日}）"))  # fmt: skip
        else:
            out["birth_date"] = id_birth
            out["derived"].append("birth_date")
        if out["gender"] and out["gender"] != id_gender:
            errors.append(("gender", raw.get("gender"),
                           f"性别与身份证号不一致（身份证号为{Gender(id_gender).label}性）"))  # fmt: skip
        elif not out["gender"]:
            out["gender"] = id_gender
            out["derived"].append("gender")
    return out, errors


# ---------------------------------------------------------------- pass 1: check


class _Scope:
    """Which enterprises an import into `organization` may attach people to."""

    def __init__(self, organization):
        self.organization = organization
        self.chamber = organization if organization.kind == OrgKind.CHAMBER else None
        if self.chamber is not None:
            self.member_ids = set(
                Membership.unscoped_objects.filter(chamber=self.chamber, left_on__isnull=True).values_list(
                    "enterprise_id", flat=True
                )
            )
            self.federation_ids = None
        else:
            self.member_ids = None
            self.federation_ids = set(
                Organization.objects.filter(path__startswith=organization.path, kind=OrgKind.FEDERATION)
                .values_list("pk", flat=True)
            )  # fmt: skip
        self.enterprises: dict[str, tuple | None] = {}  # credit code → (pk, federation_id, name) or None

    def covers(self, enterprise_id, federation_id) -> bool:
        if self.chamber is not None:
            return enterprise_id in self.member_ids
        return federation_id in self.federation_ids

    def load(self, codes):
        wanted = [c for c in set(codes) if c and c not in self.enterprises]
        for i in range(0, len(wanted), BATCH):
            chunk = wanted[i : i + BATCH]
            found = {
                code: (pk, fed, name)
                for code, pk, fed, name in Enterprise.unscoped_objects.filter(
                    credit_code__in=chunk
                ).values_list("credit_code", "pk", "federation_id", "name")
            }
            for code in chunk:
                hit = found.get(code)
                self.enterprises[code] = hit if hit and self.covers(hit[0], hit[1]) else None


# Existing people as compared: the ID number by its blind index (nothing to decrypt).
PERSON_VALUES = (
    "pk",
    "federation_id",
    "enterprise_id",
    *(f for f in FIELDS if f != "id_number"),
    "id_number_hash",
)


class _Seen:
    """Who the rows so far were: by their key, by the person they matched, and (rows with an ID number) by
    (enterprise, name, phone) so that a later row without the number cannot create the same person again."""

    def __init__(self):
        self.keys: dict[tuple, int] = {}
        self.people: dict[int, int] = {}
        self.loose: dict[tuple, int] = {}


def check_file(path, filename, organization, *, progress=None, spool=True, today=None) -> CheckResult:
    """Pass 1: counts, preview, error rows, and (spool=True) the spool of changes. Writes nothing."""
    today = today or timezone.localdate()
    cols = columns()
    headers = {c.key: c.header for c in cols}
    table = open_table(path, filename, cols)
    result = CheckResult(total=0, columns=[c.key for c in cols if c.key in table.positions])
    scope = _Scope(organization)
    seen = _Seen()

    def error(number, key, value, reason):
        if len(result.errors) < MAX_REPORTED_ERRORS:
            shown = clean_text(value)
            if key == "id_number":
                shown = mask_id_number(shown)  # the report is kept on disk: no ID numbers in it
            result.errors.append(RowError(number, headers.get(key, key), shown, reason))

    def checked_rows():
        for number, raw in table.rows():
            if is_example(clean_text(raw.get("name"))):
                continue
            result.total += 1
            clean, errors = parse_row(raw, today)
            if errors:
                result.error_rows += 1
                for key, value, reason in errors:
                    error(number, key, value, reason)
                continue
            yield number, clean, raw

    return classify_in_batches(
        result,
        checked_rows(),
        lambda batch, spool_file: _classify(batch, scope, seen, result, spool_file, error),
        spool_prefix="people-" if spool else None,
        progress=progress,
        estimated_rows=table.estimated_rows,
    )


def _match(clean, ent_id, fed_id, by_id, by_enterprise):
    """→ (existing person values or None, error reason or None)."""
    number, name, phone = clean["id_number_hash"], clean["name"], clean["phone"]
    if number:
        found = by_id.get((fed_id, number))
        if found is not None:
            return found, None
    candidates = [p for p in by_enterprise.get(ent_id, ()) if p["name"] == name]
    if number:
        candidates = [p for p in candidates if not p["id_number_hash"]]  # another ID on file: someone else
    if phone:
        exact = [p for p in candidates if p["phone"] == phone]
        candidates = exact or [p for p in candidates if not p["phone"]]
    if len(candidates) > 1:
        return None, (
            f"所在企业已登记 {len(candidates)} 位名为“{name}”的企业家，无法确定更新哪一位；"
            "请填写手机或身份证号加以区分"
        )
    return (candidates[0] if candidates else None), None


def _classify(batch, scope: _Scope, seen: _Seen, result: CheckResult, spool_file, error):
    scope.load(clean["credit_code"] for _, clean, _ in batch)
    found = [scope.enterprises[c["credit_code"]] for _, c, _ in batch]
    ent_ids = {e[0] for e in found if e}
    fed_ids = {e[1] for e in found if e}
    numbers = [c["id_number_hash"] for _, c, _ in batch if c["id_number_hash"]]
    people: dict[int, dict] = {}
    if numbers:  # the column is encrypted: look the numbers up by their blind index
        for values in Person.unscoped_objects.filter(
            federation_id__in=fed_ids, id_number_hash__in=numbers
        ).values(*PERSON_VALUES):
            people[values["pk"]] = values
    names = {c["name"] for _, c, _ in batch}
    for values in Person.unscoped_objects.filter(enterprise_id__in=ent_ids, name__in=names).values(
        *PERSON_VALUES
    ):
        people[values["pk"]] = values
    by_id = {(p["federation_id"], p["id_number_hash"]): p for p in people.values() if p["id_number_hash"]}
    by_enterprise: dict[int, list[dict]] = {}
    for p in people.values():
        by_enterprise.setdefault(p["enterprise_id"], []).append(p)
    roles = set()
    if people:
        roles = set(
            PersonRole.unscoped_objects.filter(person_id__in=list(people)).values_list(
                "person_id", "enterprise_id", "title"
            )
        )
    records = []
    for number, clean, raw in batch:
        code = clean["credit_code"]
        enterprise = scope.enterprises[code]
        if enterprise is None:
            where = "本商会的会员企业" if scope.chamber is not None else "本工商联的企业"
            result.error_rows += 1
            error(number, "credit_code", raw.get("credit_code"),
                  f"在{where}中找不到统一社会信用代码为 {code} 的企业（请先导入企业名册）")  # fmt: skip
            continue
        ent_id, fed_id, ent_name = enterprise
        existing, reason = _match(clean, ent_id, fed_id, by_id, by_enterprise)
        moved = reason is None and existing is not None and existing["enterprise_id"] != ent_id
        if moved and not scope.covers(existing["enterprise_id"], existing["federation_id"]):
            reason = "该身份证号的企业家已登记在本商会会员企业以外的企业，不能在此导入"
        if reason is None:
            loose = ("name", ent_id, clean["name"], clean["phone"] or "")
            if clean["id_number"]:
                key, column, what = ("id", fed_id, clean["id_number"]), "id_number", "身份证号"
                earlier = seen.keys.get(key)
            else:
                key, column = loose, "name"
                what = "所在企业、姓名和手机" if clean["phone"] else "所在企业和姓名"
                earlier = seen.keys.get(key) or seen.loose.get(key)
            if earlier:
                reason = f"与第 {earlier} 行的{what}相同（同一人只能出现一次）"
            elif existing is not None and existing["pk"] in seen.people:
                reason = f"与第 {seen.people[existing['pk']]} 行对应的是同一位企业家"
            else:
                seen.keys[key] = number
                if clean["id_number"]:
                    seen.loose.setdefault(loose, number)
                if existing is not None:
                    seen.people[existing["pk"]] = number
        else:
            column = "id_number" if "身份证号" in reason else "name"
        if reason is not None:
            result.error_rows += 1
            error(number, column, raw.get(column), reason)
            continue
        record = {"row": number, "person_id": None, "federation_id": fed_id, "enterprise_id": ent_id,
                  "id_number_hash": clean["id_number_hash"] or ""}  # fmt: skip
        if existing is None:
            status = "new"
            for key in FIELDS:
                value = clean[key]
                record[key] = value if value is not None else (False if key in BOOL_FIELDS else "")
            record["birth_date"] = clean["birth_date"]
            record["titles"] = clean["titles"]
        else:
            record["person_id"] = existing["pk"]
            changed = []
            for key in FIELDS:
                if key == "id_number":
                    new, old = clean["id_number_hash"], existing["id_number_hash"]
                else:
                    new, old = clean[key], existing[key]
                if new is None or new == old or (key in clean["derived"] and old not in ("", None)):
                    record[key] = None
                else:
                    record[key] = clean[key]
                    changed.append(key)
            if existing["enterprise_id"] != ent_id:
                changed.append("enterprise")
            record["titles"] = [t for t in clean["titles"] if (existing["pk"], ent_id, t) not in roles]
            if record["titles"]:
                changed.append("titles")
            record["changed"] = changed
            status = "updated" if changed else "unchanged"
        counter = {"new": "created"}.get(status, status)
        setattr(result, counter, getattr(result, counter) + 1)
        if len(result.preview) < PREVIEW_ROWS:
            result.preview.append(
                {"row": number, "status": status, "name": clean["name"], "credit_code": code,
                 "enterprise": ent_name, "titles": "、".join(RoleTitle(t).label for t in clean["titles"]),
                 "phone": mask_phone(clean["phone"] or "")}
            )  # fmt: skip
        if status != "unchanged":
            records.append(record)
    if spool_file is not None and records:
        pickle.dump(records, spool_file, protocol=pickle.HIGHEST_PROTOCOL)
        result.spooled += len(records)


def _read_spool(path):
    with open(path, "rb") as fh:
        while True:
            try:
                yield pickle.load(fh)
            except EOFError:
                return


# ---------------------------------------------------------------- pass 2: write


INSERT_ROWS = 500  # rows per multi-row INSERT on SQLite (it allows 32766 parameters)
INSERT_COLUMNS = ("federation", "enterprise", *FIELDS, "id_number_hash", "created_at", "updated_at")


_PLAIN_FIELDS = (
    models.CharField,
    BlindIndexField,
    models.BooleanField,
    models.ForeignKey,
    models.BigAutoField,
)


def _db_values(columns, rows):
    """Rows of Python values → rows of database values: through the field's own conversion where it has
    one to do (dates, datetimes, any custom field), as they are for plain text, booleans and ids."""
    conn = connections[Person.unscoped_objects.db]  # the real connection, not the proxy: 100 000s of calls
    convert = [
        None if type(f) in _PLAIN_FIELDS else f.get_db_prep_save
        for f in (Person._meta.get_field(c) for c in columns)
    ]
    if not any(convert):
        return rows
    same: dict[tuple[int, int], object] = {}  # the one `now` of every row is converted once

    def db(i, fn, v):
        if fn is None:
            return v
        if isinstance(v, datetime.datetime):
            key = (i, id(v))
            if key not in same:
                same[key] = fn(v, conn)
            return same[key]
        return fn(v, conn)

    return [[db(i, fn, v) for i, (fn, v) in enumerate(zip(convert, row, strict=True))] for row in rows]


def _insert_people(cursor, rows) -> list[int]:
    """INSERT the rows (values for INSERT_COLUMNS) and return their new ids, in order."""
    qn = connection.ops.quote_name
    table = Person._meta.db_table
    names = [qn(Person._meta.get_field(c).column) for c in INSERT_COLUMNS]
    if connection.vendor == "postgresql":
        # Ids drawn from the table's own sequence, then one COPY: no per-row statement at all.
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [table, len(rows)])  # fmt: skip
        ids = [pk for (pk,) in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {qn(table)} (id, {', '.join(names)}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row([pk, *row])
        return ids
    ids = []
    row_sql = "(" + ", ".join(["%s"] * len(names)) + ")"
    for i in range(0, len(rows), INSERT_ROWS):
        chunk = rows[i : i + INSERT_ROWS]
        cursor.execute(
            f"INSERT INTO {qn(table)} ({', '.join(names)}) VALUES {', '.join([row_sql] * len(chunk))} "
            f"RETURNING id",
            [v for row in chunk for v in row],
        )
        ids += [pk for (pk,) in cursor.fetchall()]
    return ids


def _insert_roles(cursor, roles) -> None:
    """(person_id, enterprise_id, title) rows; those already there are skipped."""
    table = connection.ops.quote_name(PersonRole._meta.db_table)
    if connection.vendor == "postgresql":
        cursor.execute("CREATE TEMP TABLE person_roles_in (person_id bigint, enterprise_id bigint, "
                       "title varchar(30)) ON COMMIT DROP")  # fmt: skip
        with cursor.cursor.copy("COPY person_roles_in FROM STDIN") as copy:
            for row in roles:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO {table} (person_id, enterprise_id, title) "
                       "SELECT person_id, enterprise_id, title FROM person_roles_in ON CONFLICT DO NOTHING")  # fmt: skip
        cursor.execute("DROP TABLE person_roles_in")
        return
    for i in range(0, len(roles), INSERT_ROWS):
        chunk = roles[i : i + INSERT_ROWS]
        cursor.execute(
            f"INSERT INTO {table} (person_id, enterprise_id, title) VALUES "
            f"{', '.join(['(%s, %s, %s)'] * len(chunk))} ON CONFLICT DO NOTHING",
            [v for row in chunk for v in row],
        )


def write_spool(result: CheckResult) -> None:
    """Set-based writes: new people (COPY on PostgreSQL, multi-row INSERT … RETURNING elsewhere), one
    executemany UPDATE per set of changed columns, and the added roles (INSERT … ON CONFLICT DO NOTHING).
    Plain SQL rather than bulk_create/bulk_update: at 20 000 rows the ORM's per-object work dominated."""
    if not result.spooled:
        return
    now = timezone.now()
    qn = connection.ops.quote_name
    table = qn(Person._meta.db_table)
    plain = {"enterprise": "enterprise_id", "federation": "federation_id"}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The name's pg_trgm GIN index takes the new rows as one sorted batch (see importing.py).
            cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")
        roles = []
        for batch in _read_spool(result.spool_path):
            new = [r for r in batch if r["person_id"] is None]
            if new:
                values = _db_values(
                    INSERT_COLUMNS,
                    [
                        [
                            r["federation_id"],
                            r["enterprise_id"],
                            *(r[k] for k in FIELDS),
                            r["id_number_hash"],
                            now,
                            now,
                        ]
                        for r in new
                    ],
                )
                for r, pk in zip(new, _insert_people(cursor, values), strict=True):
                    r["person_id"] = pk
            groups: dict[tuple, list] = {}
            for r in batch:
                changed = tuple(k for k in r.get("changed", ()) if k != "titles")
                if changed:
                    groups.setdefault(changed, []).append(r)
            for changed, rows in groups.items():
                columns = [c for c in FIELDS if c in changed]
                if "id_number" in changed:
                    columns.append("id_number_hash")
                if "enterprise" in changed:
                    columns += ["enterprise", "federation"]
                sets = ", ".join(
                    f"{qn(Person._meta.get_field(c).column)} = %s" for c in [*columns, "updated_at"]
                )
                values = _db_values(
                    [*columns, "updated_at", "id"],
                    [[r[plain.get(c, c)] for c in columns] + [now, r["person_id"]] for r in rows],
                )
                cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", values)
            roles += [(r["person_id"], r["enterprise_id"], t) for r in batch for t in r["titles"]]
        if roles:
            _insert_roles(cursor, roles)


# ---------------------------------------------------------------- jobs


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
        _drop_upload(job)
    elif result.created + result.updated == 0:
        _save(job, message="文件与系统中的数据一致，确认导入不会修改任何数据。")
    return job


def apply_job(job: ImportJob, *, actor=None) -> ImportJob:
    """Pass 1 again (the registry may have changed since the preview), then the writes in one
    transaction; audited once with the counts."""
    outcome = confirm_and_write(
        job,
        actor=actor,
        what="企业家名册",
        check=lambda: check_file(job.file.path, job.original_name, job.organization, progress=_progress(job)),
        write=write_spool,
    )
    if outcome is not None:
        _store_result(job, outcome[0], ImportStatus.DONE)
        _save(job, finished_at=timezone.now(), message="导入完成。")
    if job.status in (ImportStatus.DONE, ImportStatus.INVALID):
        _drop_upload(job)
    return job


def _drop_upload(job: ImportJob) -> None:
    """The uploaded file holds ID numbers and phones in clear: once the job can no longer be confirmed it
    is deleted (the registry keeps the numbers encrypted; the job keeps counts, preview and error report)."""
    if job.file:
        job.file.delete(save=False)
        _save(job, file="")
