"""数据驾驶舱: the figures of a period and scope as KPI cards per section and a few charts, in one JSON.

Every number comes from the metric registry (cached per metric, period and scope), each with its
comparison to the previous period and to the same period a year earlier, and every card and chart
segment carries the URL of its drill page. A chart names metric keys only: a key not registered (its
app not installed yet) is left out, an empty period gives zeros and an empty chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from shanglian.metrics import registry
from shanglian.metrics.registry import Metric, Value
from shanglian.metrics.selection import Selection, period_params


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    # pie / bar / hbar (bars along, for long labels): one segment per metric; gauge: percentages; parts: a percentage's numerator and
    # denominator; compare: one metric in the period, the one before and a year earlier.
    type: str
    keys: tuple[str, ...]
    # Bars grouped under headings (the three campaigns): heading per key, same order as keys.
    groups: tuple[str, ...] = ()


CHARTS = (
    Chart(
        "kinds",
        "商会类型",
        "pie",
        ("chambers.kind_street", "chambers.kind_industry", "chambers.kind_hometown", "chambers.kind_other"),
    ),
    Chart(
        "states",
        "商会状态（期末）",
        "hbar",
        (
            "chambers.state_founding",
            "chambers.state_normal",
            "chambers.state_rectifying",
            "chambers.state_dissolved",
        ),
    ),
    Chart(
        "campaigns",
        "三项行动：规范提升 · 清理整顿 · 新建",
        "hbar",
        (
            "chambers.four_good",
            "chambers.grade_3a",
            "chambers.street_registered",
            "chambers.dormant_cleaned",
            "chambers.irregular_rectified",
            "chambers.founded",
            "chambers.hometown_founded",
        ),
        ("规范提升", "规范提升", "规范提升", "清理整顿", "清理整顿", "新建", "新建"),
    ),
    Chart("party", "党组织覆盖率与交叉任职", "gauge", ("party.coverage", "party.cross_appointment")),
    Chart(
        "showcases",
        "示范点 · 品牌 · 红盟企业",
        "bar",
        ("party.model_sites", "party.brands", "registry.red_alliance"),
    ),
    Chart("growth", "会员增长（期初 → 期末）", "parts", ("registry.member_growth",)),
    Chart("high_tech", "高新技术会员企业", "compare", ("registry.high_tech",)),
    Chart(
        "pools",
        "三库人才",
        "pie",
        ("registry.pool_excellent", "registry.pool_key_industry", "registry.pool_youth"),
    ),
)


def drill_url(m: Metric, params: dict[str, str], part: str = "") -> str:
    query = {"key": m.key, **params}
    if part:
        query["part"] = part
    return f"{reverse('metrics:drill')}?{urlencode(query)}"


def _number(value: int | Decimal | None) -> float | int:
    """JSON numbers; an empty figure (a share of nothing) shows as 0."""
    if value is None:
        return 0
    return float(value) if isinstance(value, Decimal) else value


def _card(v: Value, previous: Value, last_year: Value, sel: Selection) -> dict[str, Any]:
    m = v.metric
    scope_params = {k: sel.params[k] for k in ("org", "kind") if k in sel.params}
    card = {
        "key": m.key,
        "label": m.label,
        "unit": m.unit,
        "value": _number(v.value),
        "empty": v.value is None,
        "numerator": v.numerator,
        "denominator": v.denominator,
        "previous": _number(previous.value),
        "last_year": _number(last_year.value),
        "url": drill_url(m, sel.params),
        "previous_url": drill_url(m, {**period_params(sel.previous), **scope_params}),
        "last_year_url": drill_url(m, {**period_params(sel.last_year), **scope_params}),
    }
    if m.is_percent:
        card["denominator_url"] = drill_url(m, sel.params, "denominator")
    return card


def _chart(chart: Chart, cards: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    present = [(k, g) for k, g in zip(chart.keys, chart.groups or chart.keys, strict=True) if k in cards]
    if not present:
        return None
    out: dict[str, Any] = {"id": chart.id, "title": chart.title, "type": chart.type}
    if chart.type == "parts":
        c = cards[present[0][0]]
        out["unit"] = "家"
        out["data"] = [
            {"name": "期初会员", "value": c["denominator"] or 0, "url": c["denominator_url"]},
            {"name": "期末会员", "value": c["numerator"] or 0, "url": c["url"]},
        ]
        out["note"] = f"增幅 {c['value']}%"
    elif chart.type == "compare":
        c = cards[present[0][0]]
        out["unit"] = c["unit"]
        out["data"] = [
            {"name": "上年同期", "value": c["last_year"], "url": c["last_year_url"]},
            {"name": "上一期", "value": c["previous"], "url": c["previous_url"]},
            {"name": "本期", "value": c["value"], "url": c["url"]},
        ]
    else:
        out["data"] = [
            {
                "name": f"{group}·{cards[k]['label']}" if chart.groups else cards[k]["label"],
                "value": cards[k]["value"],
                "unit": cards[k]["unit"],
                "url": cards[k]["url"],
            }
            for k, group in present
        ]
    return out


def data(sel: Selection) -> dict[str, Any]:
    metrics = registry.all_metrics()

    now, before, year_ago = (
        {v.metric.key: v for v in values}
        for values in registry.compute_periods(
            [sel.period, sel.previous, sel.last_year], sel.scope, [m.key for m in metrics]
        )
    )
    cards = {m.key: _card(now[m.key], before[m.key], year_ago[m.key], sel) for m in metrics}
    sections = [
        {"name": name, "cards": [cards[m.key] for m in ms]} for name, ms in registry.by_section(metrics)
    ]
    charts = [c for c in (_chart(chart, cards) for chart in CHARTS) if c is not None]
    return {
        "period": sel.period_label,
        "start": sel.period.start.isoformat(),
        "end": sel.period.end.isoformat(),
        "previous": f"{sel.previous.start:%Y-%m-%d} 至 {sel.previous.end:%Y-%m-%d}",
        "last_year": f"{sel.last_year.start:%Y-%m-%d} 至 {sel.last_year.end:%Y-%m-%d}",
        "scope": sel.scope_label,
        "sections": sections,
        "charts": charts,
    }
