"""Acceptance: the seed's year as data, written up as the 2020 report of 城阳区工商联, says what the seed says."""

import io
import re

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse

from shanglian.accounts.models import User
from shanglian.metrics import registry
from shanglian.orgs.models import Organization
from shanglian.reports.models import ReportStatus, WorkReport

pytestmark = pytest.mark.django_db

# figures.md #: (metric, the sentence of the report that carries the seed's value)
SEED_SENTENCES = {
    1: ("chambers.reorganised", "共先后整顿、清理、新建商会组织15家"),
    2: ("party.model_sites", "党建示范点10个"),
    3: ("registry.member_growth", "商会会员增幅达30%"),
    4: ("registry.high_tech", "其中高新技术创新类企业98家"),  # 近百家
    5: ("cooperation.deal_amount", "促成企业间达成合作"),
    6: ("party.orgs_founded", "新建并完善商会党组织12家"),
    7: ("party.coverage", "覆盖率达90%"),
    8: ("party.cross_appointment", "所有商会班子成员与党组织成员交叉任职（交叉任职率100%）"),
    9: ("registry.red_alliance", "党建红盟企业已达20家"),
    10: ("guidance.red_alliance_epidemic_amount", "红盟企业累计捐款捐物"),
    11: ("guidance.epidemic_donors", "民营企业捐赠总额达"),
    12: ("party.brands", "建立商会党建品牌5个"),
    13: ("chambers.street_registered", "街道商会已正式注册登记6个"),
    14: ("chambers.four_good", "新增省、市级“四好”商会4家"),
    15: ("chambers.grade_3a", "民政认定“3A”级商会3家"),
    16: ("chambers.dormant_cleaned", "对5家“僵尸商会”进行清理"),
    17: ("chambers.irregular_rectified", "对4家“不规范商会”进行整顿"),
    18: ("chambers.hometown_founded", "其中异地商会1家正式成立"),
    19: ("registry.classified", "分类梳理4"),  # 400多家: checked as a number below
    20: ("mechanisms.rules_guiding", "制定指导性文件"),
    21: ("mechanisms.suggestions", "提出创新建议"),
    22: ("cooperation.liaisons", "共走访联系商会、协会和企业"),
    23: ("cooperation.friendly_chambers", "签约友好商会"),
    24: ("events.forums_attended", "专题报告会"),
    25: ("cooperation.talks", "举办各类招商洽谈"),
    26: ("promotion.online_surveys", "累计开展各类线上调查"),
    27: ("promotion.visited_offline", "线下实地走访企业"),
    28: ("appeals.collected", "汇总实际问题及意见建议"),
    29: ("appeals.solved", "由商会帮助协调解决"),
    30: ("promotion.research_projects", "签约合作产学研项目"),
    31: ("events.symposia", "政策解读会等会议"),
    32: ("guidance.paired_amount", "累计向对口帮扶地区捐款捐物"),
    33: ("guidance.facilities_exhibition", "建设扶贫体验馆"),
    34: ("guidance.purchases_amount", "采购物资"),
    35: ("guidance.volunteer_gift_value", "送去慰问品，累计"),
}


def test_the_2020_report_of_the_seed_year_carries_every_implemented_seed_figure(client):
    call_command("seed_chengyang_2020", stdout=io.StringIO())
    admin = User.objects.get(username="fed_admin")
    federation = Organization.objects.unscoped().get(name="城阳区工商联（总商会）")
    client.force_login(admin, backend="shanglian.accounts.backends.UserBackend")
    response = client.post(
        reverse("reports:new"), {"organization": federation.pk, "period_kind": "year", "year": "2020"}
    )
    assert response.status_code == 302
    report = WorkReport.objects.unscoped().latest("pk")  # the demo requested a few of its own
    assert report.generated_by == admin and report.template_version == 1  # the demo's saved wording
    assert report.status == ReportStatus.DONE
    document = docx.Document(report.attachments.get().file.open("rb"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "城阳区工商联打造“四大平台”助推民营经济健康发展"

    implemented = {m.key for m in registry.all_metrics()}
    checked = 0
    for number, (key, sentence) in SEED_SENTENCES.items():
        if key in implemented:
            assert sentence in text, f"figures.md #{number} ({key}): {sentence!r} missing"
            checked += 1
        else:  # its domain is not built yet: left out of the text, never shown as 0
            assert sentence not in text, f"figures.md #{number} ({key}) shown though not built"
    assert checked >= 16
    classified = next(row for row in report.content["appendix"] if row["key"] == "registry.classified")
    assert int(classified["value"]) >= 400 and f"分类梳理{classified['value']}家企业名单" in text
    # the appendix lists every registered metric, percentages with numerator/denominator
    table = {row.cells[1].text: (row.cells[2].text, row.cells[4].text) for row in document.tables[0].rows[1:]}
    assert len(table) == len(implemented)
    assert table["商会党组织覆盖率"] == ("90", "18/20")
    value, note = table["商会会员增幅"]
    assert value == "30" and re.fullmatch(r"\d+/\d+（期末/期初）", note)
