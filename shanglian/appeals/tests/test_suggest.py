"""派单建议: nothing with too little history; trained on closed appeals it ranks the right unit first; the
nightly job retrains; an override is recorded; top-1/top-3 measured on held-out demo appeals."""

import pytest

from shanglian.appeals import seed2020, services, suggest
from shanglian.appeals.factories import AppealFactory
from shanglian.appeals.jobs import retrain_dispatch_suggestions_job
from shanglian.appeals.models import AppealEntry, AppealState, DispatchModel
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.orgs.factories import make_department
from shanglian.orgs.models import Organization

TOPICS = {
    "tax": ("增值税留抵退税进度", "退税申请已提交，发票认证和纳税申报有疑问"),
    "market": ("食品经营许可证变更", "营业执照和许可证地址变更，市场监管审批"),
    "env": ("环评验收和排污许可", "污水排放和环境影响评价审批进度"),
}


@pytest.fixture
def history(world):
    units = {
        "tax": world.department,
        "market": make_department(world.fed, "城阳区市场监督管理局"),
        "env": make_department(world.fed, "城阳区生态环境分局"),
    }
    for i in range(36):
        key = list(TOPICS)[i % 3]
        title, content = TOPICS[key]
        AppealFactory(
            enterprise=world.enterprise,
            title=f"{title}{i}",
            content=f"{content}（第{i}条）",
            state=AppealState.RATED,
            lead_unit=units[key],
        )
    return units


def test_too_little_history_says_so_and_suggests_nothing(world, submit, login):
    appeal = submit()
    assert suggest.retrain(world.fed) is None
    s = suggest.suggest(appeal)
    assert s.units == [] and "不足 30 条" in s.message
    page = login(world.admin).get(f"/appeals/{appeal.pk}/").content.decode()
    assert "暂不提供派单建议" not in page  # submitted: nothing to dispatch yet
    services.accept_appeal(actor=world.admin, appeal=appeal)
    page = login(world.admin).get(f"/appeals/{appeal.pk}/").content.decode()
    assert "历史数据太少，暂不提供派单建议" in page


def test_the_trained_model_suggests_the_unit_and_an_override_is_recorded(world, history, submit, login):
    assert retrain_dispatch_suggestions_job.call() == 1
    assert DispatchModel.objects.get(federation=world.fed).samples == 36
    appeal = submit(title="申请留抵退税", content="增值税退税申请提交后一直没有结果，纳税申报有疑问")
    services.accept_appeal(actor=world.admin, appeal=appeal)
    s = suggest.suggest(appeal)
    assert s.units[0].pk == world.department.pk and s.units[0].confidence > 0.5
    assert "依据 36 条已办结诉求" in s.message
    page = login(world.admin).get(f"/appeals/{appeal.pk}/").content.decode()
    assert 'id="suggestion"' in page and "城阳区税务局（" in page
    login(world.admin).post(f"/appeals/{appeal.pk}/dispatch/", {"dispatch-lead": history["env"].pk})
    entry = AppealEntry.unscoped_objects.get(appeal=appeal, label="派单")
    assert "未采纳系统建议：城阳区税务局" in entry.body
    audit = AuditEntry.unscoped_objects.filter(
        action=AuditAction.TRANSITION, message__startswith="派单"
    ).get()
    assert "未采纳系统建议" in audit.message


@pytest.mark.usefixtures("demo_db")
def test_top1_and_top3_on_held_out_demo_appeals():
    fed = Organization.objects.get(name="城阳区工商联（总商会）")
    seed2020.build(fed)
    top1, top3, n = suggest.evaluate(fed)
    print(f"\n派单建议 held-out: top-1 {top1:.0%}, top-3 {top3:.0%} on {n} appeals")
    assert n >= 40 and top3 >= top1 >= 0.5
