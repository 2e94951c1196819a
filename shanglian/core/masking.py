"""Masking of personal numbers for roles that do not own the record (等保 二级: 个人信息保护)."""

import re


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    return "****"


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    if len(value) >= 8:
        return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"
    return "****"
