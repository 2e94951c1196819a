import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric

from shanglian.registry.codes import (
    credit_code_validator,
    id_number_validator,
    make_credit_code,
    pinyin_of,
    validate_credit_code,
    validate_id_number,
)


def test_credit_codes_made_for_demo_are_valid():
    code = make_credit_code(123456, kind="91")
    assert validate_credit_code(code) == code
    credit_code_validator(code)


_GOOD = make_credit_code(1)
_WRONG_CHECK = _GOOD[:-1] + ("0" if _GOOD[-1] != "0" else "1")


@pytest.mark.parametrize(
    "value,message",
    [("123", "18 位"), ("91370214MA3C1234I!", "非法字符"), (_WRONG_CHECK, "校验位")],
)
def test_bad_credit_codes_are_refused_in_chinese(value, message):
    with pytest.raises(ValueError, match=message):
        validate_credit_code(value)
    with pytest.raises(ValidationError):
        credit_code_validator(value)


def test_id_numbers():
    first17 = "37020219850101001"
    good = first17 + ric.calc_check_digit(first17 + "0")
    assert validate_id_number(good) == good
    id_number_validator("")  # optional
    bad_check = first17 + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValueError, match="校验位"):
        validate_id_number(bad_check)
    with pytest.raises(ValueError, match="18 位"):
        validate_id_number("3702141980")
    with pytest.raises(ValidationError):
        id_number_validator("370214198013010012")


def test_pinyin_full_and_initials():
    full, initials = pinyin_of("青岛海尔股份有限公司")
    assert full == "qingdaohaiergufenyouxiangongsi"
    assert "qdhegfyxgs" in initials.split() and "qdhrgfyxgs" in initials.split()
    assert pinyin_of("ABC青岛(中国)有限公司") == ("abcqingdaozhongguoyouxiangongsi", "abcqdzgyxgs")
    assert pinyin_of("城阳3D打印")[1] == "cy3ddy"
    assert pinyin_of("") == ("", "")
