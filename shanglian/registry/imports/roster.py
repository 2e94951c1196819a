"""会员企业名册导入: template, validation with preview, all-or-nothing bulk upsert by credit code.

Two passes over the uploaded file, both streaming:

1. `check_file()` reads batches of rows column by column (`roster_parsing.ColumnParser`), normalises and
   validates each row, compares it with the registry in
   batches, and spools only the rows that would change something (new enterprise, changed fields, new
   membership, tags, year figures) to a temporary file. It counts new / updated / unchanged / errors and
   keeps the first rows for the preview. Nothing is written to the registry.
2. `apply_job()` runs pass 1 again (the registry may have changed since the preview) and, if no row has
   an error, writes in one transaction (`roster_writing`): on PostgreSQL new enterprises by COPY while
   pass 1 runs (`roster_stream`), the rest by COPY into a temp table and set-based INSERT / UPDATE ...
   WHERE changed; elsewhere with bulk_create / bulk_update in batches. A file that changes nothing
   writes nothing.

The frame both importers share (batches, CheckResult, the confirm step) is the import engine's
(`shanglian.excel.imports.jobs`); pinyin for
bulk writes in `fast_pinyin`; cells to clean values in `roster_parsing`.

Empty cells and absent columns leave existing values alone: an import never blanks a field.
A chamber secretary imports into their chamber (memberships); an enterprise already in the federation
but not yet a member of the chamber joins it without its master data being touched. A federation admin
imports into the federation; a row with 所属商会 also makes the enterprise a member of that chamber of the
federation (same rules: joins, or its position is updated). An enterprise registered under another federation
is an error row.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import operator
import pickle
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from django.db import connection, transaction
from django.utils import timezone

from shanglian.excel.imports import jobs as import_jobs
from shanglian.excel.imports.declaration import Progress
from shanglian.excel.imports.jobs import (
    MAX_REPORTED_ERRORS,
    PREVIEW_ROWS,
    classify_in_batches,
    confirm_and_write,
    job_progress,
    save_job,
    store_result,
)
from shanglian.excel.imports.results import CheckResult, RowError
from shanglian.excel.imports.rowaudit import RowAudit
from shanglian.excel.models import ImportJob, ImportStatus
from shanglian.excel.normalize import (
    clean_text,
)
from shanglian.excel.reading import Column, open_table
from shanglian.excel.writing import build_template, is_example
from shanglian.orgs import streets
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry import search
from shanglian.registry.imports.fast_pinyin import fast_pinyin_of
from shanglian.registry.imports.roster_parsing import ColumnParser, _Lookups, chambers_of
from shanglian.registry.imports.roster_schema import MASTER_FIELDS, SCHEMA, SPOOL_KEYS, TEXT_FIELDS, Target
from shanglian.registry.imports.roster_stream import EnterpriseCopier, SideProgress
from shanglian.registry.imports.roster_writing import write_spool
from shanglian.registry.models import (
    Enterprise,
    EnterpriseScale,
    EnterpriseYearFigure,
    Industry,
    Membership,
    Position,
    Tag,
)

FIELDS = MASTER_FIELDS  # see roster_schema: the one schema every part derives from
_master = operator.itemgetter(*FIELDS)  # clean row → its master fields, as the registry lookup returns them


def columns_for(organization: Organization | None) -> list[Column]:
    """The schema (roster_schema.SCHEMA) with this target's dropdowns and notes, and its chamber columns."""
    industries = tuple(f"{i.code} {i.name}" for i in Industry.objects.filter(parent__isnull=False))
    dynamic: dict[str, dict[str, Any]] = {
        "industry": {"choices": industries},
        "scale": {"choices": tuple(EnterpriseScale.labels)},
        "street": {"choices": streets.LABELS},
        "tags": {
            "note": "多个标签用顿号或逗号分隔：" + "、".join(Tag.objects.values_list("name", flat=True))
        },
    }
    cols = [dataclasses.replace(c, **dynamic[c.key]) if c.key in dynamic else c for c in SCHEMA]
    if organization is None:
        return cols
    if organization.kind == OrgKind.CHAMBER:
        # Not in a secretary's template (their rows all go to their chamber), but read when a file has it.
        cols.append(Column("chamber", "所属商会", False, ("商会", "商会名称"), width=24))
    else:
        names = tuple(name for _, name in chambers_of(organization))
        cols.append(
            Column("chamber", "所属商会", False, ("商会", "商会名称"), width=24, choices=names,
                   example=names[0] if names else "",
                   note="填写后企业成为该商会会员（可填会内职务、入会日期）；不填则只登记到本工商联企业名册")
        )  # fmt: skip
    cols += [
        Column("position", "会内职务", False, ("职务",), choices=tuple(Position.labels), width=12,
               example="会员单位", note="不填则为会员单位"),
        Column("joined_on", "入会日期", False, ("入会时间",), width=12,
               example=datetime.date(2024, 1, 1), note="不填则为导入当天"),
    ]  # fmt: skip
    return cols


def template_bytes(organization: Organization) -> bytes:
    chamber = organization.kind == OrgKind.CHAMBER
    target = "本商会会员" if chamber else "本工商联企业名册"
    lines = [
        f"5. 按统一社会信用代码匹配：已有的企业更新信息，没有的新增，并计入{target}。",
        "6. 空白单元格不会清空系统中已有的信息。",
        "7. 任何一行有错误时整份文件都不会导入，请下载错误报告修改后重新上传。",
    ]
    if not chamber:
        lines.append(
            "8. 填写“所属商会”的行，企业同时成为该商会会员（已是会员的按“会内职务”更新职务）；"
            "会内职务、入会日期只在填写了所属商会时有效。"
        )
    columns = [c for c in columns_for(organization) if not (chamber and c.key == "chamber")]
    return build_template(columns, instructions=lines)


# ---------------------------------------------------------------- pass 1: check


def _batch_size() -> int:
    return import_jobs.BATCH  # read each time: tests make it small


_spool_row = operator.itemgetter(*SPOOL_KEYS)  # record dict → spool tuple


def check_file(
    path: str,
    filename: str,
    organization: Organization,
    *,
    progress: Progress | None = None,
    spool: bool = True,
    today: datetime.date | None = None,
    copier: EnterpriseCopier | None = None,
) -> CheckResult:
    """Pass 1 (see the module doc). Raises ExcelError when the file as a whole is unusable. With a
    `copier` (roster_stream, PostgreSQL's confirm step) new enterprises are inserted as the pass goes."""
    today = today or timezone.localdate()
    target = Target(organization)
    columns = columns_for(organization)
    headers = {c.key: c.header for c in columns}
    table = open_table(path, filename, columns)
    result = CheckResult(
        total=0, columns=[c.key for c in columns if c.key in table.positions], sheet=table.sheet
    )
    lookups = _Lookups(target)
    seen: dict[str, int] = {}
    chamber_import = target.chamber is not None

    parser = ColumnParser(lookups, chamber_import, today)

    def checked_rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for numbers, cells in table.batches(_batch_size):
            yield from checked(zip(numbers, parser.parse(cells), strict=True))

    def checked(
        parsed: Iterable[tuple[int, tuple[dict[str, Any], list[Any]]]],
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        for number, (clean, errors) in parsed:
            if is_example(clean["name"]):  # the template's example row
                continue
            result.total += 1
            code = clean["credit_code"]
            if code and not (errors and any(k == "credit_code" for k, *_ in errors)):
                if code in seen:
                    errors.append(("credit_code", code, f"与第 {seen[code]} 行的统一社会信用代码重复"))
                else:
                    seen[code] = number
            if errors:
                result.error_rows += 1
                for key, value, reason in errors:
                    if len(result.errors) < MAX_REPORTED_ERRORS:
                        result.errors.append(
                            RowError(number, headers.get(key, key), clean_text(value), reason)
                        )
                continue
            yield number, clean

    return classify_in_batches(
        result,
        checked_rows(),
        lambda batch, spool_file, fetched=None: _classify(batch, target, result, spool_file, copier, fetched),
        spool_prefix="roster-" if spool else None,
        progress=progress,
        estimated_rows=table.estimated_rows,
        prefetch=copier.prefetch(_lookup_sql()) if copier is not None else None,
    )


# Why an error row and not a 入会申请 created by the import: an import is all-or-nothing and writes the
# importer's own data; an application asks the enterprise's side for something, one enterprise at a time,
# and should be meant (the applicant writes a reason, the other side is notified). The row names the
# enterprise, so the secretary can apply for exactly those (registry: 入会申请) and import the rest.
_OUT_OF_SCOPE = (
    "该企业已在系统中登记，但不是本商会会员，不能通过导入加入本商会；"
    "请为该企业提交“入会申请”，经企业所在方同意后入会，再导入其信息"
)


@functools.cache
def _lookup_sql() -> str:
    # On PostgreSQL one text parameter split on the server: no 2,000 placeholders to build and parse, no
    # list for psycopg to dump element by element. A valid credit code has no comma.
    return (
        f"SELECT credit_code, id, federation_id, {', '.join(FIELDS)} FROM {Enterprise._meta.db_table} "
        "WHERE credit_code = ANY(string_to_array(%s, ','))"
    )


def _classify(
    batch: list[tuple[int, dict[str, Any]]],
    target: Target,
    result: CheckResult,
    spool_file: IO[bytes] | None,
    copier: EnterpriseCopier | None = None,
    fetched: Callable[[], list[tuple[Any, ...]]] | None = None,
) -> None:
    """`fetched`: the registry rows of the batch's codes, when the lookup was started ahead (copier.submit)."""
    codes = [clean["credit_code"] for _, clean in batch]
    rows: Iterable[Any]
    if fetched is not None:
        rows = fetched()
    elif copier is not None:
        rows = copier.fetch(_lookup_sql(), [",".join(codes)])
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_lookup_sql(), [",".join(codes)])
            rows = cursor.fetchall()
    else:
        rows = Enterprise.unscoped_objects.filter(credit_code__in=codes).values_list(
            "credit_code", "pk", "federation_id", *FIELDS
        )
    existing = {row[0]: row for row in rows}
    ids = [row[1] for row in existing.values()]
    tag_sets: dict[int, list[int]] = {}
    if ids and any(clean["tag_ids"] is not None for _, clean in batch):
        for ent_id, tag_id in Enterprise.tags.through.objects.filter(enterprise_id__in=ids).values_list(
            "enterprise_id", "tag_id"
        ):
            tag_sets.setdefault(ent_id, []).append(tag_id)
    figures = {}
    if ids and any(clean["year"] is not None for _, clean in batch):
        for ent_id, year, *values in EnterpriseYearFigure.unscoped_objects.filter(
            enterprise_id__in=ids
        ).values_list("enterprise_id", "year", "revenue", "tax", "rd_spend"):
            figures[(ent_id, year)] = values
    members = {}  # (enterprise id, chamber id) → position, for the chambers the rows name
    chamber_ids = ids and {clean["chamber_id"] for _, clean in batch} - {None}
    if chamber_ids:
        for ent_id, chamber_id, position in Membership.unscoped_objects.filter(
            enterprise_id__in=ids, chamber_id__in=chamber_ids, left_on__isnull=True
        ).values_list("enterprise_id", "chamber_id", "position"):
            members[(ent_id, chamber_id)] = position
    own_chamber_id = target.chamber.pk if target.chamber is not None else None
    federation_id = target.federation.pk
    # A chamber's file may touch only what the chamber already sees (issue 11 defect 3): enterprises new to
    # the registry, or members of the chamber or of a chamber below it. An enterprise registered elsewhere
    # is an error row, never a membership created on the importer's word (see _OUT_OF_SCOPE).
    in_scope: set[int] = set()
    if target.chamber is not None and ids:
        in_scope = set(
            Membership.unscoped_objects.filter(
                enterprise_id__in=ids, chamber__path__startswith=target.chamber.path
            ).values_list("enterprise_id", flat=True)
        )
    records = []
    inserts = []
    for number, clean in batch:
        code = clean["credit_code"]
        row = existing.get(code)
        if row is None and copier is not None:
            # Streaming (roster_stream): the enterprise goes straight to the copier as one tuple; only
            # its tags, year figures or membership still need the spool.
            status = "new"
            pinyin, initials = fast_pinyin_of(clean["name"])
            inserts.append((clean, pinyin, initials))
            if clean["tag_ids"] is not None or clean["year"] is not None or clean["chamber_id"] is not None:
                # In the spool the enterprise is new too: its INSERT there meets the streamed row and skips it.
                record = dict(
                    clean, row=number, enterprise_id=None, name_pinyin=pinyin, name_initials=initials
                )
                for key in TEXT_FIELDS:
                    record[key] = record[key] or ""
                record["membership"] = "join" if clean["chamber_id"] is not None else None
            else:
                record = None
        elif row is None:
            record = dict(clean, row=number, enterprise_id=None, membership=None)
            status = "new"
            record["name_pinyin"], record["name_initials"] = fast_pinyin_of(clean["name"])
            for key in TEXT_FIELDS:
                record[key] = record[key] or ""
            if clean["chamber_id"] is not None:
                record["membership"] = "join"
        elif (
            row[2] == federation_id
            and _master(clean) == row[3:]
            and clean["tag_ids"] is None
            and clean["year"] is None
            and clean["chamber_id"] is None
        ):
            # Every field as registered and nothing else in the row: the common row of a re-import.
            status = "unchanged"
            record = None
        else:
            ent_id, owner = row[1], row[2]
            record = dict(clean, row=number, enterprise_id=ent_id, membership=None)
            if owner != federation_id:
                result.error_rows += 1
                result.errors.append(
                    RowError(number, "统一社会信用代码", code, "该企业已登记在其他工商联名下，不能在此导入")
                )
                continue
            if own_chamber_id is not None and ent_id not in in_scope:
                result.error_rows += 1
                result.errors.append(RowError(number, "统一社会信用代码", code, _OUT_OF_SCOPE))
                continue
            current = dict(zip(FIELDS, row[3:], strict=True))
            may_edit = own_chamber_id is None or (ent_id, own_chamber_id) in members
            changed = False
            for key in FIELDS:
                new = clean[key]
                if new is None or new == current[key] or not may_edit:
                    record[key] = None
                else:
                    changed = True
            if record["name"] is not None:
                record["name_pinyin"], record["name_initials"] = fast_pinyin_of(record["name"])
            else:
                record["name_pinyin"] = record["name_initials"] = None
            if (
                not may_edit
                or clean["tag_ids"] is None
                or clean["tag_ids"] == sorted(tag_sets.get(ent_id, []))
            ):
                record["tag_ids"] = None
            else:
                changed = True
            if clean["year"] is not None and may_edit:
                old = figures.get((ent_id, clean["year"]))
                new_values = [clean["revenue"], clean["tax"], clean["rd_spend"]]
                if old is not None and all(n is None or n == o for n, o in zip(new_values, old, strict=True)):
                    record["year"] = None
                else:
                    changed = True
            else:
                record["year"] = None
            chamber_id = clean["chamber_id"]
            if chamber_id is not None:
                if (ent_id, chamber_id) not in members:
                    record["membership"] = "join"
                    result.joined += 1
                    changed = True
                elif clean["position"] and clean["position"] != members[(ent_id, chamber_id)]:
                    record["membership"] = "position"
                    changed = True
            status = "updated" if changed else "unchanged"
        if status == "new":
            result.created += 1
        elif status == "unchanged":
            result.unchanged += 1
        else:
            result.updated += 1
        if len(result.preview) < PREVIEW_ROWS:
            result.preview.append(
                {"row": number, "status": status, "credit_code": code, "name": clean["name"],
                 "legal_representative": clean["legal_representative"] or "", "street": clean["street"] or ""}
            )  # fmt: skip
        if status != "unchanged" and record is not None:
            records.append(_spool_row(record))
    if copier is not None:
        copier.add_new(inserts)
    if spool_file is not None and records:
        pickle.dump(records, spool_file, protocol=pickle.HIGHEST_PROTOCOL)
        result.spooled += len(records)


# ---------------------------------------------------------------- jobs


def check_job(job: ImportJob, progress: Progress) -> CheckResult:
    """Pass 1 only, for the preview (the frame's check_for_preview)."""
    return check_file(job.file.path, job.original_name, job.organization, progress=progress, spool=False)


def apply_job(job: ImportJob, *, actor: Any) -> ImportJob:
    """Confirm a roster job: written in one transaction, searchable when the job reports success (changed
    rows re-indexed in the transaction, new ones queued for the n-gram index, which a task fills after the
    COMMIT: registry.search), audited once with the counts and once per created or changed enterprise
    (with the job as its cause). On PostgreSQL new enterprises, their queue entries and audit rows are
    inserted during pass 1 (roster_stream)."""
    target = Target(job.organization)
    today = timezone.localdate()
    streaming = connection.vendor == "postgresql"
    copier = None
    row_audit = RowAudit(
        job, actor or job.created_by, object_type=Enterprise._meta.label_lower, what="会员企业名册"
    )

    def check() -> CheckResult:
        nonlocal copier
        if not streaming:
            return check_file(job.file.path, job.original_name, job.organization, progress=job_progress(job))
        progress = SideProgress(job)
        copier = EnterpriseCopier(target.federation.pk, row_audit)
        try:
            result = check_file(
                job.file.path, job.original_name, job.organization, progress=progress, copier=copier
            )
        except BaseException:
            copier.stop()
            copier.raise_error()  # the worker's failure is the cause of the main thread's, if it had one
            raise
        finally:
            progress.close()
        copier.close()
        if copier.count:
            # The new enterprises are searchable through the queue already; their n-grams follow in a task.
            transaction.on_commit(search.index_pending_task.enqueue)
        return result

    outcome = confirm_and_write(
        job,
        actor=actor,
        what="会员企业名册",
        check=check,
        write=lambda result: write_spool(result, target, today, row_audit),
        extra_changes=lambda result: {"joined": result.joined},
        check_in_transaction=streaming,
    )
    if outcome is not None:
        store_result(job, outcome[0], ImportStatus.DONE)
        save_job(job, finished_at=timezone.now(), message="导入完成。")
    return job
