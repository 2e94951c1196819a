"""The report's wording: a sandboxed Jinja template whose every number is a metric placeholder.

Markup, one line each: `# ` the title, `## ` a first-level heading, `### ` a second-level heading, any other
line a paragraph. Helpers: `m('key')` the figure as text, `v('key')` its value (to compare), `has('key')`
whether it is there, `n('key')`/`d('key')` a percentage's numerator/denominator; names `scope_name`,
`period_text`, `start_text`, `end_text`, `year`. A figure with no value — its domain not built yet, or a
percentage of nothing — is never shown as 0: the clause holding it (between ，；。) is left out.

A template is checked before it is saved (`check`): syntax, known names, metric keys that are registered
or agreed for a domain still to come, no loops/macros/includes (a sandboxed template still must not run
for ever), and a trial rendering with every figure present and with every figure missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from shanglian.core.errors import ServiceError
from shanglian.metrics import registry
from shanglian.metrics.registry import Value

DEFAULT_BODY = (Path(__file__).parent / "default_body.txt").read_text(encoding="utf-8")
MAX_CHARS = 50_000

# Keys agreed between the domain issues (the brief's table): allowed in a template before their app lands.
AGREED_KEYS = frozenset(
    {
        "cooperation.deal_amount",
        "guidance.red_alliance_epidemic_amount",
        "guidance.epidemic_donors",
        "guidance.epidemic_amount",
        "mechanisms.rules_guiding",
        "mechanisms.rules_supporting",
        "mechanisms.suggestions",
        "cooperation.liaisons",
        "cooperation.friendly_chambers",
        "events.forums_attended",
        "cooperation.talks",
        "promotion.online_surveys",
        "promotion.visited_offline",
        "appeals.collected",
        "appeals.solved",
        "promotion.research_projects",
        "events.symposia",
        "guidance.paired_amount",
        "guidance.facilities_exhibition",
        "guidance.facilities_distribution",
        "guidance.purchases_amount",
        "guidance.volunteer_gift_value",
    }
)
FUNCTIONS = ("m", "v", "has", "n", "d")
NAMES = ("scope_name", "period_text", "start_text", "end_text", "year")
FORBIDDEN = {
    # The sandbox does not intercept arithmetic: "x" * 10**10 or 9**9**9 would eat the request's memory.
    nodes.Mul: "乘法（*）",
    nodes.Pow: "乘方（**）",
    nodes.For: "循环（for）",
    nodes.Macro: "宏（macro）",
    nodes.CallBlock: "调用块（call）",
    nodes.Include: "引用（include）",
    nodes.Import: "引用（import）",
    nodes.FromImport: "引用（from … import）",
    nodes.Extends: "继承（extends）",
}
MISSING = "\ue000"  # private-use mark of a figure with no value; its clause is left out
KINDS = {"# ": "title", "## ": "h1", "### ": "h2"}


def known_keys() -> frozenset[str]:
    return frozenset(m.key for m in registry.all_metrics()) | AGREED_KEYS


def _env() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(autoescape=False, keep_trailing_newline=False)
    env.globals.clear()  # no range/lipsum/cycler: the template has only our helpers and names
    return env


def fmt(value: int | Decimal | None) -> str:
    """A figure as the text prints it: 15, 90, 89.5, 2619.7 (no trailing zeros)."""
    if value is None:
        return MISSING
    if isinstance(value, Decimal):
        text = format(value.quantize(Decimal("0.01")), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


@dataclass(frozen=True)
class Names:
    scope_name: str
    period_text: str
    start_text: str
    end_text: str
    year: int


def _helpers(values: dict[str, Value]) -> dict[str, Callable[[str], Any]]:
    def value(key: str) -> Value | None:
        got = values.get(key)
        return got if got is not None and got.value is not None else None

    def part(key: str, which: str) -> str:
        got = value(key)
        return fmt(getattr(got, which)) if got is not None else MISSING

    return {
        "m": lambda key: fmt(got.value) if (got := value(key)) else MISSING,
        "v": lambda key: got.value if (got := value(key)) else None,
        "has": lambda key: value(key) is not None,
        "n": lambda key: part(key, "numerator"),
        "d": lambda key: part(key, "denominator"),
    }


def _calls(ast: nodes.Template) -> Iterable[nodes.Call]:
    for call in ast.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in FUNCTIONS:
            yield call


def _line_of(exc: TemplateSyntaxError) -> str:
    return f"第 {exc.lineno} 行" if exc.lineno else ""


def check(body: str) -> None:
    """Refuse a template that cannot be written from: a Chinese ServiceError naming the fault."""
    if not (body or "").strip():
        raise ServiceError("请填写模板内容。")
    if len(body) > MAX_CHARS:
        raise ServiceError(f"模板过长（{len(body)} 字），最多 {MAX_CHARS} 字。")
    env = _env()
    try:
        ast = env.parse(body)
    except TemplateSyntaxError as exc:
        raise ServiceError(
            f"模板语法错误（{_line_of(exc)}）：{exc.message}。请检查 {{{{ }}}} 与 {{% %}} 是否成对。"
        )
    for node_type, what in FORBIDDEN.items():
        found = next(iter(ast.find_all(node_type)), None)
        if found is not None:
            raise ServiceError(f"模板第 {found.lineno} 行使用了{what}，报告模板中不允许使用。")
    allowed = set(FUNCTIONS) | set(NAMES)
    unknown_names = sorted(meta.find_undeclared_variables(ast) - allowed)
    if unknown_names:
        raise ServiceError(
            f"模板中有未知的占位符：{'、'.join(unknown_names)}。可用的有：{'、'.join(NAMES)}，"
            f"以及函数 {'、'.join(f'{f}()' for f in FUNCTIONS)}。"
        )
    keys = known_keys()
    for call in _calls(ast):
        name = call.node.name  # type: ignore[attr-defined]
        arg = call.args[0] if len(call.args) == 1 and not call.kwargs else None
        if not (isinstance(arg, nodes.Const) and isinstance(arg.value, str)):
            raise ServiceError(
                f"模板第 {call.lineno} 行：{name}() 须且只须写一个带引号的指标名，如 {name}('party.orgs_founded')。"
            )
        if arg.value not in keys:
            raise ServiceError(f"模板第 {call.lineno} 行：未知的指标“{arg.value}”。")
    names = Names("某工商联", "2020年", "2020年1月1日", "2020年12月31日", 2020)
    every = {k: Value(_trial_metric(k), Decimal(1), 1, 1) for k in keys}
    for values in (every, {}):
        try:
            render_text(body, values, names)
        except ServiceError:
            raise
        except Exception as exc:  # the trial run is the check: whatever fails here would fail a report
            raise ServiceError(f"模板无法生成报告：{exc}")


def _trial_metric(key: str) -> registry.Metric:
    found = registry.get(key)
    if found is not None:
        return found
    return registry.Metric(key, key, "个", lambda period, scope: None)  # type: ignore[arg-type,return-value]


def render_text(body: str, values: dict[str, Value], names: Names) -> str:
    env = _env()
    try:
        template = env.from_string(body)
    except TemplateSyntaxError as exc:
        raise ServiceError(f"模板语法错误（{_line_of(exc)}）：{exc.message}。")
    context: dict[str, Any] = {**_helpers(values), **names.__dict__}
    return template.render(context)


CLAUSE = re.compile(r"[^，；。！？]*[，；。！？]?")
ENDS = "。！？"


def drop_missing(paragraph: str) -> str:
    """Leave out every clause holding a missing figure; a dropped sentence end closes the one before."""
    if MISSING not in paragraph:
        return paragraph
    kept: list[str] = []
    for clause in CLAUSE.findall(paragraph):
        if not clause:
            continue
        if MISSING in clause:
            if clause[-1] in ENDS and kept and kept[-1][-1] in "，；":
                kept[-1] = kept[-1][:-1] + clause[-1]
            continue
        kept.append(clause)
    return "".join(kept).replace(MISSING, "")


def blocks(body: str, values: dict[str, Value], names: Names) -> list[tuple[str, str]]:
    """The report as (kind, text) lines: title / h1 / h2 / p, figures filled, missing ones left out."""
    out: list[tuple[str, str]] = []
    for raw in render_text(body, values, names).splitlines():
        line = raw.strip()
        kind = "p"
        for prefix, name in KINDS.items():
            if line.startswith(prefix):
                kind, line = name, line[len(prefix) :].strip()
                break
        line = drop_missing(line).strip()
        if line and line not in "，；。":
            out.append((kind, line))
    return out
