"""The one phone-number rule: a mainland mobile number or a landline with its area code.

Every phone column names `validate_phone` among its validators (forms and the API's `api_str` run a
column's validators), and the importers parse with `normalize_phone`, so "abc" or "123" is refused the same
way wherever a number is typed. Accepted: 13800138000, +86 138 0013 8000, 0532-87654321, (0532)8765-4321,
0532-87654321-801 (an extension). Stored as typed; imports store the compact digits.
"""

import re

from django.core.exceptions import ValidationError

MOBILE_RE = re.compile(r"1[3-9]\d{9}")
# Area codes are 3–4 digits starting with 0 (010, 0532); the number 7–8 digits; an extension 1–6.
LANDLINE_RE = re.compile(r"0\d{2,3}[2-9]\d{6,7}")
_EXTENSION_RE = re.compile(r"(.*?)(?:转|-|#|ext\.?)(\d{1,6})", re.IGNORECASE)
_SEPARATORS_RE = re.compile(r"[\s\-()（）]")
MESSAGE = "电话号码格式不正确：应为 11 位手机号码，或带区号的固定电话（如 0532-87654321）"


def normalize_phone(value: str) -> str:
    """The number's digits ("0532-8765 4321" → "053287654321", "+86 138…" → "138…"; an extension kept
    as "-801"); "" for blank. Raises ValueError (Chinese) for anything that is not a phone number."""
    text = (value or "").strip()
    if not text:
        return ""
    compact = _SEPARATORS_RE.sub("", text)
    for prefix in ("+86", "0086"):
        if compact.startswith(prefix):
            compact = compact[len(prefix) :]
    if compact.startswith("86") and len(compact) == 13 and MOBILE_RE.fullmatch(compact[2:]):
        compact = compact[2:]
    if MOBILE_RE.fullmatch(compact) or LANDLINE_RE.fullmatch(compact):
        return compact
    # An extension needs its separator to be told from the number's own digits.
    match = _EXTENSION_RE.fullmatch(text.replace(" ", ""))
    if match:
        main = _SEPARATORS_RE.sub("", match.group(1))
        if LANDLINE_RE.fullmatch(main):
            return f"{main}-{match.group(2)}"
    raise ValueError(f"{MESSAGE}，收到“{text}”")


def is_phone(value: str) -> bool:
    try:
        normalize_phone(value)
    except ValueError:
        return False
    return True


def validate_phone(value: str) -> None:
    """The model-field validator (forms, admin, the API through `core.validation.api_str`)."""
    if value and not is_phone(value):
        raise ValidationError(MESSAGE, code="phone")
