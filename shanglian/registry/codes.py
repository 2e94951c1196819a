"""统一社会信用代码 (GB 32100-2015) helpers, on top of python-stdnum."""

import operator
import re

from stdnum.cn import uscc

_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_code_check(body: str) -> str:
    # GB 11714 organisation-code check character over the 8-character body.
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def make_credit_code(serial: int, *, region: str = "370214", kind: str = "92") -> str:
    """A valid, deterministic code for demo and benchmark data: the serial is the org-code body.

    kind "91" = 工商 企业, "92" = 个体工商户, "51" = 民政 社会团体 (a chamber's own code).
    """
    body = ""
    n = serial
    for _ in range(8):
        n, r = divmod(n, 10)
        body = str(r) + body
    org = body + _org_code_check(body)
    first17 = kind + region + org
    return first17 + uscc.calc_check_digit(first17 + "0")


def validate_credit_code(value: str) -> str:
    """Return the compact code or raise ValueError with a Chinese reason."""
    try:
        return uscc.validate(value)
    except uscc.InvalidLength:
        raise ValueError("统一社会信用代码应为 18 位")
    except uscc.InvalidFormat:
        raise ValueError("统一社会信用代码含有非法字符")
    except uscc.InvalidChecksum:
        raise ValueError("统一社会信用代码校验位错误")


def credit_code_validator(value: str) -> None:
    """Django field validator: a valid 统一社会信用代码."""
    from django.core.exceptions import ValidationError

    try:
        validate_credit_code(value)
    except ValueError as exc:
        raise ValidationError(str(exc), code="invalid")


def validate_id_number(value: str) -> str:
    """Return the compact 居民身份证号码 or raise ValueError with a Chinese reason."""
    from stdnum.cn import ric
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength

    try:
        return ric.validate(value)
    except InvalidLength:
        raise ValueError("身份证号应为 18 位")
    except InvalidChecksum:
        raise ValueError("身份证号校验位错误")
    except InvalidComponent:
        raise ValueError("身份证号中的出生日期或地区码无效")
    except Exception:
        raise ValueError("身份证号格式错误")


def id_number_validator(value: str) -> None:
    from django.core.exceptions import ValidationError

    if not value:
        return
    try:
        validate_id_number(value)
    except ValueError as exc:
        raise ValidationError(str(exc), code="invalid")


_MAX_INITIAL_VARIANTS = 4


def pinyin_of(name: str) -> tuple[str, str]:
    """Full pinyin and initials of a name, lower-case, letters and digits only.

    The initials field holds up to four space-separated variants: a zero-initial syllable "er"
    (尔/二/儿) is abbreviated both "e" and "r", so "qdhr" and "qdhe" both find 青岛海尔.
    """
    from pypinyin import lazy_pinyin

    name = name or ""
    full = "".join(ch for ch in "".join(lazy_pinyin(name)).lower() if ch.isascii() and ch.isalnum())
    variants = [""]
    for syllable in lazy_pinyin(name, errors=lambda chars: ["\x00" + chars]):
        latin = syllable.startswith("\x00")
        s = "".join(ch for ch in syllable.lower() if ch.isascii() and ch.isalnum())
        if not s:
            continue
        if latin:
            options = [s]  # latin words and digits pass through whole
        elif s == "er":
            options = ["e", "r"]
        else:
            options = [s[0]]
        variants = [v + o for v in variants for o in options][:_MAX_INITIAL_VARIANTS]
    return full[:800], " ".join(variants)[:200]


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
