"""会员企业名册导入: upload → preview → confirm, all-or-nothing, scope, audit."""

import io

import openpyxl
import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.excel.models import ImportJob, ImportStatus
from shanglian.registry.codes import make_credit_code, pinyin_of
from shanglian.registry.imports.fast_pinyin import fast_pinyin_of
from shanglian.registry.models import Enterprise, EnterpriseYearFigure, Membership, Position

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def industries_and_tags(db):
    """The GB/T 4754 and tag seed comes from a data migration; a transactional test elsewhere in the run
    (live_server) flushes it on a reused PostgreSQL database, so put it back when missing."""
    from importlib import import_module

    from django.apps import apps

    from shanglian.registry.models import Industry

    if not Industry.objects.exists():
        import_module("shanglian.registry.migrations.0004_seed_industries_and_tags").seed(apps, None)


HEADER = ["统一社会信用代码", "企业名称", "法定代表人", "所属街道", "所属行业", "企业规模", "成立日期", "员工数",
          "标签", "年度", "营业收入(万元)", "纳税额(万元)"]  # fmt: skip


def code(n):
    return make_credit_code(700000 + n, kind="91")


def xlsx_upload(rows, header=HEADER, name="名册.xlsx"):
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer)
    ws = wb.add_worksheet()
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    wb.close()
    return SimpleUploadedFile(name, buffer.getvalue())


def good_rows(n=3):
    return [
        [code(i), f"青岛导入{i}号科技有限公司", "王五", "城阳", "C34", "小型", "2019/3/1", "1,200人",
         "高新技术企业、专精特新", 2025, "1,200", "85.5万"]
        for i in range(n)
    ]  # fmt: skip


def upload(client, target, rows, **kw):
    response = client.post(
        reverse("roster_import:index"), {"target": target.pk, "file": xlsx_upload(rows, **kw)}
    )
    return response


def test_admin_imports_preview_then_confirm_with_audit(world, login):
    client = login(world.admin)
    response = upload(client, world.fed, good_rows())
    job = ImportJob.objects.visible_to(world.admin).get()
    assert response.status_code == 302 and response["Location"] == reverse("roster_import:job", args=[job.pk])
    assert job.status == ImportStatus.READY and job.created_count == 3 and job.error_count == 0
    assert not Enterprise.unscoped_objects.filter(credit_code=code(0)).exists()  # preview writes nothing
    page = client.get(response["Location"]).content.decode()
    assert "确认导入" in page and "青岛导入0号科技有限公司" in page

    response = client.post(reverse("roster_import:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    e = Enterprise.unscoped_objects.get(credit_code=code(0))
    assert e.federation == world.fed and e.industry.code == "C34" and e.scale == "small"
    assert e.employees == 1200 and str(e.founded_on) == "2019-03-01"
    assert (e.name_pinyin, e.name_initials) == pinyin_of(e.name)
    assert sorted(e.tags.values_list("code", flat=True)) == ["high_tech", "specialized"]
    fig = EnterpriseYearFigure.unscoped_objects.get(enterprise=e, year=2025)
    assert fig.revenue == 12_000_000 and fig.tax == 855_000
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.IMPORT)
    assert entry.actor == world.admin and entry.organization == world.fed
    assert entry.changes["created"] == 3 and entry.object_id == str(job.pk)


def test_reimport_unchanged_writes_nothing_and_changes_update(world, login):
    client = login(world.admin)
    upload(client, world.fed, good_rows())
    client.post(reverse("roster_import:confirm", args=[ImportJob.objects.visible_to(world.admin).get().pk]))
    stamp = Enterprise.unscoped_objects.get(credit_code=code(1)).updated_at

    upload(client, world.fed, good_rows())
    job = ImportJob.objects.visible_to(world.admin).order_by("-pk").first()
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 3)
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    assert Enterprise.unscoped_objects.get(credit_code=code(1)).updated_at == stamp

    rows = good_rows()
    rows[1][2] = "赵六"
    rows[2][8] = "规上企业"
    rows[0][2] = ""  # an empty cell never blanks a field
    upload(client, world.fed, rows)
    job = ImportJob.objects.visible_to(world.admin).order_by("-pk").first()
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 2, 1)
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    assert Enterprise.unscoped_objects.get(credit_code=code(1)).legal_representative == "赵六"
    assert Enterprise.unscoped_objects.get(credit_code=code(0)).legal_representative == "王五"
    assert list(Enterprise.unscoped_objects.get(credit_code=code(2)).tags.values_list("code", flat=True)) == [
        "above_scale"
    ]


def test_one_bad_row_refuses_the_whole_file_with_error_report(world, login):
    client = login(world.admin)
    rows = good_rows(4)
    rows[1][0] = rows[1][0][:-1] + ("0" if rows[1][0][-1] != "0" else "1")  # bad check digit
    rows[2][0] = rows[0][0]  # duplicate within the file
    rows[3][6] = "2019/2/30"
    upload(client, world.fed, rows)
    job = ImportJob.objects.visible_to(world.admin).get()
    assert job.status == ImportStatus.INVALID and job.error_count == 3
    assert not Enterprise.unscoped_objects.filter(name__startswith="青岛导入").exists()
    page = client.get(reverse("roster_import:job", args=[job.pk])).content.decode()
    assert "校验位错误" in page and "确认导入" not in page
    response = client.get(reverse("roster_import:errors", args=[job.pk]))
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["错误明细"]
    report = [[c.value for c in row] for row in ws.iter_rows()]
    assert report[0] == ["行号", "列", "填写的值", "错误原因"]
    reasons = {r[0]: r[3] for r in report[1:]}
    assert "校验位错误" in reasons[3] and "与第 2 行" in reasons[4] and "日期不存在" in reasons[5]
    assert client.post(reverse("roster_import:confirm", args=[job.pk])).status_code == 302
    assert not Enterprise.unscoped_objects.filter(name__startswith="青岛导入").exists()
    assert not AuditEntry.unscoped_objects.filter(action=AuditAction.IMPORT).exists()


def test_bad_files_are_refused_before_any_row(world, login):
    client = login(world.admin)
    response = client.post(
        reverse("roster_import:index"), {"target": world.fed.pk, "file": SimpleUploadedFile("x.pdf", b"%PDF")}
    )
    assert "仅支持" in response.content.decode() and not ImportJob.objects.visible_to(world.admin).exists()
    upload(client, world.fed, [["x", "y"]], header=["企业名称", "法定代表人"])
    job = ImportJob.objects.visible_to(world.admin).get()
    assert job.status == ImportStatus.INVALID and "缺少必填列" in job.message


def test_other_federations_enterprise_is_an_error_row(world, login):
    client = login(world.admin)
    rows = good_rows(1) + [[world.enterprise_b.credit_code, "冒名企业"]]
    upload(client, world.fed, rows)
    job = ImportJob.objects.visible_to(world.admin).get()
    assert job.status == ImportStatus.INVALID and "其他工商联" in job.preview["errors"][0]["reason"]


def test_secretary_imports_members_of_own_chamber(world, login):
    client = login(world.secretary)
    header = ["统一社会信用代码", "企业名称", "法定代表人", "会内职务", "入会日期"]
    rows = [
        [code(1), "青岛新会员有限公司", "钱七", "理事", "2024年5月1日"],
        [world.enterprise.credit_code, world.enterprise.name, "新法人", "副会长", ""],
    ]
    upload(client, world.chamber, rows, header=header)
    job = ImportJob.objects.visible_to(world.secretary).get()
    assert job.status == ImportStatus.READY, job.preview
    assert (job.created_count, job.updated_count, job.membership_count) == (1, 1, 0)
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    new = Enterprise.unscoped_objects.get(credit_code=code(1))
    assert new.federation == world.fed
    m = Membership.unscoped_objects.get(enterprise=new, chamber=world.chamber)
    assert m.position == Position.DIRECTOR and str(m.joined_on) == "2024-05-01"
    world.enterprise.refresh_from_db()
    assert world.enterprise.legal_representative == "新法人"
    assert Membership.unscoped_objects.get(enterprise=world.enterprise, chamber=world.chamber).position == (
        Position.VICE_PRESIDENT
    )
    assert AuditEntry.unscoped_objects.get(action=AuditAction.IMPORT).organization == world.chamber


def test_secretary_cannot_pull_an_enterprise_of_another_chamber_into_their_own(world, login):
    """Issue 11 defect 3: a one-row file with another chamber's member used to create a membership of the
    secretary's chamber (and with it the enterprise's pages and people). Now an error row; nothing written."""
    client = login(world.secretary)
    header = ["统一社会信用代码", "企业名称", "法定代表人", "会内职务", "入会日期"]
    rows = [
        [code(2), "青岛另一新会员有限公司", "钱八", "", ""],  # new to the registry: may join
        [world.enterprise2.credit_code, "改名企图", "某人", "", ""],  # member of A2 only
    ]
    before = Membership.unscoped_objects.count()
    upload(client, world.chamber, rows, header=header)
    job = ImportJob.objects.visible_to(world.secretary).get()
    assert job.status == ImportStatus.INVALID
    (error,) = job.preview["errors"]
    assert error["row"] == 3 and "不是本商会会员" in error["reason"] and "入会申请" in error["reason"]
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    assert Membership.unscoped_objects.count() == before
    assert not Enterprise.unscoped_objects.filter(credit_code=code(2)).exists()
    assert not Enterprise.objects.visible_to(world.secretary).filter(pk=world.enterprise2.pk).exists()


def test_secretary_cannot_target_federation_or_other_chamber(world, login):
    client = login(world.secretary)
    for target in (world.fed, world.chamber2, world.chamber_b):
        response = upload(client, target, good_rows(1))
        assert response.status_code == 200  # form re-shown: not a choice
    assert not ImportJob.objects.visible_to(world.admin).exists()
    assert client.get(reverse("roster_import:template") + f"?target={world.chamber2.pk}").status_code == 404


def test_other_tenant_job_is_404_and_weak_roles_403(world, login):
    upload(login(world.users_b["federation_admin"]), world.fed_b, good_rows(1))
    job_b = ImportJob.unscoped_objects.get()
    for user in (world.admin, world.secretary):
        client = login(user)
        assert client.get(reverse("roster_import:job", args=[job_b.pk])).status_code == 404
        assert client.post(reverse("roster_import:confirm", args=[job_b.pk])).status_code == 404
    for user in (world.leader, world.enterprise_user, world.liaison):
        client = login(user)
        assert client.get(reverse("roster_import:index")).status_code == 403
        assert client.get(reverse("roster_import:template")).status_code == 403
    assert ImportJob.unscoped_objects.get().status == ImportStatus.READY


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("roster_import:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_template_download_is_a_workbook_with_dropdowns(world, login):
    client = login(world.secretary)
    assert client.get(reverse("roster_import:template")).status_code == 302  # no target: choose on index
    response = client.get(reverse("roster_import:template") + f"?target={world.chamber.pk}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in wb["导入数据"][1]]
    assert headers[:2] == ["*统一社会信用代码", "*企业名称"] and "会内职务" in headers
    assert len(wb["导入数据"].data_validations.dataValidation) >= 3


def test_template_as_uploaded_skips_the_example_row(world, login):
    client = login(world.admin)
    data = client.get(reverse("roster_import:template") + f"?target={world.fed.pk}").content
    response = client.post(
        reverse("roster_import:index"), {"target": world.fed.pk, "file": SimpleUploadedFile("t.xlsx", data)}
    )
    job = ImportJob.objects.visible_to(world.admin).get()
    assert response.status_code == 302 and job.status == ImportStatus.INVALID and "没有可导入" in job.message


def test_big_file_runs_as_background_task_with_progress(
    world, login, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_BYTES = 0  # every file goes through django-tasks (ImmediateBackend here)
    client = login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, world.fed, good_rows(5))
    job = ImportJob.objects.visible_to(world.admin).get()
    assert job.status == ImportStatus.READY
    progress = client.get(reverse("roster_import:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert progress.status_code == 200 and "progress-bar" in progress.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("roster_import:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created_count == 5 and job.percent == 100


def test_fast_pinyin_matches_the_registry_function():
    names = ["青岛海尔电器有限公司", "重庆银行股份", "ABC 二手车 儿童乐园", "中国长城", "", "行长银行",
             "重庆", "银行", "长春", "行长", "长春行长重庆银行", "青岛（城阳）海尔", "(青岛)Haier 3D打印",
             "二〇二五年", "〇", "12三45", "A股", "𠀀𠀁公司", "㐀丂䶵鿿豈", "有限", "有限公", "有限公司有限",
             " ", "·", "e\u0301", "尔二儿"]  # fmt: skip
    for name in names:
        assert fast_pinyin_of(name) == pinyin_of(name), name


def test_fast_segmentation_is_pypinyins():
    """fast_pinyin_of re-implements pypinyin's forward-maximum-matching segmentation: same words."""
    import random

    from pypinyin.constants import PHRASES_DICT
    from pypinyin.core import seg

    from shanglian.registry.imports.fast_pinyin import _segment

    rnd = random.Random(3)
    phrases = sorted(p for p in PHRASES_DICT if len(p) > 1)
    alphabet = "重庆银行长春行长有限公司青岛海尔二儿尔〇AB 12（）()·𠀀㐀豈"
    texts = ["".join(rnd.choice(phrases) for _ in range(rnd.randint(1, 4))) for _ in range(300)]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 12))) for _ in range(300)]
    texts += ["".join(rnd.choice(phrases)[: rnd.randint(1, 3)] for _ in range(4)) for _ in range(300)]
    for text in texts:
        assert _segment(text) == seg(text), text
        assert fast_pinyin_of(text) == pinyin_of(text), text


def test_fast_pinyin_on_many_generated_names():
    from faker import Faker

    fake = Faker("zh_CN")
    fake.seed_instance(7)
    for _ in range(300):
        name = fake.company()
        assert fast_pinyin_of(name) == pinyin_of(name), name
