import datetime
from decimal import Decimal

import pytest

from shanglian.excel.normalize import (
    choice_parser,
    clean_text,
    parse_amount,
    parse_choice,
    parse_date,
    parse_int,
    parse_phone,
    split_list,
)
from shanglian.registry.models import EnterpriseScale


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("2020/1/5", datetime.date(2020, 1, 5)),
        ("2020-01-05", datetime.date(2020, 1, 5)),
        ("2020.1.5", datetime.date(2020, 1, 5)),
        ("2020年1月5日", datetime.date(2020, 1, 5)),
        (" ２０２０年１月５日 ", datetime.date(2020, 1, 5)),
        ("20200105", datetime.date(2020, 1, 5)),
        ("2020年3月", datetime.date(2020, 3, 1)),
        (43835, datetime.date(2020, 1, 5)),
        (43835.0, datetime.date(2020, 1, 5)),
        ("43835", datetime.date(2020, 1, 5)),
        (datetime.datetime(2020, 1, 5, 10, 30), datetime.date(2020, 1, 5)),
        (datetime.date(2020, 1, 5), datetime.date(2020, 1, 5)),
        ("", None),
        (None, None),
    ],
)
def test_dates_as_users_type_them(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2020/2/30", "明年", "2020-13-01", -5, True])
def test_bad_dates_say_why_in_chinese(raw):
    with pytest.raises(ValueError, match="日期"):
        parse_date(raw)


@pytest.mark.parametrize(
    "raw,unit,expected",
    [
        ("1,234.5", 1, Decimal("1234.50")),
        ("１２３４", 1, Decimal("1234.00")),
        ("120万", 1, Decimal("1200000.00")),
        ("120万元", 10000, Decimal("120.00")),
        ("5000元", 10000, Decimal("0.50")),
        ("1.2亿", 10000, Decimal("12000.00")),
        ("¥3,000", 1, Decimal("3000.00")),
        ("-12.5", 1, Decimal("-12.50")),
        (85.5, 10000, Decimal("85.50")),
        ("", 1, None),
    ],
)
def test_amounts_with_units_and_separators(raw, unit, expected):
    assert parse_amount(raw, unit=unit) == expected


def test_bad_amount():
    with pytest.raises(ValueError, match="金额"):
        parse_amount("一百万")


def test_text_is_nfkc_trimmed_and_collapsed():
    assert clean_text("　ＡＢＣ１２３　公司  名\u200b ") == "ABC123 公司 名"
    assert clean_text(12345.0) == "12345"
    assert clean_text("'=SUM(A1)") == "=SUM(A1)"  # our own export guard comes off again
    assert clean_text(None) == ""
    # the fast path (printable, already NFKC) and the slow one agree
    assert clean_text(" 青岛  海尔 ") == "青岛 海尔"
    assert clean_text("青岛\u200b海尔") == "青岛海尔"  # zero-width: not printable, normalised away
    assert clean_text("青岛\u3000海尔") == "青岛 海尔"  # ideographic space
    assert clean_text("青岛\n海尔") == "青岛 海尔"
    assert clean_text("ｶ①") == "カ1"  # printable but not NFKC


def test_ints_choices_phones_lists():
    assert parse_int("1,200人") == 1200
    assert parse_int(45.0) == 45
    with pytest.raises(ValueError, match="整数"):
        parse_int("4.5")
    with pytest.raises(ValueError, match="不能小于"):
        parse_int(-1)
    assert parse_choice("小型", EnterpriseScale.choices) == "small"
    assert parse_choice("Small", EnterpriseScale.choices) == "small"
    with pytest.raises(ValueError, match="可选"):
        parse_choice("巨型", EnterpriseScale.choices)
    scale = choice_parser(EnterpriseScale.choices)
    assert scale(" 小型 ") == "small" and scale("SMALL") == "small" and scale("") == ""
    with pytest.raises(ValueError, match="“巨型”不是可选值（可选：大型、中型、小型、微型）"):
        scale("巨型")
    # a linear scan's first match wins: "b" is the key of the 2nd choice and the label of the 1st
    assert parse_choice("b", (("a", "b"), ("b", "c"))) == "a"
    assert parse_phone("0532-8888 6666") == "053288886666"
    assert parse_phone("＋86 138 0000 0000") == "13800000000"  # one rule: core.phones
    assert parse_phone("053288886666") == "053288886666"
    with pytest.raises(ValueError, match="电话"):
        parse_phone("123456")
    with pytest.raises(ValueError, match="电话"):
        parse_phone("call me")
    assert split_list("高新技术企业、专精特新，规上企业; x") == ["高新技术企业", "专精特新", "规上企业", "x"]


def test_control_and_bidi_characters_are_named_and_stripped():
    """Issue 11 defect 7: BEL/ESC/DEL/C1 and bidi controls are refused by imports (forbidden_character)
    and never survive clean_text (what is shown or compared)."""
    from shanglian.excel.normalize import forbidden_cells, forbidden_character

    for char in ("\x07", "\x1b", "\x7f", "\x85", "\u202e", "\u2066", "\u200f", "\x00"):
        assert forbidden_character(f"青岛{char}有限公司") is not None
        assert clean_text(f"青岛{char}有限公司") == "青岛有限公司"
        assert clean_text(f"abc{char}def") == "abcdef"
    assert "U+202E" in forbidden_character("a\u202eb") and "方向" in forbidden_character("a\u202eb")
    assert "NUL" in forbidden_character("a\x00b")
    assert forbidden_character("青岛 海尔\t有限公司\n") is None  # whitespace is collapsed, not refused
    assert forbidden_cells({"name": "好\x1b名", "employees": 3.0, "legal": "张三"}) == [
        ("name", "好\x1b名", "含有不可见的控制字符（U+001B），请删除后重新填写")
    ]


def test_numbers_beyond_any_column_are_chinese_errors():
    """Issue 11 defect 6: 1e30 raised decimal.InvalidOperation (a 500) inside quantize."""
    for value in (1e30, "1e30", "1E+30万元", -1e25):
        with pytest.raises(ValueError, match="金额过大"):
            parse_amount(value, unit=10000, places=6)
    with pytest.raises(ValueError, match="数值过大"):
        parse_int("99999999999999999999")
    with pytest.raises(ValueError, match="数值过大"):
        parse_int("9" * 5000)
    assert parse_int("8361555697") == 8361555697  # the column's own bound is the importer's (员工数过大)
