"""企业家名册导入: upload → preview → confirm, all-or-nothing, upsert keys, scope, audit, what users type."""

import datetime
import io
import os

import openpyxl
import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from stdnum.cn import ric

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.testing.factories import EnterpriseFactory, MembershipFactory
from shanglian.excel.imports import jobs as import_jobs
from shanglian.excel.models import ImportJob, ImportKind, ImportStatus
from shanglian.registry.imports import person as person_importing
from shanglian.registry.models import (
    Education,
    Gender,
    Person,
    PersonRole,
    PoliticalStatus,
    RoleTitle,
)
from shanglian.registry.tests.helpers import person

pytestmark = pytest.mark.django_db
INDEX = reverse("roster_import:index")
HEADER = ["姓名", "所在企业统一社会信用代码", "企业职务", "性别", "出生年月", "政治面貌", "学历", "手机",
          "身份证号", "人大代表", "政协委员"]  # fmt: skip


def id_number(birth: str, seq: int, male=True) -> str:
    """A valid 居民身份证号码 of 市北区 (exists since 1983) born on birth (YYYYMMDD)."""
    first17 = f"370203{birth}{seq * 2 + (1 if male else 0):03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


def xlsx_upload(rows, header=HEADER, name="企业家名册.xlsx"):
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer)
    ws = wb.add_worksheet()
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    wb.close()
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, target, rows, **kw):
    return client.post(INDEX, {"kind": "person", "target": target.pk, "file": xlsx_upload(rows, **kw)})


def last_job(user):
    return ImportJob.objects.visible_to(user).order_by("-pk").first()


def confirm(client, job):
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    job.refresh_from_db()
    return job


def good_rows(world, n=3):
    code = world.enterprise.credit_code
    return [
        [f"企业家{chr(0x4E00 + i)}", code, "董事长", "男", "1985/3/1", "中共党员", "本科", f"1390000{i:04d}",
         id_number("19850301", i), "否", "是"]
        for i in range(n)
    ]  # fmt: skip


def people(world):
    return Person.unscoped_objects.filter(name__startswith="企业家")


def test_admin_imports_preview_then_confirm_with_audit(world, login):
    client = login(world.admin)
    response = upload(client, world.fed, good_rows(world))
    job = last_job(world.admin)
    assert response.status_code == 302 and response["Location"] == reverse("roster_import:job", args=[job.pk])
    assert job.kind == ImportKind.PERSON and job.status == ImportStatus.READY, job.preview
    assert (job.created_count, job.updated_count, job.unchanged_count, job.error_count) == (3, 0, 0, 0)
    assert not people(world).exists()  # the preview writes nothing
    page = client.get(response["Location"]).content.decode()
    assert "确认导入" in page and "企业家一" in page and "将新增 3 位" in page
    assert "13900000000" not in page and "139****0000" in page  # the preview masks the phone

    stored = job.file.path
    job = confirm(client, job)
    assert job.status == ImportStatus.DONE, job.message
    assert not job.file and not os.path.exists(stored)  # the upload (ID numbers in clear) is gone
    p = Person.unscoped_objects.get(name="企业家一")
    assert p.enterprise == world.enterprise and p.federation == world.fed
    assert (p.gender, p.birth_date, p.political_status, p.education) == (
        Gender.MALE, datetime.date(1985, 3, 1), PoliticalStatus.CPC, Education.BACHELOR
    )  # fmt: skip
    assert p.phone == "13900000000" and p.id_number == id_number("19850301", 0)
    assert (p.is_npc_deputy, p.is_cppcc_member) == (False, True)
    assert list(p.roles.values_list("enterprise", "title")) == [(world.enterprise.pk, RoleTitle.CHAIRMAN)]
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.IMPORT)
    assert entry.actor == world.admin and entry.organization == world.fed and entry.object_id == str(job.pk)
    assert entry.changes["created"] == 3 and "企业家名册" in entry.message
    assert id_number("19850301", 0) not in str(entry.changes) + entry.message


def test_reimport_unchanged_writes_nothing_then_updates_without_blanking(world, login):
    client = login(world.admin)
    upload(client, world.fed, good_rows(world))
    confirm(client, last_job(world.admin))
    stamps = dict(people(world).values_list("pk", "updated_at"))

    upload(client, world.fed, good_rows(world))
    job = last_job(world.admin)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 3)
    assert "不会修改任何数据" in job.message
    assert confirm(client, job).status == ImportStatus.DONE
    assert dict(people(world).values_list("pk", "updated_at")) == stamps
    assert PersonRole.unscoped_objects.count() == 3

    rows = good_rows(world)
    rows[0][6] = "硕士研究生"
    rows[1][7] = ""  # blank cells never clear a field
    rows[1][5] = None
    rows[2][2] = "董事长兼总经理"  # a second role
    upload(client, world.fed, rows)
    job = last_job(world.admin)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 2, 1), job.preview
    confirm(client, job)
    assert Person.unscoped_objects.get(name="企业家一").education == Education.MASTER
    second = Person.unscoped_objects.get(name="企业家丁")
    assert second.phone == "13900000001" and second.political_status == PoliticalStatus.CPC
    third = Person.unscoped_objects.get(name="企业家丂")
    assert sorted(third.roles.values_list("title", flat=True)) == ["chairman", "general_manager"]
    assert people(world).count() == 3


def test_bad_rows_refuse_the_whole_file_with_error_report(world, login):
    client = login(world.admin)
    rows = good_rows(world, 2)
    good_id = id_number("19850301", 5)
    bad = [
        ["", world.enterprise.credit_code],  # no name
        ["缺企业", ""],
        ["坏代码", world.enterprise.credit_code[:-1] + ("0" if world.enterprise.credit_code[-1] != "0" else "1")],
        ["坏身份证", world.enterprise.credit_code, "", "", "", "", "", "", good_id[:-1] + ("0" if good_id[-1] != "0" else "1")],
        ["数字身份证", world.enterprise.credit_code, "", "", "", "", "", "", 370203198503010000],
        ["生日不符", world.enterprise.credit_code, "", "", "1986-03-01", "", "", "", good_id],
        ["性别不符", world.enterprise.credit_code, "", "女", "", "", "", "", id_number("19850301", 6)],
        ["坏手机", world.enterprise.credit_code, "", "", "", "", "", "1234567"],
        ["坏面貌", world.enterprise.credit_code, "", "", "", "党外人士"],
        ["模糊月份", world.enterprise.credit_code, "", "", 1975.1],
        ["未来出生", world.enterprise.credit_code, "", "", f"{datetime.date.today().year + 1}-01-01"],
        ["坏是否", world.enterprise.credit_code, "", "", "", "", "", "", "", "也许"],
        ["坏职务", world.enterprise.credit_code, "清洁工"],
        ["重复号", world.enterprise.credit_code, "", "", "", "", "", "", rows[0][8]],
        ["他方企业", world.enterprise_b.credit_code],
    ]  # fmt: skip
    upload(client, world.fed, rows + bad)
    job = last_job(world.admin)
    assert job.status == ImportStatus.INVALID and job.error_count == len(bad), job.preview
    assert not job.file
    assert not people(world).exists() and not Person.unscoped_objects.filter(name="坏手机").exists()
    page = client.get(reverse("roster_import:job", args=[job.pk])).content.decode()
    assert "确认导入" not in page and "下载错误报告" in page
    response = client.get(reverse("roster_import:errors", args=[job.pk]))
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["错误明细"]
    report = [[c.value for c in row] for row in ws.iter_rows()]
    assert report[0] == ["行号", "列", "填写的值", "错误原因"]
    reasons = {}
    for row, column, _value, reason in report[1:]:
        reasons.setdefault(row, []).append((column, reason))
    first = 4  # header row 1, two good rows
    expect = [
        ("姓名", "姓名不能为空"),
        ("所在企业统一社会信用代码", "不能为空"),
        ("所在企业统一社会信用代码", "校验位错误"),
        ("身份证号", "校验位错误"),
        ("身份证号", "存成了数字"),
        ("出生年月", "与身份证号不一致"),
        ("性别", "与身份证号不一致"),
        ("手机", "手机号码格式不正确"),
        ("政治面貌", "不是可选值"),
        ("出生年月", "1 月还是 10 月"),
        ("出生年月", "不能晚于今天"),
        ("人大代表", "应填写“是”或“否”"),
        ("企业职务", "不是可选值"),
        ("身份证号", "与第 2 行"),
        ("所在企业统一社会信用代码", "找不到"),
    ]
    for offset, (column, words) in enumerate(expect):
        got = reasons[first + offset]
        assert any(c == column and words in r for c, r in got), (first + offset, got)
    assert not any(good_id in str(v) for row in report for v in row)  # ID numbers are masked in the report
    assert client.post(reverse("roster_import:confirm", args=[job.pk])).status_code == 302
    assert not people(world).exists()
    assert not AuditEntry.unscoped_objects.filter(action=AuditAction.IMPORT).exists()


def test_what_users_type_is_accepted(world, login):
    code = world.enterprise.credit_code
    full_width_code = code.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789ABCDEFGHJKLMNPQRTUWXY"})
    rows = [
        ["张  三", code, "法人", "男", "1975年3月", "党员", "大专", "138 0013 8000", "", "√", "×"],
        ["李四", full_width_code, "", "", 197504, "群众", "", "+86 139-0013-9000", "", "Y", ""],
        ["王五", code, "", "", "198005", "民盟盟员", "研究生", "", "", "", ""],
        ["赵六", code, "", "", 29646, "", "博士", "", "", "", ""],  # an Excel serial: 1981-03-01
        ["钱七", code, "", "", 1986.3, "", "", "", id_number("19860315", 1).lower(), "", ""],
        ["孙八", code, "", "", "", "", "", "１３７００１３７０００", id_number("19830720", 2, male=False), "", ""],
        ["周九", code, "", "", datetime.date(1984, 5, 6), "", "", "", "", "", ""],
    ]  # fmt: skip
    client = login(world.admin)
    upload(client, world.fed, rows)
    job = last_job(world.admin)
    assert job.status == ImportStatus.READY, job.preview["errors"]
    confirm(client, job)
    got = {p.name: p for p in Person.unscoped_objects.filter(enterprise=world.enterprise)}
    assert set(got) == {"张三", "李四", "王五", "赵六", "钱七", "孙八", "周九"}
    assert got["张三"].birth_date == datetime.date(1975, 3, 1) and got["张三"].phone == "13800138000"
    assert got["张三"].is_npc_deputy and not got["张三"].is_cppcc_member
    assert got["张三"].education == Education.COLLEGE and got["张三"].political_status == PoliticalStatus.CPC
    assert got["张三"].roles.get().title == RoleTitle.LEGAL_REPRESENTATIVE
    assert got["李四"].birth_date == datetime.date(1975, 4, 1) and got["李四"].phone == "13900139000"
    assert got["王五"].political_status == PoliticalStatus.DEMOCRATIC_PARTY
    assert got["王五"].education == Education.MASTER and got["王五"].birth_date == datetime.date(1980, 5, 1)
    assert got["赵六"].birth_date == datetime.date(1981, 3, 1)
    # a month that agrees with the ID number: the full date and the gender come from the number
    assert got["钱七"].birth_date == datetime.date(1986, 3, 15) and got["钱七"].gender == Gender.MALE
    assert got["孙八"].birth_date == datetime.date(1983, 7, 20) and got["孙八"].gender == Gender.FEMALE
    assert got["孙八"].phone == "13700137000"
    assert got["周九"].birth_date == datetime.date(1984, 5, 6)


def test_upsert_keys_id_then_name_and_phone_then_name(world, login):
    known = id_number("19880101", 1)
    by_id = person(world.enterprise, "老名字", id_number=known)
    by_phone = person(world.enterprise, "王强", phone="13911112222")
    by_name = person(world.enterprise, "刘洋")
    other_id = person(world.enterprise, "陈静", id_number=id_number("19890101", 1, male=False))
    code = world.enterprise.credit_code
    rows = [
        ["新名字", code, "", "", "", "", "", "", known],  # by ID: renamed
        ["王强", code, "总经理", "", "", "", "", "13911112222"],  # by name + phone
        ["刘洋", code, "", "", "", "", "", "13800001111"],  # by name (no phone on file): phone added
        ["陈静", code, "", "", "", "", "", "", id_number("19900101", 2, male=False)],  # another ID: new
    ]  # fmt: skip
    client = login(world.admin)
    upload(client, world.fed, rows)
    job = last_job(world.admin)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (1, 3, 0), job.preview
    confirm(client, job)
    for p in (by_id, by_phone, by_name, other_id):
        p.refresh_from_db()
    assert by_id.name == "新名字" and by_id.birth_date == datetime.date(1988, 1, 1)
    assert by_phone.roles.get().title == RoleTitle.GENERAL_MANAGER
    assert by_name.phone == "13800001111"
    assert Person.unscoped_objects.filter(name="陈静").count() == 2
    assert Person.unscoped_objects.filter(enterprise=world.enterprise).count() == 5


def test_same_name_twice_in_the_enterprise_is_an_error_row(world, login):
    person(world.enterprise, "李明")
    person(world.enterprise, "李明")
    client = login(world.admin)
    upload(client, world.fed, [["李明", world.enterprise.credit_code, "", "男"]])
    job = last_job(world.admin)
    assert job.status == ImportStatus.INVALID and "2 位名为“李明”" in job.preview["errors"][0]["reason"]


def test_duplicates_across_batches_are_found(world, login, monkeypatch):
    monkeypatch.setattr(import_jobs, "BATCH", 2)
    monkeypatch.setattr(person_importing, "BATCH", 2)
    rows = good_rows(world, 5)
    rows.append(["企业家一", world.enterprise.credit_code, "", "", "", "", "", "13900000000"])
    rows.append(list(rows[0]))
    client = login(world.admin)
    upload(client, world.fed, rows)
    job = last_job(world.admin)
    assert job.status == ImportStatus.INVALID and job.error_count == 2, job.preview
    reasons = [(e["row"], e["reason"]) for e in job.preview["errors"]]
    assert reasons == [(7, "与第 2 行的所在企业、姓名和手机相同（同一人只能出现一次）"),
                       (8, "与第 2 行的身份证号相同（同一人只能出现一次）")]  # fmt: skip


def test_secretary_imports_people_of_own_chamber_members_only(world, login):
    joined = EnterpriseFactory(federation=world.fed, name="青岛新会员有限公司")
    MembershipFactory(enterprise=joined, chamber=world.chamber)
    rows = [
        ["甲", world.enterprise.credit_code, "法定代表人"],
        ["乙", joined.credit_code],
        ["丙", world.enterprise2.credit_code],  # our federation, but the other chamber
        ["丁", world.enterprise_b.credit_code],  # another tenant
    ]
    client = login(world.secretary)
    upload(client, world.chamber, rows)
    job = last_job(world.secretary)
    assert job.status == ImportStatus.INVALID and job.error_count == 2
    reasons = [e["reason"] for e in job.preview["errors"]]
    assert all("本商会的会员企业中找不到" in r for r in reasons)
    assert world.enterprise_b.name not in str(job.preview)
    upload(client, world.chamber, rows[:2])
    job = last_job(world.secretary)
    assert job.status == ImportStatus.READY
    assert confirm(client, job).status == ImportStatus.DONE
    assert Person.unscoped_objects.get(name="乙").enterprise == joined
    assert AuditEntry.unscoped_objects.get(action=AuditAction.IMPORT).organization == world.chamber


def test_secretary_cannot_pull_a_person_from_outside_the_chamber(world, login):
    known = id_number("19880101", 3)
    person(world.enterprise2, "外会人员", id_number=known)
    client = login(world.secretary)
    upload(client, world.chamber, [["外会人员", world.enterprise.credit_code, "", "", "", "", "", "", known]])
    job = last_job(world.secretary)
    assert job.status == ImportStatus.INVALID and "本商会会员企业以外" in job.preview["errors"][0]["reason"]
    assert Person.unscoped_objects.get(name="外会人员").enterprise == world.enterprise2


def test_other_tenant_enterprise_code_is_an_error_row_for_admin(world, login):
    client = login(world.admin)
    upload(client, world.fed, good_rows(world, 1) + [["冒名", world.enterprise_b.credit_code]])
    job = last_job(world.admin)
    assert job.status == ImportStatus.INVALID and job.error_count == 1
    assert "本工商联的企业中找不到" in job.preview["errors"][0]["reason"]
    assert not Person.unscoped_objects.filter(enterprise=world.enterprise_b).exists()


def test_other_tenant_job_is_404_weak_roles_403_anonymous_login(world, login, client):
    response = client.get(INDEX + "?kind=person")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    upload(
        login(world.users_b["federation_admin"]), world.fed_b, [["他方人员", world.enterprise_b.credit_code]]
    )
    job_b = ImportJob.unscoped_objects.get()
    assert job_b.kind == ImportKind.PERSON and job_b.status == ImportStatus.READY
    for user in (world.admin, world.secretary):
        c = login(user)
        for name in ("job", "progress", "errors"):
            assert c.get(reverse(f"roster_import:{name}", args=[job_b.pk])).status_code == 404
        assert c.post(reverse("roster_import:confirm", args=[job_b.pk])).status_code == 404
    for user in (world.leader, world.enterprise_user, world.liaison):
        c = login(user)
        assert c.get(INDEX + "?kind=person").status_code == 403
        assert c.get(reverse("roster_import:template") + "?kind=person").status_code == 403
        assert c.post(INDEX, {"kind": "person", "target": world.fed.pk}).status_code == 403
    assert ImportJob.unscoped_objects.get().status == ImportStatus.READY
    assert not Person.unscoped_objects.filter(name="他方人员").exists()


def test_template_has_headers_dropdowns_and_an_example_that_is_skipped(world, login):
    client = login(world.secretary)
    response = client.get(reverse("roster_import:template") + "?kind=person")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = wb["导入数据"]
    headers = [c.value for c in sheet[1]]
    assert headers[:2] == ["*姓名", "*所在企业统一社会信用代码"]
    assert {
        "企业职务",
        "性别",
        "出生年月",
        "政治面貌",
        "学历",
        "手机",
        "身份证号",
        "人大代表",
        "政协委员",
    } <= set(headers)
    assert len(sheet.data_validations.dataValidation) == 6
    example = [c.value for c in sheet[2]]
    assert example[0].startswith("（示例）")
    response = client.post(
        INDEX,
        {
            "kind": "person",
            "target": world.chamber.pk,
            "file": SimpleUploadedFile("t.xlsx", response.content),
        },
    )
    job = last_job(world.secretary)
    assert response.status_code == 302 and job.status == ImportStatus.INVALID and "没有可导入" in job.message


def test_entry_points_on_import_page_and_person_list(world, login):
    page = login(world.admin).get(INDEX + "?kind=person").content.decode()
    assert "企业家名册模板" in page and '<option value="person" selected>' in page
    assert (
        'id="person-import"' in login(world.secretary).get(reverse("registry:person_list")).content.decode()
    )
    for user in (world.leader, world.enterprise_user):
        assert 'id="person-import"' not in login(user).get(reverse("registry:person_list")).content.decode()


def test_big_file_runs_as_background_task(world, login, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_INLINE_MAX_BYTES = 0  # every file goes through django-tasks (ImmediateBackend here)
    client = login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, world.fed, good_rows(world, 4))
    job = last_job(world.admin)
    assert job.status == ImportStatus.READY
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("roster_import:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and people(world).count() == 4


def test_control_and_bidi_characters_are_error_rows(world, login):
    """Issue 11 defect 7: BEL/ESC and a right-to-left override in a name or a title were stored as typed."""
    client = login(world.admin)
    rows = good_rows(world, 3)
    rows[0][0] = "企业家\u202e乙"
    rows[1][2] = "董事\x1b长"
    upload(client, world.fed, rows)
    job = last_job(world.admin)
    assert job.status == ImportStatus.INVALID
    found = {(e["row"], e["column"]): e["reason"] for e in job.preview["errors"]}
    assert "改变文字方向" in found[(2, "姓名")] and "控制字符（U+001B）" in found[(3, "企业职务")]
    assert confirm(client, job).status == ImportStatus.INVALID and not people(world).exists()
