"""Masking of personal numbers (等保 二级: 个人信息保护) — one rule everywhere: a list (a page of many people)
masks the phone and the 身份证号 alike for every role; a number is shown in full only on the person's own
page or in an export, and only to a user with the right (the record's editors for the phone,
`person.view_id_number` for the 身份证号)."""

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
