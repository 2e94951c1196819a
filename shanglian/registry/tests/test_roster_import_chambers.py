"""会员企业名册导入, 所属商会 column: a federation admin's file puts enterprises into the chambers it names.

Views, anonymous, weak roles and another tenant's jobs are the same as for any roster import
(test_roster_import.py); here: the chamber column itself, on SQLite and PostgreSQL alike.
"""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.excel.models import ImportJob, ImportStatus
from shanglian.registry.models import Enterprise, Membership, Position
from shanglian.registry.tests.test_roster_import import code, industries_and_tags, upload  # noqa: F401

pytestmark = pytest.mark.django_db

HEADER = ["统一社会信用代码", "企业名称", "法定代表人", "所属商会", "会内职务", "入会日期"]


def latest_job(user):
    return ImportJob.objects.visible_to(user).order_by("-pk").first()


def confirm(client, job):
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    return job


def two_chamber_rows(world):
    return [
        [code(1), "青岛甲会员有限公司", "钱七", world.chamber.name, "理事", "2024年5月1日"],
        [code(2), "青岛乙会员有限公司", "孙八", f"\u3000{world.chamber2.name} ", "", ""],  # blanks normalised
        [world.enterprise.credit_code, world.enterprise.name, "", world.chamber.name, "副会长", ""],
        [world.enterprise2.credit_code, world.enterprise2.name, "", world.chamber.name, "", ""],
        [code(3), "青岛丙企业有限公司", "周九", "", "", ""],  # no chamber: only the federation's roster
    ]


def test_federation_import_puts_rows_into_the_chambers_they_name(world, login):
    client = login(world.admin)
    upload(client, world.fed, two_chamber_rows(world), header=HEADER)
    job = latest_job(world.admin)
    assert job.status == ImportStatus.READY, job.preview
    # new: 3; updated: enterprise (position) and enterprise2 (joins A1); new memberships of existing: 1
    assert (job.created_count, job.updated_count, job.unchanged_count, job.membership_count) == (3, 2, 0, 1)
    assert not Membership.unscoped_objects.filter(enterprise__credit_code=code(1)).exists()  # preview only
    confirm(client, job)

    first = Membership.unscoped_objects.get(enterprise__credit_code=code(1))
    assert first.chamber == world.chamber and first.position == Position.DIRECTOR
    assert first.joined_on == datetime.date(2024, 5, 1)
    second = Membership.unscoped_objects.get(enterprise__credit_code=code(2))
    assert second.chamber == world.chamber2 and second.position == Position.MEMBER
    assert second.joined_on == timezone.localdate()
    assert Membership.unscoped_objects.get(enterprise=world.enterprise, chamber=world.chamber).position == (
        Position.VICE_PRESIDENT
    )
    assert set(
        Membership.unscoped_objects.filter(enterprise=world.enterprise2).values_list("chamber", flat=True)
    ) == {world.chamber.pk, world.chamber2.pk}  # joined A1, still in A2
    third = Enterprise.unscoped_objects.get(credit_code=code(3))
    assert third.federation == world.fed and not third.memberships.exists()
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.IMPORT)
    assert entry.organization == world.fed and entry.changes["joined"] == 1


def test_reimport_of_the_same_file_writes_nothing(world, login):
    client = login(world.admin)
    upload(client, world.fed, two_chamber_rows(world), header=HEADER)
    confirm(client, latest_job(world.admin))
    before = sorted(
        Membership.unscoped_objects.values_list("pk", "enterprise", "chamber", "position", "joined_on")
    )
    stamps = dict(Enterprise.unscoped_objects.values_list("pk", "updated_at"))

    upload(client, world.fed, two_chamber_rows(world), header=HEADER)
    job = latest_job(world.admin)
    assert (job.created_count, job.updated_count, job.unchanged_count, job.membership_count) == (0, 0, 5, 0)
    confirm(client, job)
    after = sorted(
        Membership.unscoped_objects.values_list("pk", "enterprise", "chamber", "position", "joined_on")
    )
    assert after == before and dict(Enterprise.unscoped_objects.values_list("pk", "updated_at")) == stamps


def test_unknown_chamber_is_an_error_row_and_nothing_is_written(world, login):
    client = login(world.admin)
    rows = [
        [code(1), "青岛甲会员有限公司", "钱七", "不存在的商会", "", ""],
        [code(2), "青岛乙会员有限公司", "孙八", world.chamber_b.name, "", ""],  # another federation's chamber
        [code(3), "青岛丙会员有限公司", "周九", "", "理事", ""],  # a position needs a chamber
        [code(4), "青岛丁会员有限公司", "吴十", world.chamber.name, "", ""],
    ]
    upload(client, world.fed, rows, header=HEADER)
    job = latest_job(world.admin)
    assert job.status == ImportStatus.INVALID and job.error_count == 3
    options = f"（可选：{world.chamber.name}、{world.chamber2.name}）"
    errors = {e["row"]: e for e in job.preview["errors"]}
    assert errors[2]["column"] == "所属商会" and errors[2]["reason"] == f"商会“不存在的商会”不存在{options}"
    assert errors[3]["reason"] == f"商会“{world.chamber_b.name}”不存在{options}"
    assert errors[4]["reason"] == "填写了会内职务或入会日期，但没有填写所属商会"
    assert not Enterprise.unscoped_objects.filter(credit_code__in=[code(i) for i in range(1, 5)]).exists()
    assert client.post(reverse("roster_import:confirm", args=[job.pk])).status_code == 302
    assert not Membership.unscoped_objects.filter(enterprise__credit_code=code(4)).exists()


def test_secretary_file_may_name_only_their_own_chamber(world, login):
    client = login(world.secretary)
    rows = [
        [code(1), "青岛甲会员有限公司", "钱七", world.chamber.name, "理事", ""],
        [code(2), "青岛乙会员有限公司", "孙八", "", "", ""],
    ]
    upload(client, world.chamber, rows, header=HEADER)
    job = latest_job(world.secretary)
    assert job.status == ImportStatus.READY and job.created_count == 2, job.preview
    confirm(client, job)
    assert set(
        Membership.unscoped_objects.filter(enterprise__credit_code__in=[code(1), code(2)]).values_list(
            "chamber", flat=True
        )
    ) == {world.chamber.pk}

    rows = [[code(3), "青岛丙会员有限公司", "周九", world.chamber2.name, "", ""]]
    upload(client, world.chamber, rows, header=HEADER)
    job = latest_job(world.secretary)
    assert job.status == ImportStatus.INVALID
    assert (
        job.preview["errors"][0]["reason"] == f"只能导入到本商会：所属商会请填写“{world.chamber.name}”或留空"
    )
    assert not Enterprise.unscoped_objects.filter(credit_code=code(3)).exists()


def test_templates_offer_the_chamber_column_to_the_federation_only(world, login):
    response = login(world.admin).get(reverse("roster_import:template") + f"?target={world.fed.pk}")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in wb["导入数据"][1]]
    assert {"所属商会", "会内职务", "入会日期"} <= set(headers)
    column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[headers.index("所属商会")]
    sources = {
        str(v.sqref).split(":")[0][:1]: v.formula1 for v in wb["导入数据"].data_validations.dataValidation
    }
    assert world.chamber.name in sources[column] and world.chamber2.name in sources[column]
    assert world.chamber_b.name not in sources[column]

    response = login(world.secretary).get(reverse("roster_import:template") + f"?target={world.chamber.pk}")
    headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(response.content))["导入数据"][1]]
    assert "所属商会" not in headers and "会内职务" in headers
