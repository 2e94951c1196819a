"""The roster import parses a batch column by column (`roster_parsing.ColumnParser`): each column's parser
runs once per distinct value, and any row with something unusual goes to `parse_row` whole. Its answer
must be `parse_row`'s for every row — clean values, errors, their wording and order — on valid and
invalid cells alike, in a federation's file and in a chamber secretary's."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shanglian.registry.codes import make_credit_code
from shanglian.registry.imports import roster_parsing
from shanglian.registry.imports.roster_parsing import ColumnParser, _Lookups, parse_row
from shanglian.registry.imports.roster_schema import Target

TODAY = datetime.date(2026, 11, 29)
GOOD_CODES = [make_credit_code(800000 + n, kind="91") for n in range(6)]

# A few values per column, valid and invalid, so that values repeat within and across batches (the caches).
POOLS = {
    "credit_code": [*GOOD_CODES, GOOD_CODES[0].lower(), f" {GOOD_CODES[1]} ", GOOD_CODES[2][:-1] + "0", "", None,
                    "91370214MA3C0000X4", 12345.0],
    "name": ["青岛甲科技有限公司", " 青岛乙  商贸有限公司 ", "=HYPERLINK(1)", "", None, "企" * 201,
             "ＡＢＣ全角公司", "青岛\u202e反向公司", "（示例）青岛某某科技有限公司", 42.0],
    "legal_representative": ["张三", " 李四 ", "", None, "王" * 51, 7.0, True],
    "street": ["城阳", "流亭 ", "", None, "街" * 51, 1.0],
    "phone": ["13800138000", "0532-87654321", "053287654321", "+86 138 0013 8000", "123", "", None, 13800138000.0,
              "008621234567", "1" * 25],
    "industry": ["C34", "c34", "C34 通用设备制造业", "Z99", "", None, 34.0],
    "scale": ["小型", "small", "巨型", "", None, 1.0],
    "founded_on": [datetime.date(2015, 6, 1), "2015/6/1", "2015年6月1日", "20150601", "明天", "2099-01-01",
                   datetime.date(2099, 1, 1), datetime.date(1800, 1, 1), 42000.0, "", None, True,
                   datetime.datetime(2015, 6, 1, 0, 0)],
    "employees": [45.0, 45.5, -1.0, "1,200人", "abc", "", None, 3e9, "3000000000", True, 12],
    "tags": ["高新技术企业", "高新技术企业、专精特新", "不存在的标签", "high_tech", "", None, 1.0],
    "year": [2025.0, "2025", 2099.0, "去年", "", None],
    "revenue": [1200.0, "85.5", "1亿", "abc", 1e15, "", None],
    "tax": [85.5, "", None, "-3"],
    "rd_spend": [60.0, "", None],
    "registered_address": ["青岛市城阳区正阳路 1 号", "  ", "", None, "址" * 201, 5.0],
    "chamber": ["城阳街道商会", "不存在商会", "", None],
    "position": ["会员单位", "会长", "不存在职务", "", None],
    "joined_on": [datetime.date(2024, 1, 1), "2024-01-01", "2099-01-01", "", None],
}  # fmt: skip
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))


# Values every row may hold (blank included): most rows are valid but for a cell or two, so that each bad
# value is also met in an otherwise valid row — the only rows the column path answers itself.
VALID = {
    "credit_code": GOOD_CODES, "name": ["青岛甲科技有限公司", " 青岛乙  商贸有限公司 ", "ＡＢＣ全角公司"],
    "legal_representative": ["张三", " 李四 ", "", None], "street": ["城阳", "流亭 ", "", None],
    "phone": ["13800138000", "0532-87654321", "053287654321", "", None], "industry": ["C34", "c34", "", None],
    "scale": ["小型", "small", "", None], "founded_on": [datetime.date(2015, 6, 1), "2015/6/1", 42000.0, "", None],
    "employees": [45.0, "1,200人", 12, "", None], "tags": ["高新技术企业、专精特新", "high_tech", "", None],
    "year": [2025.0, "2025", "", None], "revenue": [1200.0, "85.5", "", None], "tax": [85.5, "", None],
    "rd_spend": [60.0, "", None], "registered_address": ["青岛市城阳区正阳路 1 号", "  ", "", None],
    "chamber": ["城阳街道商会", "", None], "position": ["会员单位", "会长", "", None],
    "joined_on": [datetime.date(2024, 1, 1), "2024-01-01", "", None],
}  # fmt: skip


def cell(key: str) -> st.SearchStrategy[object]:
    valid = st.sampled_from(VALID[key])
    return st.one_of(valid, valid, valid, valid, valid, st.sampled_from(POOLS[key]))


def batches(keys: list[str]) -> st.SearchStrategy[list[list[dict]]]:
    row = st.fixed_dictionaries({key: cell(key) for key in keys})
    return st.lists(st.lists(row, min_size=1, max_size=12), min_size=1, max_size=3)


def as_columns(rows: list[dict], keys: list[str]) -> dict[str, tuple]:
    return {key: tuple(row[key] for row in rows) for key in keys}


def assert_same(lookups: _Lookups, chamber_import: bool, keys: list[str], data: list[list[dict]]) -> None:
    parser = ColumnParser(lookups, chamber_import, TODAY)
    for rows in data:  # the same parser for every batch: its caches carry over, as in an import
        got = parser.parse(as_columns(rows, keys))
        assert got == [parse_row(dict(row), lookups, chamber_import, TODAY) for row in rows]


ALL = list(POOLS)
PLAIN = ["credit_code", "name", "legal_representative", "street", "phone", "industry", "scale", "founded_on",
         "employees"]  # fmt: skip


@pytest.fixture
def federation_lookups(world):
    return _Lookups(Target(world.fed))


@pytest.fixture
def chamber_lookups(world):
    return _Lookups(Target(world.chamber))


@pytest.mark.django_db
def test_a_federation_file_with_every_column_parses_as_row_by_row(federation_lookups):
    @SETTINGS
    @given(batches(ALL))
    def check(data):
        assert_same(federation_lookups, False, ALL, data)

    check()


@pytest.mark.django_db
def test_the_benchmark_columns_parse_as_row_by_row(federation_lookups):
    @SETTINGS
    @given(batches(PLAIN))
    def check(data):
        assert_same(federation_lookups, False, PLAIN, data)

    check()


@pytest.mark.django_db
def test_a_secretary_file_parses_as_row_by_row(chamber_lookups):
    keys = [k for k in ALL if k != "chamber"]

    @SETTINGS
    @given(batches(keys))
    def check(data):
        assert_same(chamber_lookups, True, keys, data)

    check()


@pytest.mark.django_db
def test_a_valid_row_takes_the_column_path_with_its_values(federation_lookups, monkeypatch):
    def no_row_parsing(*args):
        raise AssertionError("a valid row was parsed row by row")

    monkeypatch.setattr(roster_parsing, "parse_row", no_row_parsing)
    row = {"credit_code": GOOD_CODES[0], "name": " 青岛甲科技有限公司", "legal_representative": "张三",
           "street": "城阳 ", "phone": "0532-87654321", "industry": "C34", "scale": "小型",
           "founded_on": datetime.date(2015, 6, 1), "employees": 45.0, "tags": "专精特新、高新技术企业",
           "year": 2025.0, "revenue": "85.5", "tax": "", "rd_spend": None, "registered_address": "正阳路 1 号"}  # fmt: skip
    [(clean, errors)] = ColumnParser(federation_lookups, False, TODAY).parse(as_columns([row], list(row)))
    assert errors == []
    tags = federation_lookups.tags
    assert clean == {
        "credit_code": GOOD_CODES[0], "name": "青岛甲科技有限公司", "legal_representative": "张三",
        "street": "城阳", "phone": "053287654321", "industry_id": federation_lookups.industries["C34"],
        "scale": "small", "founded_on": datetime.date(2015, 6, 1), "employees": 45,
        "tag_ids": sorted([tags["高新技术企业"], tags["专精特新"]]), "year": 2025,
        "revenue": Decimal("855000.00"), "tax": None, "rd_spend": None, "position": None, "joined_on": None,
        "chamber_id": None, "registered_address": "正阳路 1 号",
    }  # fmt: skip


@pytest.mark.django_db
def test_each_distinct_value_is_parsed_once_per_import(federation_lookups, monkeypatch):
    calls: list[object] = []
    parse_date = roster_parsing.parse_date

    def counting(value):
        calls.append(value)
        return parse_date(value)

    monkeypatch.setattr(roster_parsing, "parse_date", counting)
    parser = ColumnParser(federation_lookups, False, TODAY)
    keys = ["credit_code", "name", "founded_on"]
    for _ in range(2):  # two batches: the second finds the values parsed
        rows = [{"credit_code": GOOD_CODES[i], "name": f"青岛{i}公司", "founded_on": ["2015/6/1", "2016/6/1"][i % 2]}
                for i in range(6)]  # fmt: skip
        parsed = parser.parse(as_columns(rows, keys))
        assert [clean["founded_on"] for clean, _ in parsed] == [
            datetime.date(2015 + i % 2, 6, 1) for i in range(6)
        ]
    assert sorted(calls) == ["2015/6/1", "2016/6/1"]  # twelve cells, two distinct values, one parse each
