"""企业家名册导入, the cells of a row: what users type in each column → clean values, or a Chinese reason.

`parse_row()` parses one row of the upload (`person.columns()`) into the values pass 1 compares
with the registry (`person.check_file`), with a (column, raw value, reason) per bad cell. It
reads nothing from the database. An optional cell left blank comes out as None ("not given": the value on
file is kept), a blank 企业职务 as no roles.
When the 身份证号 is given, the 出生年月 and 性别 must agree with it; blank ones are taken from it.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from stdnum.cn import ric

from shanglian.core.crypto import blind_index
from shanglian.excel.normalize import clean_text, forbidden_cells, parse_date, split_list
from shanglian.registry.codes import check_credit_code, validate_id_number
from shanglian.registry.models import Education, Gender, PoliticalStatus, RoleTitle
from shanglian.registry.services import PERSON_FIELDS

# (column key, raw cell, Chinese reason) of a bad cell.
CellError = tuple[str, Any, str]

# What a person form edits, less the enterprise (a row names it by credit code): compared and written.
FIELDS = tuple(f for f in PERSON_FIELDS if f != "enterprise")

BOOL_FIELDS = ("is_npc_deputy", "is_cppcc_member")
NAME_MAX = 50


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

    def __init__(self, choices_class: Any, aliases: dict[str, Any], what: str) -> None:
        self.what = what
        self.lookup = {str(a).lower(): str(code) for a, code in aliases.items()}
        for code, label in choices_class.choices:
            self.lookup[str(code).lower()] = str(code)
            self.lookup[str(label)] = str(code)
        self.labels = "、".join(str(label) for label in choices_class.labels)

    def __call__(self, value: Any) -> str:
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


def parse_political_status(value: Any) -> str:
    text = clean_text(value).replace(" ", "")
    if text.startswith(DEMOCRATIC_PARTIES):
        return str(PoliticalStatus.DEMOCRATIC_PARTY)
    return _political(value)


def parse_education(value: Any) -> str:
    text = clean_text(value).replace(" ", "").lower()
    for suffix in ("学历", "毕业", "在读"):
        text = text.removesuffix(suffix)
    return _education(text)


def parse_titles(value: Any) -> list[str]:
    titles: list[str] = []
    for part in split_list(clean_text(value).replace("兼", "、")):
        title = _title(part)
        if title not in titles:
            titles.append(title)
    return titles


def parse_bool(value: Any) -> bool | None:
    """是/否, Y/N, 1/0, √/×, TRUE/FALSE; blank → None (leave alone)."""
    text = clean_text(value).lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"“{clean_text(value)}”应填写“是”或“否”")


def parse_name(value: Any) -> str:
    text = clean_text(value)
    if " " in text and _CJK.fullmatch(text.replace(" ", "")):
        text = text.replace(" ", "")  # "张  三": padded for alignment
    if not text:
        raise ValueError("姓名不能为空")
    if len(text) > NAME_MAX:
        raise ValueError(f"姓名不能超过 {NAME_MAX} 个字")
    if any(ch.isdecimal() for ch in text):
        raise ValueError(f"姓名中不应有数字：{text}")
    return text


def parse_mobile(value: Any) -> str:
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


def parse_id_number(value: Any) -> str:
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


def parse_birth(value: Any) -> tuple[datetime.date, bool] | None:
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
        return None if parsed is None else (parsed, True)
    if isinstance(value, int) and not re.fullmatch(r"\d{8}", text):
        parsed = parse_date(value)  # an Excel serial
    else:
        parsed = parse_date(text)
    return None if parsed is None else (parsed, False)


def _from_id(number: str) -> tuple[datetime.date, str]:
    birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    gender = Gender.MALE if int(number[16]) % 2 else Gender.FEMALE
    return birth, gender


def parse_row(raw: dict[str, Any], today: datetime.date) -> tuple[dict[str, Any], list[CellError]]:
    """→ (clean dict, [(column key, raw value, reason)]). Values None mean "not given"."""
    out: dict[str, Any] = {"derived": []}
    # Control and bidi characters, NUL (issue 11 defects 6 and 7): refused in any text cell.
    errors: list[CellError] = list(forbidden_cells(raw))

    def attempt(key: str, fn: Any) -> Any:
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
