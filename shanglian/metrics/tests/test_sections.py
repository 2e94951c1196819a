"""Every metric has a section: its own, or its key's default, so new apps' figures appear without effort."""

import pytest

from shanglian.metrics import registry
from shanglian.metrics.registry import SECTIONS, Metric
from shanglian.orgs.models import Organization


def _m(key, **kw):
    return Metric(key, "测试", "个", lambda p, s: Organization.objects.none(), **kw)


@pytest.mark.parametrize(
    "key, section",
    [
        ("mechanisms.rules_guiding", "工作机制"),
        ("promotion.online_surveys", "助推平台"),
        ("appeals.collected", "助推平台"),
        ("guidance.paired_amount", "引导平台"),
        ("events.forums_attended", "沟通平台"),
        ("cooperation.talks", "沟通平台"),
        ("cooperation.deal_amount", "服务平台"),
        ("party.brands", "党建引领"),
        ("registry.red_alliance", "党建引领"),
        ("chambers.four_good", "组织架构"),
        ("newapp.thing", "其他"),
    ],
)
def test_default_section_from_the_key(key, section):
    assert _m(key).section_name == section


def test_declared_section_wins_and_is_checked():
    assert _m("promotion.x", section="服务平台").section_name == "服务平台"
    with pytest.raises(ValueError):
        registry.register(_m("x.bad", section="没有这一节"))


def test_registered_metrics_group_in_the_seed_order():
    groups = registry.by_section()
    names = [s for s, _ in groups]
    assert names == [s for s in SECTIONS if s in names]
    assert sum(len(ms) for _, ms in groups) == len(registry.all_metrics())
    assert {"党建引领", "组织架构"} <= set(names)
