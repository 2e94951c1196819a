"""The one phone rule (core.phones): mobile or landline with area code, in forms, the API and imports."""

import pytest
from django.core.exceptions import ValidationError

from shanglian.core.phones import normalize_phone, validate_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("0532-87654321", "053287654321"),
        ("(0532) 8765-4321", "053287654321"),
        ("010-62345678", "01062345678"),
        ("0532-87654321-801", "053287654321-801"),
        ("", ""),
    ],
)
def test_numbers_accepted(typed, stored):
    assert normalize_phone(typed) == stored
    validate_phone(typed)


@pytest.mark.parametrize(
    "typed", ["abc", "1", "123456", "87654321", "12345678901", "0532-123", "138001380001"]
)
def test_anything_else_refused_in_chinese(typed):
    with pytest.raises(ValueError, match="电话号码格式不正确"):
        normalize_phone(typed)
    with pytest.raises(ValidationError) as exc:
        validate_phone(typed)
    assert "手机号码" in exc.value.messages[0]
