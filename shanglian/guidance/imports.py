"""捐赠名单导入: a campaign's donation list from Excel, declared to the kernel's import engine.

Template, pass 1 (parse each row, match the donor by 统一社会信用代码 or by its exact name among the
campaign federation's enterprises), preview, all-or-nothing confirm with an error report. Amounts are
read as users type them ("1,700,000", "170万", "¥3,000"); a capital-numeral amount ("壹佰万元") or one
with two decimal points is refused with a clear message. Each row is one gift of one donor; a row with a
交付日期 comes in delivered (its ledger entries written), one without as a pledge.
"""

from __future__ import annotations

import pickle
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone

from shanglian.excel.imports.declaration import Importer
from shanglian.excel.imports.declaration import register as register_importer
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
from shanglian.excel.models import ImportJob, ImportKind, ImportStatus
from shanglian.excel.normalize import choice_parser, clean_text, parse_amount, parse_date
from shanglian.excel.reading import Column, open_table
from shanglian.excel.writing import build_template, is_example
from shanglian.guidance.models import (
    ZERO,
    Campaign,
    Channel,
    Donation,
    DonationEntry,
    DonationImport,
    DonationItem,
    DonationShare,
    DonationStatus,
    ValuationBasis,
)
from shanglian.metrics import caching
from shanglian.registry.codes import make_credit_code
from shanglian.registry.models import Enterprise

CAPITAL = re.compile(r"[零〇一二三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]")
_channel = choice_parser(Channel.choices)
_basis = choice_parser(ValuationBasis.choices)


def parse_yuan(value: Any, label: str) -> Decimal | None:
    """An amount in 元 as typed; a clear refusal for capital numerals and two decimal points."""
    if isinstance(value, str):
        text = clean_text(value)
        if text.count(".") > 1 or text.count("．") > 1:
            raise ValueError(f"{label}“{text}”有两个小数点，无法识别")
        if CAPITAL.search(text):
            raise ValueError(f"{label}“{text}”请用阿拉伯数字填写，如 1,000,000 或 100万（不支持大写金额）")
    try:
        amount = parse_amount(value)
    except ValueError as exc:
        raise ValueError(f"{label}：{exc}") from None
    if amount is not None and amount <= 0:
        raise ValueError(f"{label}必须大于零")
    return amount


def columns(target: Any = None) -> list[Column]:
    return [
        Column("name", "捐赠企业名称", True, ("企业名称", "捐赠单位", "捐赠方"), width=30, example="（示例）青岛某某科技有限公司"),
        Column("credit_code", "统一社会信用代码", False, ("信用代码",), width=22, example=make_credit_code(1, kind="91"),
               note="填写时按代码匹配企业，否则按企业名称匹配"),
        Column("donated_on", "捐赠日期", True, ("日期",), width=12, example="2020-02-01"),
        Column("cash", "现金金额（元）", False, ("现金", "捐款金额", "捐款"), width=16, example="1,700,000",
               note="可写 1,700,000 或 170万；不支持大写金额"),
        Column("goods", "捐赠物资", False, ("物资",), width=20, example="医用口罩"),
        Column("goods_value", "物资折价（元）", False, ("物资价值", "物资金额"), width=16, example="50000"),
        Column("basis", "估值依据", False, (), choices=tuple(ValuationBasis.labels), width=10, example="发票"),
        Column("channel", "捐赠渠道", False, ("渠道",), choices=tuple(Channel.labels), width=12, example="慈善总会"),
        Column("recipient", "受赠方", False, ("受助方",), width=20, example="城阳区人民医院"),
        Column("delivered_on", "交付日期", False, ("到账日期",), width=12, example="2020-02-03",
               note="已到达的捐赠填写；留空为认捐"),
    ]  # fmt: skip


def template_bytes(target: Any = None) -> bytes:
    return build_template(
        columns(),
        instructions=[
            "5. 每行为一家企业的一笔捐赠；现金金额和物资折价至少填写一项，物资须填写估值依据。",
            "6. 捐赠企业按统一社会信用代码匹配，未填代码时按企业名称精确匹配；须为本工商联已登记的企业。",
            "7. 金额可写 1,700,000、170万 或 ¥3,000，请勿使用大写金额。",
            "8. 任何一行有错误时整份文件都不会导入，请下载错误报告修改后重新上传。",
        ],
    )


def parse_row(raw: dict[str, Any], campaign: Campaign) -> tuple[dict[str, Any], list[tuple[str, Any, str]]]:
    clean: dict[str, Any] = {
        "name": clean_text(raw.get("name")),
        "credit_code": clean_text(raw.get("credit_code")).upper(),
    }
    errors: list[tuple[str, Any, str]] = []

    def take(key: str, fn: Any) -> Any:
        try:
            return fn(raw.get(key))
        except ValueError as exc:
            errors.append((key, raw.get(key), str(exc)))
            return None

    clean["donated_on"] = take("donated_on", parse_date)
    clean["delivered_on"] = take("delivered_on", parse_date)
    clean["cash"] = take("cash", lambda v: parse_yuan(v, "现金金额"))
    clean["goods_value"] = take("goods_value", lambda v: parse_yuan(v, "物资折价"))
    clean["basis"] = take("basis", _basis) or ""
    clean["channel"] = take("channel", _channel) or Channel.CHARITY
    clean["goods"] = clean_text(raw.get("goods"))[:100]
    clean["recipient"] = clean_text(raw.get("recipient"))[:100]
    if not clean["name"] and not clean["credit_code"]:
        errors.append(("name", "", "请填写捐赠企业名称或统一社会信用代码"))
    day = clean["donated_on"]
    if day is None and not any(k == "donated_on" for k, _, _ in errors):
        errors.append(("donated_on", "", "请填写捐赠日期"))
    elif day is not None and day < campaign.start_on:
        errors.append(("donated_on", raw.get("donated_on"), "捐赠日期不能早于活动开始日期"))
    if clean["delivered_on"] is not None and day is not None and clean["delivered_on"] < day:
        errors.append(("delivered_on", raw.get("delivered_on"), "交付日期不能早于捐赠日期"))
    if not errors:
        if clean["cash"] is None and clean["goods_value"] is None:
            errors.append(("cash", "", "现金金额和物资折价至少填写一项"))
        if clean["goods_value"] is not None and not clean["basis"]:
            errors.append(("basis", "", "捐赠物资须填写估值依据（发票、报关单、协议或市场价）"))
        if clean["goods_value"] is not None and not clean["goods"]:
            errors.append(("goods", "", "请填写捐赠物资名称"))
    return clean, errors


class _Donors:
    """The campaign federation's enterprises, looked up by credit code and by exact name per batch."""

    def __init__(self, campaign: Campaign) -> None:
        org = campaign.organization
        self.path = org.path[: len(org.path) - org.steplen] if org.kind == "chamber" else org.path

    def find(
        self, batch: list[tuple[int, dict[str, Any], dict[str, Any]]]
    ) -> tuple[dict[str, tuple[int, str]], dict[str, list[tuple[int, str]]]]:
        codes = {c["credit_code"] for _, c, _ in batch if c["credit_code"]}
        names = {c["name"] for _, c, _ in batch if not c["credit_code"]}
        base = Enterprise.unscoped_objects.filter(federation__path__startswith=self.path)
        by_code = {
            code: (pk, name)
            for pk, code, name in base.filter(credit_code__in=codes).values_list("pk", "credit_code", "name")
        }
        by_name: dict[str, list[tuple[int, str]]] = {}
        for pk, name in base.filter(name__in=names).values_list("pk", "name"):
            by_name.setdefault(name, []).append((pk, name))
        return by_code, by_name


def check_file(
    path: str, filename: str, campaign: Campaign, *, progress: Any = None, spool: bool = True
) -> CheckResult:
    cols = columns()
    headers = {c.key: c.header for c in cols}
    table = open_table(path, filename, cols)
    result = CheckResult(
        total=0, columns=[c.key for c in cols if c.key in table.positions], sheet=table.sheet
    )
    donors = _Donors(campaign)

    def error(number: int, key: str, value: Any, reason: str) -> None:
        if len(result.errors) < MAX_REPORTED_ERRORS:
            result.errors.append(RowError(number, headers.get(key, key), clean_text(value), reason))

    def checked_rows() -> Any:
        for number, raw in table.rows():
            if is_example(clean_text(raw.get("name"))):
                continue
            result.total += 1
            clean, errors = parse_row(raw, campaign)
            if errors:
                result.error_rows += 1
                for key, value, reason in errors:
                    error(number, key, value, reason)
                continue
            yield number, clean, raw

    def classify(batch: list[tuple[int, dict[str, Any], dict[str, Any]]], spool_file: Any) -> None:
        by_code, by_name = donors.find(batch)
        records = []
        for number, clean, raw in batch:
            if clean["credit_code"]:
                hit = by_code.get(clean["credit_code"])
                reason = (
                    None
                    if hit
                    else f"本工商联没有统一社会信用代码为 {clean['credit_code']} 的企业（请先登记企业）"
                )
                key = "credit_code"
            else:
                found = by_name.get(clean["name"], [])
                hit = found[0] if len(found) == 1 else None
                reason = (
                    None
                    if hit
                    else (
                        f"本工商联有 {len(found)} 家名为“{clean['name']}”的企业，请填写统一社会信用代码"
                        if found
                        else f"本工商联没有名为“{clean['name']}”的企业（请核对名称或填写统一社会信用代码）"
                    )
                )
                key = "name"
            if hit is None:
                result.error_rows += 1
                error(number, key, raw.get(key), reason or "")
                continue
            result.created += 1
            record = {"row": number, "enterprise_id": hit[0], **{k: clean[k] for k in (
                "donated_on", "delivered_on", "cash", "goods", "goods_value", "basis", "channel", "recipient")}}  # fmt: skip
            records.append(record)
            if len(result.preview) < PREVIEW_ROWS:
                total = (clean["cash"] or ZERO) + (clean["goods_value"] or ZERO)
                result.preview.append({
                    "row": number, "status": "new", "name": hit[1], "donated_on": clean["donated_on"].isoformat(),
                    "amount": f"{total:,.2f}", "delivered": "已交付" if clean["delivered_on"] else "认捐",
                })  # fmt: skip
        if spool_file is not None and records:
            pickle.dump(records, spool_file, protocol=pickle.HIGHEST_PROTOCOL)
            result.spooled += len(records)

    return classify_in_batches(
        result,
        checked_rows(),
        classify,
        spool_prefix="donations-" if spool else None,
        progress=progress,
        estimated_rows=table.estimated_rows,
    )


def _records(result: CheckResult) -> Any:
    if not result.spool_path:
        return
    with open(result.spool_path, "rb") as f:
        while True:
            try:
                yield from pickle.load(f)
            except EOFError:
                return


def write_spool(result: CheckResult, campaign: Campaign) -> int:
    """The gifts, their donors, goods and (delivered ones) ledger entries, with bulk inserts."""
    org_id, kind = campaign.organization_id, campaign.kind
    written = 0
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        donations = []
        for r in batch:
            cash, goods = r["cash"] or ZERO, r["goods_value"] or ZERO
            donations.append(Donation(
                campaign=campaign, organization_id=org_id, donated_on=r["donated_on"], cash_amount=cash,
                in_kind_amount=goods, recipient=r["recipient"], channel=r["channel"],
                status=DonationStatus.DELIVERED if r["delivered_on"] else DonationStatus.PLEDGED,
                delivered_on=r["delivered_on"], note=f"导入第 {r['row']} 行",
            ))  # fmt: skip
        Donation.unscoped_objects.bulk_create(donations)
        shares, items, entries = [], [], []
        for d, r in zip(donations, batch, strict=True):
            shares.append(
                DonationShare(
                    donation=d, organization_id=org_id, enterprise_id=r["enterprise_id"], amount=d.total
                )
            )
            if r["goods_value"]:
                items.append(DonationItem(donation=d, organization_id=org_id, name=r["goods"], quantity=Decimal(1), unit="批",
                                          unit_value=r["goods_value"], value=r["goods_value"], basis=r["basis"]))  # fmt: skip
            if r["delivered_on"]:
                entries.append(DonationEntry(
                    donation=d, campaign=campaign, kind=kind, organization_id=org_id, enterprise_id=r["enterprise_id"],
                    donated_on=d.donated_on, cash=d.cash_amount, in_kind=d.in_kind_amount, amount=d.total,
                ))  # fmt: skip
        DonationShare.unscoped_objects.bulk_create(shares)
        DonationItem.unscoped_objects.bulk_create(items)
        DonationEntry.unscoped_objects.bulk_create(entries)
        caching.changed(Donation, DonationShare, DonationItem, DonationEntry)

    for record in _records(result):
        batch.append(record)
        if len(batch) >= 2000:
            flush()
            written += len(batch)
            batch = []
    if batch:
        flush()
        written += len(batch)
    return written


def link_campaign(job: ImportJob, campaign: Campaign) -> DonationImport:
    """The campaign a new job imports into (the job itself is made by the engine's create_job)."""
    link: DonationImport = DonationImport.unscoped_objects.create(
        job=job, campaign=campaign, organization=campaign.organization
    )
    return link


def campaign_of(job: ImportJob) -> Campaign:
    return DonationImport.unscoped_objects.select_related("campaign__organization").get(job=job).campaign


def check_job(job: ImportJob, progress: Any) -> CheckResult:
    return check_file(job.file.path, job.original_name, campaign_of(job), progress=progress, spool=False)


def apply_job(job: ImportJob, *, actor: Any) -> ImportJob:
    campaign = campaign_of(job)
    outcome = confirm_and_write(
        job,
        actor=actor,
        what=f"“{campaign.name}”捐赠名单",
        check=lambda: check_file(job.file.path, job.original_name, campaign, progress=job_progress(job)),
        write=lambda result: write_spool(result, campaign),
    )
    if outcome is not None:
        store_result(job, outcome[0], ImportStatus.DONE)
        save_job(job, finished_at=timezone.now(), message="导入完成。")
    return job


def targets(user: Any) -> Any:
    from shanglian.core.access import writable_orgs

    return writable_orgs(user).order_by("path")


def register() -> None:
    from shanglian.excel.imports.declaration import registered

    if any(i.kind == ImportKind.DONATION for i in registered()):
        return
    register_importer(
        Importer(
            kind=ImportKind.DONATION,
            label=ImportKind.DONATION.label,
            columns=columns,
            template=template_bytes,
            template_name=lambda target: "捐赠名单导入模板.xlsx",
            check=check_job,
            confirm=apply_job,
            targets=targets,
        )
    )


__all__ = ["check_file", "parse_yuan", "register"]
