"""Property tests (hypothesis) for the parsers every import, form and API input goes through: dates, amounts
(元/万元/亿元), whole numbers, phone and mobile numbers, 统一社会信用代码, 身份证号 and Excel cells.

Two kinds of property: what a person may type for a value parses back to that value, and no input at all —
any text, number, date or None a cell may hold — escapes as anything but the documented ValueError with a
Chinese reason (another exception would be a 500 or a broken import)."""

import datetime
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from shanglian.core.dates import in_range
from shanglian.core.text import find_unsafe
from shanglian.excel.normalize import (
    MAX_AMOUNT,
    clean_text,
    parse_amount,
    parse_date,
    parse_int,
    parse_phone,
    split_list,
)
from shanglian.registry.codes import make_credit_code, validate_credit_code, validate_id_number
from shanglian.registry.imports.person_parsing import parse_mobile

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CELLS = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)
DAYS = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2030, 12, 31))
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def _chinese_reason(exc: ValueError) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))


def _only_value_errors(parse, value):
    try:
        return parse(value)
    except ValueError as exc:
        assert _chinese_reason(exc), f"{parse.__name__}({value!r}) refused without a Chinese reason: {exc}"
        return None


@FAST
@given(CELLS)
def test_no_cell_breaks_the_parsers(value):
    for parse in (parse_date, parse_amount, parse_int, parse_phone, parse_mobile):
        _only_value_errors(parse, value)
    assert isinstance(clean_text(value), str)
    assert isinstance(split_list(value), list)


@FAST
@given(st.text(max_size=30))
def test_clean_text_is_idempotent_and_printable(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert once == once.strip()
    assert find_unsafe(once) is None  # no control, bidi or zero-width character survives


@FAST
@given(
    DAYS,
    st.sampled_from(
        ["{y}-{m}-{d}", "{y}/{m}/{d}", "{y}年{m}月{d}日", "{y}.{m:02}.{d:02}", "{y}{m:02}{d:02}"]
    ),
)
def test_a_date_as_people_type_it_parses_back(day, pattern):
    text = pattern.format(y=day.year, m=day.month, d=day.day)
    if in_range(day):
        assert parse_date(text) == day
        assert parse_date(text.translate(FULL_WIDTH)) == day  # full-width digits from a Chinese IME
    else:
        _only_value_errors(parse_date, text)


@FAST
@given(DAYS)
def test_an_excel_serial_is_the_same_day(day):
    serial = (day - datetime.date(1899, 12, 30)).days
    if serial >= 61 and in_range(day):  # serials before 1 March 1900 carry Lotus's leap-year bug
        assert parse_date(serial) == day
        assert parse_date(float(serial)) == day


AMOUNTS = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False)


@FAST
@given(AMOUNTS)
@example(Decimal("1234.50"))
def test_an_amount_in_yuan_parses_back(amount):
    for text in (str(amount), f"{amount:,}", f"¥{amount}", f"{amount}元", f"人民币{amount:,}元"):
        assert parse_amount(text) == amount, text
    assert parse_amount(str(amount).translate(FULL_WIDTH)) == amount


@FAST
@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("1e8"), places=4, allow_nan=False))
def test_wan_and_yi_scale_to_the_column_unit(amount):
    # A 万元 column: "12.3456万元" is 12.3456 of it; the same in a 元 column is 123456 元.
    assert parse_amount(f"{amount}万元", unit=10_000, places=4) == amount
    assert parse_amount(f"{amount}万", places=2) == (amount * 10_000).quantize(Decimal("0.01"))
    assert parse_amount(f"{amount}亿元", unit=10_000, places=2) == (amount * 10_000).quantize(Decimal("0.01"))


@FAST
@given(st.one_of(st.text(max_size=30), st.floats(), st.integers()))
def test_an_amount_is_finite_and_bounded_or_refused(value):
    result = _only_value_errors(parse_amount, value)
    if result is not None:
        assert result.is_finite() and abs(result) < MAX_AMOUNT


@FAST
@given(st.integers(min_value=0, max_value=10**15))
def test_a_whole_number_parses_back(number):
    for value in (
        number,
        float(number) if number < 2**53 else number,
        str(number),
        f"{number:,}",
        f"{number}人",
    ):
        assert parse_int(value) == number, value


@FAST
@given(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.sampled_from(["", "-", " "]),
    st.sampled_from(["", "+86", "0086"]),
)
def test_a_mobile_number_with_separators_parses_to_its_digits(mobile, sep, prefix):
    typed = prefix + sep.join([mobile[:3], mobile[3:7], mobile[7:]])
    assert parse_mobile(typed) == mobile
    assert parse_phone(mobile) == mobile


@FAST
@given(st.from_regex(r"0[1-9][0-9]{1,2}-[2-9][0-9]{6,7}", fullmatch=True))
def test_a_landline_with_area_code_is_kept_as_digits(number):
    assert parse_phone(number) == number.replace("-", "")


ORG = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@FAST
@given(
    st.sampled_from(["11", "12", "13", "19", "51", "52", "53", "59", "91", "92", "93"]),
    st.from_regex(r"[1-6][0-9]{5}", fullmatch=True),
    st.integers(min_value=0, max_value=99_999_999),
)
def test_a_credit_code_with_its_check_character_is_accepted_and_one_without_is_not(kind, region, serial):
    code = make_credit_code(serial, region=region, kind=kind)
    assert validate_credit_code(code.lower()) == code
    wrong = code[:17] + next(c for c in ORG if c != code[-1])
    try:
        validate_credit_code(wrong)
    except ValueError as exc:
        assert _chinese_reason(exc)
    else:
        raise AssertionError(f"{wrong} has a wrong check character yet was accepted")


@FAST
@given(st.text(max_size=24))
def test_any_text_as_a_credit_code_or_id_number_is_accepted_or_refused_in_chinese(text):
    _only_value_errors(validate_credit_code, text)
    _only_value_errors(validate_id_number, text)


@FAST
@given(
    st.dates(min_value=datetime.date(1995, 1, 1), max_value=datetime.date(2008, 12, 31)), st.integers(0, 999)
)
def test_an_id_number_with_its_check_digit_is_accepted(birth, serial):
    # 370214 (城阳区) exists from 1994: python-stdnum refuses the code with an earlier birth year.
    first17 = f"370214{birth:%Y%m%d}{serial:03d}"
    number = first17 + ric.calc_check_digit(first17 + "0")  # stdnum wants the place of the check digit
    assert validate_id_number(number) == number
    wrong = "X" if number[-1] != "X" else "0"
    try:
        validate_id_number(first17 + wrong)
    except ValueError as exc:
        assert _chinese_reason(exc)
    else:
        raise AssertionError("a wrong check digit was accepted")
