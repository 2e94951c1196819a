"""数据驾驶舱 pages: the cockpit (HTML shell + one JSON of all its figures) and the drill page per metric.

Both read the period and scope from the query string (selection.py): a secretary gets its own chamber,
another tenant's org is a 404, bad input a Chinese message (400), never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, Model, QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from shanglian.core.decorators import capability_required
from shanglian.core.pages import Column, export_page, html_rows, wants_export
from shanglian.core.responses import bad_input, error_page
from shanglian.metrics import cockpit, registry
from shanglian.metrics.registry import Metric
from shanglian.metrics.selection import KINDS, Selection, select
from shanglian.ops.routing import reads_from_replica
from shanglian.orgs.models import ChamberKind, Organization, OrgKind

PAGE_SIZE = 30
# Per row model: the forward relations its row labels read (`str(obj)`, its link), learnt from the first
# row drawn and then joined up front, so a page of rows costs one query rather than one per row.
_LABEL_RELATED: dict[type[Model], tuple[str, ...]] = {}


def _scope_choices(request: HttpRequest) -> list[Organization]:
    """Federations and chambers the user may pick (a secretary: its own chamber)."""
    return list(
        Organization.objects.visible_to(request.user)
        .filter(kind__in=(OrgKind.FEDERATION, OrgKind.CHAMBER))
        .only("pk", "name", "kind", "path", "depth")
        .order_by("path")
    )


@capability_required("metrics.view")
@reads_from_replica
def cockpit_page(request: HttpRequest) -> HttpResponse:
    """The page itself holds no figure: its script fetches them in one request (cockpit_data)."""
    error = ""
    sel: Selection | None = None
    try:
        sel = select(request.user, request.GET)
    except ValidationError as exc:
        error = "；".join(exc.messages)
    orgs = _scope_choices(request)
    ctx = {
        "sel": sel,
        "error": error,
        "kinds": KINDS,
        "chamber_kinds": ChamberKind.choices,
        "orgs": orgs,
        "may_pick_kind": any(o.kind == OrgKind.FEDERATION for o in orgs),
        "get": request.GET,
        "year_default": sel.period.start.year if sel else date.today().year,
    }
    return render(request, "metrics/cockpit.html", ctx, status=400 if error else 200)


@capability_required("metrics.view")
@reads_from_replica
def cockpit_data(request: HttpRequest) -> HttpResponse:
    try:
        sel = select(request.user, request.GET)
    except ValidationError as exc:
        return JsonResponse(
            {"code": "invalid", "message": "；".join(exc.messages)},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse(cockpit.data(sel), json_dumps_params={"ensure_ascii": False})


def _absolute_url(obj: Any) -> str:
    return str(obj.get_absolute_url())


def _related_text(field: str) -> Callable[[Any], str]:
    def text(obj: Any) -> str:
        return str(getattr(obj, field) or "")

    return text


def _columns(m: Metric, model: type[Model]) -> tuple[list[Column], list[str]]:
    """Generic columns for any model's rows: its name, its chamber/enterprise, the summed amount."""
    columns = [Column("编号", lambda o: o.pk, width=10)]
    link: Callable[[Any], str] | None = _absolute_url if hasattr(model, "get_absolute_url") else None
    columns.append(Column("名称", str, link=link, width=40))
    related = []
    names = {f.name: f for f in model._meta.get_fields() if isinstance(f, ForeignKey)}
    for field, header in (("chamber", "所属商会"), ("enterprise", "企业"), ("federation", "所属工商联")):
        if field in names:
            related.append(field)
            columns.append(Column(header, _related_text(field), width=30))
            break
    if model is Organization:
        columns.append(Column("商会类型", lambda o: o.get_chamber_kind_display(), width=12))
    if m.sum_field:
        columns.append(Column("金额（元）", lambda o: getattr(o, m.sum_field), width=16))
    return columns, related


def _loaded_relations(obj: Model, depth: int = 2) -> list[str]:
    """The forward relations of `obj` loaded by now (`chamber`, `chamber__parent`), as lookups."""
    found: list[str] = []
    for field in obj._meta.concrete_fields:
        if not isinstance(field, ForeignKey) or not field.is_cached(obj):  # OneToOneField is one too
            continue
        found.append(field.name)
        related = field.get_cached_value(obj)
        if related is not None and depth > 1:
            found.extend(f"{field.name}__{sub}" for sub in _loaded_relations(related, depth - 1))
    return found


def _label_rows(columns: list[Column], page: list[Any]) -> list[dict[str, Any]]:
    """The page's cells; the first time a model is drawn, the relations its first row read are fetched
    for the other rows in one query each, and remembered for `select_related` next time."""
    if not page or type(page[0]) in _LABEL_RELATED:
        return html_rows(columns, page)
    first = html_rows(columns, page[:1])
    learnt = tuple(_loaded_relations(page[0]))
    _LABEL_RELATED[type(page[0])] = learnt
    if learnt:
        prefetch_related_objects(page[1:], *learnt)
    return first + html_rows(columns, page[1:])


@capability_required("metrics.view")
@reads_from_replica
def drill(request: HttpRequest) -> HttpResponse:
    """The records behind one figure (a percentage: its numerator or its denominator), keyset-paged."""
    key = (request.GET.get("key") or "").strip()
    if not key:
        return _index(request)
    m = registry.get(key)
    if m is None:
        return error_page(request, 404, "未找到指标", f"没有这个指标：{key[:100]}")
    part = request.GET.get("part") or "numerator"
    if part not in ("numerator", "denominator") or (part == "denominator" and not m.is_percent):
        return bad_input(
            request, f"明细部分不正确：{part[:20]}（可选 分子{'、分母' if m.is_percent else ''}）"
        )
    try:
        sel = select(request.user, request.GET)
        after = request.GET.get("after") or ""
        after_id = int(after) if after else None
        if after_id is not None and not 0 < after_id < 2**63:
            raise ValueError
    except ValidationError as exc:
        return bad_input(request, "；".join(exc.messages))
    except ValueError:
        return bad_input(request, "翻页参数不正确")
    rows_fn = m.denominator if part == "denominator" and m.denominator is not None else m.rows
    qs: QuerySet[Any, Any] = rows_fn(sel.period, sel.scope)
    columns, related = _columns(m, qs.model)
    related.extend(_LABEL_RELATED.get(qs.model, ()))
    if related:
        qs = qs.select_related(*related)
    title = f"{m.label}{'（分母）' if part == 'denominator' else ''}"
    if wants_export(request):
        return export_page(
            request,
            title=f"{title} {sel.period_label} {sel.scope_label}",
            columns=columns,
            objects=qs.order_by("pk").iterator(chunk_size=2000),
            capability="metrics.view",
            model=qs.model,
            changes={"key": m.key, "part": part, **sel.params},
        )
    page_qs = qs.order_by("pk")
    if after_id is not None:
        page_qs = page_qs.filter(pk__gt=after_id)
    page = list(page_qs[: PAGE_SIZE + 1])
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    value = registry.compute(m, sel.period, sel.scope)  # the cached figure: no count on every page
    total = value.denominator if part == "denominator" else value.numerator if m.is_percent else value.value
    ctx = {
        "title": title,
        "metric": m,
        "sel": sel,
        "part": part,
        "value": value,
        "total": total,
        "headers": [c.header for c in columns],
        "rows": _label_rows(columns, page),
        "next_after": page[-1].pk if more else None,
        "first_page": after_id is not None,
        "export_query": urlencode(
            sel.query(key=m.key, part=part if part != "numerator" else "", format="xlsx")
        ),
        "numerator_query": urlencode(sel.query(key=m.key)),
        "denominator_query": urlencode(sel.query(key=m.key, part="denominator")),
        "page_query": urlencode(sel.query(key=m.key, part=part if part != "numerator" else "")),
        "cockpit_query": urlencode(sel.params),
    }
    return render(request, "metrics/drill.html", ctx)


def _index(request: HttpRequest) -> HttpResponse:
    """No metric chosen: every metric of this year, grouped by section, each a link to its records."""
    try:
        sel = select(request.user, request.GET)
    except ValidationError as exc:
        return bad_input(request, "；".join(exc.messages))
    sections = [
        (name, [(m, cockpit.drill_url(m, sel.params)) for m in ms]) for name, ms in registry.by_section()
    ]
    return render(request, "metrics/index.html", {"sections": sections, "sel": sel})
