"""The import engine as a package: no import cycle (the engine never imports an app), the declaration API,
and public library APIs only across the source tree."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.excel.imports import jobs
from shanglian.excel.imports.declaration import Importer, importer_for, register, registered, unregister
from shanglian.excel.models import ImportJob, ImportKind, ImportStatus
from shanglian.excel.normalize import parse_int
from shanglian.excel.reading import Column, open_table
from shanglian.excel.writing import build_template, is_example, write_xlsx

ROOT = Path(__file__).resolve().parents[3]
ENGINE = ROOT / "shanglian" / "excel"
PROJECT = ("shanglian", "config", "bench")
# Django's documented model API, though spelled with a leading underscore.
DOCUMENTED = {"_meta", "_default_manager", "_base_manager"}


def _sources(*dirs: Path):
    for d in dirs:
        for path in sorted(d.rglob("*.py")):
            if ".venv" not in path.parts and "node_modules" not in path.parts:
                yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _external(module: str | None) -> bool:
    return bool(module) and module.split(".")[0] not in PROJECT


def private_uses(tree: ast.AST) -> list[str]:
    """`from lib import _x`, `import lib._mod`, `from lib._mod import x` and `lib_name._x` for any library
    (anything not ours, the standard library included)."""
    found, external_names = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _external(alias.name):
                    external_names.add((alias.asname or alias.name).split(".")[0])
                    if any(_private(part) for part in alias.name.split(".")):
                        found.append(f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _external(node.module):
            if any(_private(part) for part in node.module.split(".")):
                found.append(f"from {node.module} import …")
            for alias in node.names:
                external_names.add(alias.asname or alias.name)
                if _private(alias.name):
                    found.append(f"from {node.module} import {alias.name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr) and node.attr not in DOCUMENTED:
            root = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in external_names:
                found.append(f"{root.id}….{node.attr}")
    return found


def test_no_private_library_api_anywhere_in_the_source_tree():
    offenders = {
        str(path.relative_to(ROOT)): uses
        for path, tree in _sources(ROOT / "shanglian", ROOT / "config", ROOT / "bench")
        if (uses := private_uses(tree))
    }
    assert offenders == {}


def test_the_checker_finds_what_the_import_engine_used_to_do():
    """A test that cannot fail is a defect: the checker catches each form the old code had."""
    old = """
from psycopg._copy_base import format_row_text
from pypinyin.core import _default_convert
from pypinyin.seg import mmseg
import gc
prefixes = mmseg.p_set._set
"""
    assert len(private_uses(ast.parse(old))) == 3
    ours = (
        "from shanglian.registry.services._common import X\nfrom django.db import models\nmodels.Model._meta"
    )
    assert private_uses(ast.parse(ours)) == []


def test_the_engine_never_imports_an_app():
    """No cycle: apps import the engine (registry declares its imports to it), never the other way."""
    apps = ("shanglian.registry", "shanglian.chambers", "shanglian.party", "shanglian.governance")
    engine_modules = [
        ENGINE / "imports",
        ENGINE / "reading.py",
        ENGINE / "writing.py",
        ENGINE / "normalize.py",
    ]
    bad = []
    for path in [*(ENGINE / "imports").rglob("*.py"), *engine_modules[1:], ENGINE / "models.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            bad += [f"{path.name}: {n}" for n in names if n.startswith(apps)]
    assert bad == []


# ---------------------------------------------------------------- the declaration API, on a toy importer

pytestmark = pytest.mark.django_db

TOY = "toy"
written: list[dict] = []


def toy_columns(target) -> list[Column]:
    return [
        Column("code", "编号", True, ("代码",), example="（示例）A1"),
        Column("amount", "数量", False, example=3),
    ]


def toy_check(job: ImportJob, progress) -> jobs.CheckResult:
    columns = toy_columns(job.organization)
    headers = {c.key: c.header for c in columns}
    table = open_table(job.file.path, job.original_name, columns)
    result = jobs.CheckResult(columns=[c.key for c in columns])

    def rows():
        for number, raw in table.rows():
            if is_example(str(raw.get("code") or "")):
                continue
            result.total += 1
            try:
                amount = parse_int(raw["amount"]) if raw.get("amount") not in (None, "") else None
            except ValueError as exc:
                result.error_rows += 1
                result.errors.append(jobs.RowError(number, headers["amount"], str(raw["amount"]), str(exc)))
                continue
            yield number, {"code": raw["code"], "amount": amount}

    def classify(batch, spool_file, fetched=None):
        result.created += len(batch)
        result.preview += [{"row": n, "status": "new", **clean} for n, clean in batch][:5]
        toy_rows.extend(clean for _, clean in batch)

    toy_rows: list[dict] = []
    jobs.classify_in_batches(result, rows(), classify, spool_prefix=None, progress=progress)
    result.toy_rows = toy_rows  # type: ignore[attr-defined]
    return result


def toy_confirm(job: ImportJob, *, actor=None) -> ImportJob:
    def write(result):
        written.extend(result.toy_rows)
        if any(r["code"] == "BOOM" for r in result.toy_rows):
            raise ServiceError("写入失败（测试）")

    outcome = jobs.confirm_and_write(
        job, actor=actor, what="测试名册", check=lambda: toy_check(job, jobs.job_progress(job)), write=write
    )
    if outcome is not None:
        jobs.store_result(job, outcome[0], ImportStatus.DONE)
    return job


@pytest.fixture
def toy():
    importer = register(
        Importer(
            kind=TOY,
            label="测试名册",
            columns=toy_columns,
            template=lambda target: build_template(toy_columns(target)),
            check=toy_check,
            confirm=toy_confirm,
            targets=lambda user: None,
        )
    )
    written.clear()
    yield importer
    unregister(TOY)


def _upload(rows, name="toy.xlsx"):
    return SimpleUploadedFile(name, write_xlsx(["编号", "数量"], rows))


def test_the_registry_declares_its_two_imports():
    kinds = {i.kind for i in registered()}
    assert {ImportKind.ROSTER, ImportKind.PERSON} <= kinds
    assert importer_for(ImportKind.ROSTER).label == "会员企业名册"
    with pytest.raises(LookupError):
        importer_for("no-such-kind")


def test_a_kind_cannot_be_declared_twice(toy):
    with pytest.raises(ValueError):
        register(Importer(**{**toy.__dict__}))
    assert register(toy) is toy  # the same declaration again (a second ready()) is harmless


def test_a_declared_importer_runs_through_the_whole_frame(toy, world):
    headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(toy.template(None))).active[1]]
    assert headers == ["*编号", "数量"]  # the template derives from the one schema
    job = jobs.create_job(
        actor=world.admin, organization=world.fed, uploaded=_upload([["A1", 1], ["A2", 2]]), kind=TOY
    )
    jobs.start_validation(job)
    job.refresh_from_db()
    assert (job.status, job.created_count, job.total_rows) == (ImportStatus.READY, 2, 2)
    jobs.confirm_job(actor=world.admin, job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and [r["code"] for r in written] == ["A1", "A2"]
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.IMPORT, object_id=str(job.pk)).exists()


def test_a_bad_row_refuses_the_file_with_an_error_report_named_by_the_schema(toy, world):
    job = jobs.create_job(
        actor=world.admin, organization=world.fed, uploaded=_upload([["A1", "很多"]]), kind=TOY
    )
    jobs.start_validation(job)
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID and job.error_report
    report = openpyxl.load_workbook(job.error_report.path)["错误明细"]
    assert [c.value for c in report[2]][:2] == [2, "数量"]
    with pytest.raises(ServiceError):
        jobs.confirm_job(actor=world.admin, job=job)
    assert written == []


def test_a_failing_writer_leaves_nothing_and_no_audit_row(toy, world):
    job = jobs.create_job(
        actor=world.admin, organization=world.fed, uploaded=_upload([["BOOM", 1]]), kind=TOY
    )
    jobs.start_validation(job)
    jobs.confirm_job(actor=world.admin, job=ImportJob.unscoped_objects.get(pk=job.pk))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "写入失败" in job.message
    assert not AuditEntry.unscoped_objects.filter(action=AuditAction.IMPORT, object_id=str(job.pk)).exists()
    assert connection.vendor in ("sqlite", "postgresql")


def _import_graph(packages: tuple[str, ...]) -> dict[str, set[str]]:
    modules = {}
    for path in sorted((ROOT / "shanglian").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name.startswith(packages) and "tests" not in parts and "migrations" not in parts:
            modules[name] = path
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):  # lazy and TYPE_CHECKING ones too
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative enough for this size)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(component)

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_in_the_engine_or_the_registry_imports():
    assert _cycles(_import_graph(("shanglian.excel", "shanglian.registry.imports"))) == []
    # The checker sees a cycle when there is one.
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [{"a", "b", "c"}]
