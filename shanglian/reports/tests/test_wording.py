"""The report wording: placeholders bound to metric keys, checked before saving; missing figures left out."""

from decimal import Decimal

import pytest

from shanglian.core.errors import ServiceError
from shanglian.metrics import registry
from shanglian.metrics.registry import Value
from shanglian.reports import wording

NAMES = wording.Names("城阳区工商联", "2020年", "2020年1月1日", "2020年12月31日", 2020)


def _value(key, value, numerator=None, denominator=None):
    metric = registry.get(key)
    assert metric is not None
    return Value(metric, value, numerator, denominator)


def test_default_template_passes_the_check_and_names_every_seed_figure():
    wording.check(wording.DEFAULT_BODY)
    for key in [
        "chambers.reorganised", "party.model_sites", "registry.member_growth", "registry.high_tech",
        "cooperation.deal_amount", "party.orgs_founded", "party.coverage", "party.cross_appointment",
        "registry.red_alliance", "guidance.red_alliance_epidemic_amount", "guidance.epidemic_donors",
        "guidance.epidemic_amount", "party.brands", "chambers.street_registered", "chambers.four_good",
        "chambers.grade_3a", "chambers.dormant_cleaned", "chambers.irregular_rectified",
        "chambers.hometown_founded", "registry.classified",
    ] + sorted(wording.AGREED_KEYS):  # fmt: skip
        assert f"('{key}')" in wording.DEFAULT_BODY, key


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "请填写模板内容"),
        ("# 标题\n{{ m('party.orgs_founded') ", "模板语法错误"),
        ("{% if has('party.coverage') %}覆盖率", "模板语法错误"),
        ("新建党组织{{ m('party.orgs_fonded') }}个", "未知的指标“party.orgs_fonded”"),
        ("{{ m(year) }}", "带引号的指标名"),
        ("{{ m('party.brands', 2) }}", "带引号的指标名"),
        ("{{ total }}家", "未知的占位符：total"),
        ("{% for i in [1, 2] %}{{ i }}{% endfor %}", "循环"),
        ("{% include 'x.html' %}", "引用"),
        ("{{ scope_name.__class__.__mro__ }}", "模板无法生成报告"),
        ("{{ v('party.brands') + 'x' }}", "模板无法生成报告"),
    ],
)
def test_broken_templates_are_refused_in_chinese(body, message):
    with pytest.raises(ServiceError) as exc:
        wording.check(body)
    assert message in exc.value.messages[0]


def test_figures_fill_placeholders_and_missing_ones_leave_their_clause_out():
    body = (
        "# {{ scope_name }}{{ period_text }}工作报告\n"
        "## 一、党建\n"
        "新建党组织{{ m('party.orgs_founded') }}家，覆盖率达{{ m('party.coverage') }}%（{{ n('party.coverage') }}/{{ d('party.coverage') }}），"
        "促成合作{{ m('cooperation.deal_amount') }}万元。\n"
        "收集诉求{{ m('appeals.collected') }}条。\n"
        "{% if has('appeals.solved') %}解决诉求{{ m('appeals.solved') }}条。{% endif %}\n"
    )
    values = {
        "party.orgs_founded": _value("party.orgs_founded", 12),
        "party.coverage": _value("party.coverage", Decimal("90.0"), 18, 20),
    }
    got = wording.blocks(body, values, NAMES)
    assert got == [
        ("title", "城阳区工商联2020年工作报告"),
        ("h1", "一、党建"),
        ("p", "新建党组织12家，覆盖率达90%（18/20）。"),
    ]


def test_a_percentage_of_nothing_is_left_out_not_shown_as_zero():
    values = {
        "party.coverage": _value("party.coverage", None, 0, 0),
        "party.brands": _value("party.brands", 0),
    }
    got = wording.blocks("品牌{{ m('party.brands') }}个，覆盖率达{{ m('party.coverage') }}%。", values, NAMES)
    assert got == [("p", "品牌0个。")]


def test_numbers_print_without_trailing_zeros():
    assert wording.fmt(Decimal("90.0")) == "90"
    assert wording.fmt(Decimal("89.5")) == "89.5"
    assert wording.fmt(Decimal("2619.70")) == "2619.7"
    assert wording.fmt(Decimal("20000.00")) == "20000"
    assert wording.fmt(15) == "15"
