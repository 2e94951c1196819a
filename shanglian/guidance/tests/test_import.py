"""捐赠名单导入: template, preview, all-or-nothing, error report, donors by credit code or name, amounts as typed."""

import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.access import SYSTEM
from shanglian.excel.models import ImportJob, ImportStatus
from shanglian.guidance import services
from shanglian.guidance.imports import parse_yuan
from shanglian.guidance.models import Donation, DonationEntry, DonationStatus

pytestmark = pytest.mark.django_db

HEADER = [
    "捐赠企业名称",
    "统一社会信用代码",
    "捐赠日期",
    "现金金额（元）",
    "捐赠物资",
    "物资折价（元）",
    "估值依据",
    "捐赠渠道",
    "受赠方",
    "交付日期",
]


def upload(rows, name="捐赠名单.xlsx"):
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer)
    ws = wb.add_worksheet()
    for i, row in enumerate([HEADER, *rows]):
        ws.write_row(i, 0, row)
    wb.close()
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def campaign(world):
    return services.save_campaign(
        actor=SYSTEM,
        organization=world.fed,
        name="2020年抗击疫情",
        kind="epidemic",
        start_on=__import__("datetime").date(2020, 1, 20),
    )


def _post(client, campaign, rows):
    r = client.post(f"/guidance/campaigns/{campaign.pk}/import/", {"file": upload(rows)})
    assert r.status_code == 302, r.content.decode()[:500]
    return ImportJob.unscoped_objects.order_by("-pk").first()


def test_parse_yuan_as_users_type_it():
    assert parse_yuan("1,700,000", "现金") == Decimal("1700000.00")
    assert parse_yuan("170万", "现金") == Decimal("1700000.00")
    assert parse_yuan(2500.5, "现金") == Decimal("2500.50")
    with pytest.raises(ValueError, match="不支持大写金额"):
        parse_yuan("壹佰万元", "现金")
    with pytest.raises(ValueError, match="两个小数点"):
        parse_yuan("1.000.5", "现金")
    with pytest.raises(ValueError, match="必须大于零"):
        parse_yuan("0", "现金")


def test_template_preview_confirm_with_audit(world, login, campaign):
    client = login(world.admin)
    t = client.get(f"/guidance/campaigns/{campaign.pk}/import/?template=1")
    assert load_workbook(io.BytesIO(t.content)).active["A1"].value == "*捐赠企业名称"
    rows = [
        [
            world.enterprise.name,
            "",
            "2020-02-01",
            "170万",
            "",
            "",
            "",
            "慈善总会",
            "区人民医院",
            "2020-02-03",
        ],
        [
            "",
            world.enterprise2.credit_code,
            "2020-02-02",
            "1,000",
            "口罩",
            "5000",
            "发票",
            "红十字会",
            "",
            "",
        ],
    ]
    job = _post(client, campaign, rows)
    assert (
        job.status == ImportStatus.READY and job.created_count == 2 and not Donation.unscoped_objects.exists()
    )
    page = client.get(f"/guidance/imports/{job.pk}/").content.decode()
    assert "确认导入 2 笔" in page
    client.post(f"/guidance/imports/{job.pk}/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    delivered = Donation.unscoped_objects.get(status=DonationStatus.DELIVERED)
    assert (
        delivered.cash_amount == Decimal("1700000.00")
        and delivered.shares.get().enterprise == world.enterprise
    )
    pledge = Donation.unscoped_objects.get(status=DonationStatus.PLEDGED)
    assert pledge.in_kind_amount == Decimal("5000.00") and pledge.items.get().basis == "invoice"
    assert list(DonationEntry.unscoped_objects.values_list("amount", flat=True)) == [Decimal("1700000.00")]
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.IMPORT, object_id=str(job.pk)).count() == 1


def test_bad_rows_refuse_the_whole_file_with_error_report(world, login, campaign):
    client = login(world.admin)
    rows = [
        [world.enterprise.name, "", "2020-02-01", "壹佰万元", "", "", "", "", "", ""],
        [world.enterprise.name, "", "2020-02-01", "1.2.3", "", "", "", "", "", ""],
        [world.enterprise.name, "", "2020-02-01", "", "大米", "500", "", "", "", ""],
        [world.enterprise.name, "", "2020-02-01", "-5", "", "", "", "", "", ""],
        ["青岛不存在的公司", "", "2020-02-01", "100", "", "", "", "", "", ""],
        [world.enterprise_b.name, "", "2020-02-01", "100", "", "", "", "", "", ""],
        [world.enterprise.name, "", "2020-02-01", "100", "", "", "", "", "", "2020-02-03"],
    ]
    job = _post(client, campaign, rows)
    assert job.status == ImportStatus.INVALID and job.error_count == 6
    assert not Donation.unscoped_objects.exists()
    report = client.get(f"/guidance/imports/{job.pk}/errors/")
    reasons = [
        r[3]
        for r in load_workbook(io.BytesIO(b"".join(report.streaming_content)))["错误明细"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    text = "\n".join(reasons)
    assert "不支持大写金额" in text and "两个小数点" in text and "估值依据" in text and "必须大于零" in text
    assert text.count("本工商联没有名为") == 2  # the other tenant's enterprise is not found either


def test_rights_and_scope(world, login, client, campaign):
    assert client.get(f"/guidance/campaigns/{campaign.pk}/import/").status_code == 302
    assert login(world.leader).get(f"/guidance/campaigns/{campaign.pk}/import/").status_code == 403
    assert login(world.secretary).get(f"/guidance/campaigns/{campaign.pk}/import/").status_code == 404
    job = _post(
        login(world.admin),
        campaign,
        [[world.enterprise.name, "", "2020-02-01", "100", "", "", "", "", "", ""]],
    )
    assert login(world.users_b["federation_admin"]).get(f"/guidance/imports/{job.pk}/").status_code == 404
