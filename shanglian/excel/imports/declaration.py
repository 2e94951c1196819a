"""What an importer declares, and the register the job frame finds it in.

An app that owns rows (the registry: enterprises, people) declares each import it offers as an `Importer`
and registers it in its AppConfig.ready(). The frame (`jobs`) never imports an app: it looks the
declaration up by `ImportJob.kind`, so the arrows point from the apps down to this package.

A declaration names
- its columns: ONE schema (`columns(target)`, `reading.Column`), from which the template, the reader
  (header matching, required columns), the row parser's keys, the writers and the error report's column
  names all derive;
- its check (`check(job, progress)`: pass 1 — read, parse each row, classify against the registry);
- its confirm step (`confirm(job, actor=)`: pass 1 again and the writes, through `jobs.confirm_and_write`);
- its target scope (`targets(user)`: the organisations this user may import into).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from shanglian.excel.imports.results import CheckResult
    from shanglian.excel.models import ImportJob
    from shanglian.excel.reading import Column

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Importer:
    kind: str
    label: str
    columns: Callable[[Any], list[Column]]
    template: Callable[[Any], bytes]
    check: Callable[[ImportJob, Progress], CheckResult]
    confirm: Callable[..., ImportJob]
    targets: Callable[[Any], QuerySet[Any]]
    template_name: Callable[[Any], str] = lambda target: "导入模板.xlsx"
    when_refused: Callable[[ImportJob], None] | None = None


_registered: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    """Called once per kind from an AppConfig.ready(); registering a kind twice is a programming error."""
    existing = _registered.get(importer.kind)
    if existing is not None and existing is not importer:
        raise ValueError(f"import kind {importer.kind!r} is already registered")
    _registered[importer.kind] = importer
    return importer


def importer_for(kind: str) -> Importer:
    try:
        return _registered[kind]
    except KeyError:
        raise LookupError(f"no importer registered for kind {kind!r}") from None


def registered() -> list[Importer]:
    return list(_registered.values())


def unregister(kind: str) -> None:
    """For tests that declare a throw-away importer."""
    _registered.pop(kind, None)
