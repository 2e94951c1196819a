"""企业家名册导入: template, validation with preview, all-or-nothing bulk upsert of people.

The same flow as the enterprise roster import (`registry.imports.roster`): `check_file()` reads the upload row
by row, normalises and validates each row, compares it with the registry in batches and spools the rows
that would change something; `apply_job()` runs that check again and, when no row has an error, writes the
spool in one transaction with bulk writes. Any bad row ⇒ nothing is written and an .xlsx error report.

This module has the template, pass 1 (matching and classifying the rows) and the jobs; what users type in
each cell is parsed in `person_parsing`, pass 2's SQL writes are in `person_writing`, and the frame shared
with the roster import (batches, CheckResult, the confirm step) is in `shanglian.excel.imports.jobs`.

Each row names the person's enterprise by its 统一社会信用代码. It must be an enterprise the import target
covers: a chamber's active member enterprises, or a federation's enterprises (its subtree).

Upsert key, first that applies:
1. 身份证号 — the person of that number in the enterprise's federation;
2. (姓名, 手机) within the enterprise (a same-name person there without a phone on file also matches);
3. (姓名, 所在企业).
A same-name person who has a different 身份证号 on file is someone else. Two same-name candidates left ⇒ an
error row (the user adds the phone or the ID number to tell them apart).

Blank cells leave values on file alone; 企业职务 adds the role(s) at the enterprise, never removes one.
When the 身份证号 is given, the 出生年月 and 性别 must agree with it; blank ones are taken from it.
"""

from __future__ import annotations

import datetime
import logging
import pickle
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from django.utils import timezone
from stdnum.cn import ric

from shanglian.core.masking import mask_id_number, mask_phone
from shanglian.excel.imports.declaration import Progress
from shanglian.excel.imports.jobs import (
    BATCH,
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
from shanglian.excel.normalize import clean_text
from shanglian.excel.reading import Column, open_table
from shanglian.excel.writing import build_template, is_example
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.codes import make_credit_code
from shanglian.registry.imports.person_parsing import BOOL_FIELDS, FIELDS, parse_row
from shanglian.registry.imports.person_writing import write_spool
from shanglian.registry.models import (
    Education,
    Enterprise,
    Gender,
    Membership,
    Person,
    PersonRole,
    PoliticalStatus,
    RoleTitle,
)

logger = logging.getLogger(__name__)


_EXAMPLE_ID = "37021419850315001"
EXAMPLE_ID = _EXAMPLE_ID + ric.calc_check_digit(_EXAMPLE_ID + "0")


def columns() -> list[Column]:
    yes_no = ("是", "否")
    return [
        Column("name", "姓名", True, ("企业家姓名",), width=12, example="（示例）张三"),
        Column("credit_code", "所在企业统一社会信用代码", True,
               ("统一社会信用代码", "企业统一社会信用代码", "所在企业信用代码", "信用代码"), width=24,
               example=make_credit_code(1, kind="91"), note="须为本商会会员企业（商会导入）或本工商联的企业，"
               "请先导入企业名册"),
        Column("title", "企业职务", False, ("职务", "企业内职务"), choices=tuple(RoleTitle.labels), width=12,
               example="法定代表人", note="兼任多个职务可用顿号分隔，如：董事长、总经理"),
        Column("gender", "性别", False, (), choices=tuple(Gender.labels), width=8, example="男"),
        Column("birth_date", "出生年月", False, ("出生日期", "出生年月日", "生日"), width=12,
               example="1985-03", note="可写 1985-03、1985年3月、198503 或完整日期"),
        Column("political_status", "政治面貌", False, (), choices=tuple(PoliticalStatus.labels), width=14,
               example="中共党员"),
        Column("education", "学历", False, ("文化程度", "最高学历"), choices=tuple(Education.labels),
               width=12, example="大学本科"),
        Column("phone", "手机", False, ("手机号", "手机号码", "移动电话", "联系电话"), width=14,
               example="13800000000"),
        Column("id_number", "身份证号", False, ("身份证号码", "公民身份号码", "身份证"), width=22,
               example=EXAMPLE_ID, note="18 位，请将本列设为文本格式，否则 Excel 会丢失末几位"),
        Column("is_npc_deputy", "人大代表", False, ("是否人大代表",), choices=yes_no, width=10, example="否"),
        Column("is_cppcc_member", "政协委员", False, ("是否政协委员",), choices=yes_no, width=10,
               example="是"),
    ]  # fmt: skip


def template_bytes() -> bytes:
    return build_template(
        columns(),
        instructions=[
            "5. 所在企业按统一社会信用代码查找，须为本商会会员企业（商会导入）或本工商联的企业；请先导入企业名册。",
            "6. 填写身份证号时按身份证号匹配已登记的企业家；否则按同一企业内的姓名和手机匹配，再按姓名匹配；"
            "匹配到的更新，没有的新增。",
            "7. 填写了身份证号时，出生年月和性别须与身份证号一致；留空则按身份证号填写。",
            "8. 空白单元格不会清空系统中已有的信息；企业职务只会增加，不会删除已有职务。",
            "9. 任何一行有错误时整份文件都不会导入，请下载错误报告修改后重新上传。",
        ],
    )


# ---------------------------------------------------------------- pass 1: check


class _Scope:
    """Which enterprises an import into `organization` may attach people to."""

    def __init__(self, organization: Organization) -> None:
        self.organization = organization
        self.chamber = organization if organization.kind == OrgKind.CHAMBER else None
        self.member_ids: set[int] | None
        self.federation_ids: set[int] | None
        if self.chamber is not None:
            self.member_ids = set(
                Membership.unscoped_objects.filter(chamber=self.chamber, left_on__isnull=True).values_list(
                    "enterprise_id", flat=True
                )
            )
            self.federation_ids = None
        else:
            self.member_ids = None
            self.federation_ids = set(
                Organization.objects.unscoped()
                .filter(path__startswith=organization.path, kind=OrgKind.FEDERATION)
                .values_list("pk", flat=True)
            )  # fmt: skip
        # credit code → (pk, federation_id, name) or None
        self.enterprises: dict[str, tuple[int, int, str] | None] = {}

    def covers(self, enterprise_id: int, federation_id: int) -> bool:
        if self.member_ids is not None:  # a chamber's import
            return enterprise_id in self.member_ids
        return self.federation_ids is not None and federation_id in self.federation_ids

    def load(self, codes: Iterable[str]) -> None:
        wanted = [c for c in set(codes) if c and c not in self.enterprises]
        for i in range(0, len(wanted), BATCH):
            chunk = wanted[i : i + BATCH]
            found = {
                code: (pk, fed, name)
                for code, pk, fed, name in Enterprise.unscoped_objects.filter(
                    credit_code__in=chunk
                ).values_list("credit_code", "pk", "federation_id", "name")
            }
            for code in chunk:
                hit = found.get(code)
                self.enterprises[code] = hit if hit and self.covers(hit[0], hit[1]) else None


# Existing people as compared: the ID number by its blind index (nothing to decrypt).
PERSON_VALUES = (
    "pk",
    "federation_id",
    "enterprise_id",
    *(f for f in FIELDS if f != "id_number"),
    "id_number_hash",
)


class _Seen:
    """Who the rows so far were: by their key, by the person they matched, and (rows with an ID number) by
    (enterprise, name, phone) so that a later row without the number cannot create the same person again."""

    def __init__(self) -> None:
        self.keys: dict[tuple[Any, ...], int] = {}
        self.people: dict[int, int] = {}
        self.loose: dict[tuple[Any, ...], int] = {}


# (row number, clean values, raw cells) of a row that parsed; the reporter of a row's error.
CheckedRow = tuple[int, dict[str, Any], dict[str, Any]]
ErrorSink = Callable[[int, str, Any, str], None]


def check_file(
    path: str,
    filename: str,
    organization: Organization,
    *,
    progress: Progress | None = None,
    spool: bool = True,
    today: datetime.date | None = None,
) -> CheckResult:
    """Pass 1: counts, preview, error rows, and (spool=True) the spool of changes. Writes nothing."""
    today = today or timezone.localdate()
    cols = columns()
    headers = {c.key: c.header for c in cols}
    table = open_table(path, filename, cols)
    result = CheckResult(
        total=0, columns=[c.key for c in cols if c.key in table.positions], sheet=table.sheet
    )
    scope = _Scope(organization)
    seen = _Seen()

    def error(number: int, key: str, value: Any, reason: str) -> None:
        if len(result.errors) < MAX_REPORTED_ERRORS:
            shown = clean_text(value)
            if key == "id_number":
                shown = mask_id_number(shown)  # the report is kept on disk: no ID numbers in it
            result.errors.append(RowError(number, headers.get(key, key), shown, reason))

    def checked_rows() -> Iterator[CheckedRow]:
        for number, raw in table.rows():
            if is_example(clean_text(raw.get("name"))):
                continue
            result.total += 1
            clean, errors = parse_row(raw, today)
            if errors:
                result.error_rows += 1
                for key, value, reason in errors:
                    error(number, key, value, reason)
                continue
            yield number, clean, raw

    return classify_in_batches(
        result,
        checked_rows(),
        lambda batch, spool_file: _classify(batch, scope, seen, result, spool_file, error),
        spool_prefix="people-" if spool else None,
        progress=progress,
        estimated_rows=table.estimated_rows,
    )


def _match(
    clean: dict[str, Any],
    ent_id: int,
    fed_id: int,
    by_id: dict[tuple[int, str], dict[str, Any]],
    by_enterprise: dict[int, list[dict[str, Any]]],
) -> tuple[dict[str, Any] | None, str | None]:
    """→ (existing person values or None, error reason or None)."""
    number, name, phone = clean["id_number_hash"], clean["name"], clean["phone"]
    if number:
        found = by_id.get((fed_id, number))
        if found is not None:
            return found, None
    candidates = [p for p in by_enterprise.get(ent_id, ()) if p["name"] == name]
    if number:
        candidates = [p for p in candidates if not p["id_number_hash"]]  # another ID on file: someone else
    if phone:
        exact = [p for p in candidates if p["phone"] == phone]
        candidates = exact or [p for p in candidates if not p["phone"]]
    if len(candidates) > 1:
        return None, (
            f"所在企业已登记 {len(candidates)} 位名为“{name}”的企业家，无法确定更新哪一位；"
            "请填写手机或身份证号加以区分"
        )
    return (candidates[0] if candidates else None), None


def _classify(
    batch: list[CheckedRow],
    scope: _Scope,
    seen: _Seen,
    result: CheckResult,
    spool_file: IO[bytes] | None,
    error: ErrorSink,
) -> None:
    scope.load(clean["credit_code"] for _, clean, _ in batch)
    found = [scope.enterprises[c["credit_code"]] for _, c, _ in batch]
    ent_ids = {e[0] for e in found if e}
    fed_ids = {e[1] for e in found if e}
    numbers = [c["id_number_hash"] for _, c, _ in batch if c["id_number_hash"]]
    people: dict[int, dict[str, Any]] = {}
    if numbers:  # the column is encrypted: look the numbers up by their blind index
        for values in Person.unscoped_objects.filter(
            federation_id__in=fed_ids, id_number_hash__in=numbers
        ).values(*PERSON_VALUES):
            people[values["pk"]] = values
    names = {c["name"] for _, c, _ in batch}
    for values in Person.unscoped_objects.filter(enterprise_id__in=ent_ids, name__in=names).values(
        *PERSON_VALUES
    ):
        people[values["pk"]] = values
    by_id = {(p["federation_id"], p["id_number_hash"]): p for p in people.values() if p["id_number_hash"]}
    by_enterprise: dict[int, list[dict[str, Any]]] = {}
    for p in people.values():
        by_enterprise.setdefault(p["enterprise_id"], []).append(p)
    roles: set[tuple[int, int, str]] = set()
    if people:
        roles = set(
            PersonRole.unscoped_objects.filter(person_id__in=list(people)).values_list(
                "person_id", "enterprise_id", "title"
            )
        )
    records: list[dict[str, Any]] = []
    for number, clean, raw in batch:
        code = clean["credit_code"]
        enterprise = scope.enterprises[code]
        if enterprise is None:
            where = "本商会的会员企业" if scope.chamber is not None else "本工商联的企业"
            result.error_rows += 1
            error(number, "credit_code", raw.get("credit_code"),
                  f"在{where}中找不到统一社会信用代码为 {code} 的企业（请先导入企业名册）")  # fmt: skip
            continue
        ent_id, fed_id, ent_name = enterprise
        existing, reason = _match(clean, ent_id, fed_id, by_id, by_enterprise)
        moved = reason is None and existing is not None and existing["enterprise_id"] != ent_id
        if (
            moved
            and existing is not None
            and not scope.covers(existing["enterprise_id"], existing["federation_id"])
        ):
            reason = "该身份证号的企业家已登记在本商会会员企业以外的企业，不能在此导入"
        if reason is None:
            loose: tuple[Any, ...] = ("name", ent_id, clean["name"], clean["phone"] or "")
            key: tuple[Any, ...]
            if clean["id_number"]:
                key, column, what = ("id", fed_id, clean["id_number"]), "id_number", "身份证号"
                earlier = seen.keys.get(key)
            else:
                key, column = loose, "name"
                what = "所在企业、姓名和手机" if clean["phone"] else "所在企业和姓名"
                earlier = seen.keys.get(key) or seen.loose.get(key)
            if earlier:
                reason = f"与第 {earlier} 行的{what}相同（同一人只能出现一次）"
            elif existing is not None and existing["pk"] in seen.people:
                reason = f"与第 {seen.people[existing['pk']]} 行对应的是同一位企业家"
            else:
                seen.keys[key] = number
                if clean["id_number"]:
                    seen.loose.setdefault(loose, number)
                if existing is not None:
                    seen.people[existing["pk"]] = number
        else:
            column = "id_number" if "身份证号" in reason else "name"
        if reason is not None:
            result.error_rows += 1
            error(number, column, raw.get(column), reason)
            continue
        record: dict[str, Any] = {"row": number, "person_id": None, "federation_id": fed_id, "enterprise_id": ent_id,
                  "id_number_hash": clean["id_number_hash"] or ""}  # fmt: skip
        if existing is None:
            status = "new"
            for field in FIELDS:
                value = clean[field]
                record[field] = value if value is not None else (False if field in BOOL_FIELDS else "")
            record["birth_date"] = clean["birth_date"]
            record["titles"] = clean["titles"]
        else:
            record["person_id"] = existing["pk"]
            changed: list[str] = []
            for field in FIELDS:
                if field == "id_number":
                    new, old = clean["id_number_hash"], existing["id_number_hash"]
                else:
                    new, old = clean[field], existing[field]
                if new is None or new == old or (field in clean["derived"] and old not in ("", None)):
                    record[field] = None
                else:
                    record[field] = clean[field]
                    changed.append(field)
            if existing["enterprise_id"] != ent_id:
                changed.append("enterprise")
            record["titles"] = [t for t in clean["titles"] if (existing["pk"], ent_id, t) not in roles]
            if record["titles"]:
                changed.append("titles")
            record["changed"] = changed
            status = "updated" if changed else "unchanged"
        counter = {"new": "created"}.get(status, status)
        setattr(result, counter, getattr(result, counter) + 1)
        if len(result.preview) < PREVIEW_ROWS:
            result.preview.append(
                {"row": number, "status": status, "name": clean["name"], "credit_code": code,
                 "enterprise": ent_name, "titles": "、".join(RoleTitle(t).label for t in clean["titles"]),
                 "phone": mask_phone(clean["phone"] or "")}
            )  # fmt: skip
        if status != "unchanged":
            records.append(record)
    if spool_file is not None and records:
        pickle.dump(records, spool_file, protocol=pickle.HIGHEST_PROTOCOL)
        result.spooled += len(records)


# ---------------------------------------------------------------- jobs


def check_job(job: ImportJob, progress: Progress) -> CheckResult:
    """Pass 1 only, for the preview (the frame's check_for_preview)."""
    return check_file(job.file.path, job.original_name, job.organization, progress=progress, spool=False)


def apply_job(job: ImportJob, *, actor: Any) -> ImportJob:
    """Pass 1 again (the registry may have changed since the preview), then the writes in one
    transaction (`person_writing`); audited once with the counts."""
    outcome = confirm_and_write(
        job,
        actor=actor,
        what="企业家名册",
        check=lambda: check_file(
            job.file.path, job.original_name, job.organization, progress=job_progress(job)
        ),
        write=lambda result: write_spool(
            result,
            RowAudit(job, actor or job.created_by, object_type=Person._meta.label_lower, what="企业家名册"),
        ),
    )
    if outcome is not None:
        store_result(job, outcome[0], ImportStatus.DONE)
        save_job(job, finished_at=timezone.now(), message="导入完成。")
    if job.status in (ImportStatus.DONE, ImportStatus.INVALID):
        drop_upload(job)
    return job


def drop_upload(job: ImportJob) -> None:
    """The uploaded file holds ID numbers and phones in clear: once the job can no longer be confirmed it
    is deleted (the registry keeps the numbers encrypted; the job keeps counts, preview and error report)."""
    if job.file:
        job.file.delete(save=False)
        save_job(job, file="")
