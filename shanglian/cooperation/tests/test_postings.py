"""供需对接: post, review, expired hide, ranked candidates with reasons, interest, brokering → deal."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditEntry
from shanglian.cooperation import matching, services
from shanglian.cooperation.models import Deal, Interest, Match, Posting, PostingStatus
from shanglian.core.access import AccessDenied
from shanglian.core.errors import ServiceError
from shanglian.registry.factories import EnterpriseFactory, MembershipFactory
from shanglian.registry.models import Industry

pytestmark = pytest.mark.django_db


@pytest.fixture
def industry():
    parent, _ = Industry.objects.get_or_create(code="G", defaults={"name": "交通运输、仓储和邮政业"})
    child, _ = Industry.objects.get_or_create(
        code="G59", defaults={"name": "装卸搬运和仓储业", "parent": parent}
    )
    return child


def _post(world, enterprise, actor, **kw):
    data = {
        "side": "demand",
        "category": "services",
        "title": "寻求冷链物流仓储服务",
        "description": "生鲜食品需要冷链物流与冷库仓储，日均 20 吨。",
        "industry": None,
        "region": "城阳",
        "valid_until": timezone.localdate() + timedelta(days=90),
        "contact_name": "王经理",
        "contact_phone": "13912345678",
    }
    data.update(kw)
    return services.submit_posting(actor=actor, enterprise=enterprise, **data)


def test_post_review_publish_and_market(world, login, industry):
    demand = _post(world, world.enterprise, world.enterprise_user, industry=industry)
    assert demand.status == PostingStatus.PENDING
    other = EnterpriseFactory(federation=world.fed, name="青岛另一会员有限公司")
    from shanglian.accounts.factories import user_with_role
    from shanglian.core.roles import Role

    other_user = user_with_role(Role.ENTERPRISE_USER, enterprise=other, username="ent_other")
    # Pending: the market does not show it yet.
    assert demand.title not in login(other_user).get(reverse("cooperation:posting_list")).content.decode()
    assert login(other_user).get(reverse("cooperation:posting_detail", args=[demand.pk])).status_code == 404
    # The poster cannot publish its own; the chamber's secretary reviews it.
    with pytest.raises(AccessDenied):
        services.review_posting(actor=world.enterprise_user, posting=demand, decision="publish")
    with pytest.raises(ServiceError, match="退回理由"):
        services.review_posting(actor=world.secretary, posting=demand, decision="reject")
    services.review_posting(actor=world.secretary, posting=demand, decision="publish")
    assert (
        AuditEntry.unscoped_objects.filter(object_type="cooperation.posting", action="transition").count()
        == 1
    )
    assert demand.title in login(other_user).get(reverse("cooperation:posting_list")).content.decode()
    # Another tenant never sees it.
    assert (
        login(world.users_b["federation_admin"])
        .get(reverse("cooperation:posting_detail", args=[demand.pk]))
        .status_code
        == 404
    )


def test_expired_hides_and_cannot_be_published(world, login):
    p = _post(world, world.enterprise, world.enterprise_user)
    services.review_posting(actor=world.admin, posting=p, decision="publish")
    Posting.unscoped_objects.filter(pk=p.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    body = login(world.leader).get(reverse("cooperation:posting_list")).content.decode()
    assert p.title not in body
    late = _post(world, world.enterprise, world.enterprise_user, title="另一需求")
    Posting.unscoped_objects.filter(pk=late.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    late.refresh_from_db()
    with pytest.raises(ServiceError, match="已过有效期"):
        services.review_posting(actor=world.admin, posting=late, decision="publish")
    with pytest.raises(ServiceError, match="有效期不能早于今天"):
        _post(world, world.enterprise, world.enterprise_user, valid_until=date(2020, 1, 1))
    with pytest.raises(AccessDenied):
        _post(world, world.enterprise2, world.enterprise_user)


def test_candidates_with_reasons(world, industry):
    demand = _post(world, world.enterprise, world.enterprise_user, industry=industry)
    services.review_posting(actor=world.admin, posting=demand, decision="publish")
    supplier = EnterpriseFactory(
        federation=world.fed, name="青岛冷链物流有限公司", industry=industry, street="城阳"
    )
    MembershipFactory(enterprise=supplier, chamber=world.chamber)
    supply = _post(
        world,
        supplier,
        world.admin,
        side="supply",
        title="提供冷链物流与冷库仓储",
        description="自有冷库 5000 吨，冷链车 30 辆。",
        industry=industry,
    )
    services.review_posting(actor=world.admin, posting=supply, decision="publish")
    unrelated = _post(
        world,
        world.enterprise2,
        world.admin,
        side="supply",
        category="talent",
        title="提供财务人员外包",
        description="会计记账、税务申报人员派驻。",
    )
    services.review_posting(actor=world.admin, posting=unrelated, decision="publish")
    got = matching.candidates(demand)
    assert got[0].kind == "posting" and got[0].obj == supply
    assert (
        "同行业：装卸搬运和仓储业" in got[0].reason
        and "冷链" in got[0].reason
        and "同区域：城阳" in got[0].reason
    )
    assert any(c.kind == "enterprise" and c.obj == supplier for c in got)
    assert all(c.obj != unrelated for c in got)
    assert world.enterprise_b not in [c.enterprise for c in got]
    # Ranked in the database on PostgreSQL (pg_trgm on the keyword words), in Python elsewhere: the
    # stored keyword words are what the trigram index sees.
    assert {"冷链", "冷库", "仓储"} <= set(supply.match_text.split())


def test_interest_broker_agreement_becomes_one_deal(world, login):
    demand = _post(world, world.enterprise, world.enterprise_user)
    demand = services.review_posting(actor=world.admin, posting=demand, decision="publish")
    with pytest.raises(ServiceError, match="本企业发布"):
        services.express_interest(actor=world.enterprise_user, posting=demand, enterprise=world.enterprise)
    firm: Any = EnterpriseFactory(federation=world.fed, name="青岛供方有限公司")
    from shanglian.accounts.factories import user_with_role
    from shanglian.core.roles import Role

    firm_user = user_with_role(Role.ENTERPRISE_USER, enterprise=firm, username="ent_supply")
    client = login(firm_user)
    client.post(reverse("cooperation:posting_interest", args=[demand.pk]), {"note": "可提供"})
    resp = client.post(
        reverse("cooperation:posting_interest", args=[demand.pk]), {"note": "再次"}, follow=True
    )
    assert "已表达过对接意向" in resp.content.decode()
    assert Interest.unscoped_objects.count() == 1
    admin = login(world.admin)
    admin.post(
        reverse("cooperation:match_propose", args=[demand.pk]), {"counterpart": firm.pk, "reason": "意向"}
    )
    match = Match.unscoped_objects.get()
    resp = admin.post(reverse("cooperation:match_schedule", args=[match.pk]), {"meeting_at": ""}, follow=True)
    assert "请填写对接时间" in resp.content.decode()
    admin.post(
        reverse("cooperation:match_schedule", args=[match.pk]),
        {"meeting_at": "2026-12-01T10:00", "meeting_place": "工商联"},
    )
    resp = admin.post(
        reverse("cooperation:match_agree", args=[match.pk]),
        {
            "title": "冷链服务合作",
            "deal_type": "service",
            "amount": "800000",
            "signed_on": timezone.localdate().isoformat(),
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:500]
    match.refresh_from_db()
    deal = Deal.unscoped_objects.get()
    assert match.deal == deal and match.status == "agreed"
    assert (deal.party_a, deal.party_b, deal.amount) == (firm, world.enterprise, Decimal("800000"))
    # The deal link is saved with the state: the one transition row names the deal.
    agreed = AuditEntry.unscoped_objects.filter(
        object_type="cooperation.match",
        object_id=str(match.pk),
        action="transition",
        message__startswith="达成合作",
    )
    assert agreed.count() == 1 and "冷链服务合作" in agreed.get().message
    assert (
        login(world.enterprise_user)
        .post(reverse("cooperation:match_propose", args=[demand.pk]), {"counterpart": firm.pk})
        .status_code
        == 403
    )


def test_other_tenant_enterprise_cannot_be_matched(world, login):
    demand = _post(world, world.enterprise, world.enterprise_user)
    services.review_posting(actor=world.admin, posting=demand, decision="publish")
    resp = login(world.admin).post(
        reverse("cooperation:match_propose", args=[demand.pk]),
        {"counterpart": world.enterprise_b.pk},
        follow=True,
    )
    assert "对接企业不存在" in resp.content.decode()
    assert not Match.unscoped_objects.exists()


def test_api_market_and_interest(world, login, client):
    import json

    p = _post(world, world.enterprise2, world.admin)
    services.review_posting(actor=world.admin, posting=p, decision="publish")
    hidden = _post(world, world.enterprise2, world.admin, title="待审核的需求")
    assert client.get("/api/v1/cooperation/postings").status_code == 401
    api = login(world.enterprise_user)
    titles = [x["title"] for x in api.get("/api/v1/cooperation/postings").json()]
    assert p.title in titles and hidden.title not in titles
    assert api.get("/api/v1/cooperation/postings?side=x").status_code == 422
    url = f"/api/v1/cooperation/postings/{p.pk}/interest"
    resp = api.post(url, json.dumps({"note": "有意"}), content_type="application/json")
    assert resp.status_code == 201
    again = api.post(url, json.dumps({"note": "有意"}), content_type="application/json")
    assert again.status_code == 400 and "已表达过" in again.json()["message"]
    assert (
        api.post(
            f"/api/v1/cooperation/postings/{hidden.pk}/interest", "{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert login(world.leader).post(url, "{}", content_type="application/json").status_code == 403
    assert Interest.unscoped_objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_keyword_only_candidate_found_whatever_the_session_threshold(world):
    """The keyword arm compares similarity() with matching.SIMILARITY_THRESHOLD in the query itself: a
    connection at pg_trgm's own default threshold (0.3) finds a weakly similar posting all the same."""
    demand = _post(world, world.enterprise, world.enterprise_user, region="")
    services.review_posting(actor=world.admin, posting=demand, decision="publish")
    weak = _post(
        world,
        world.enterprise2,
        world.admin,
        side="supply",
        category="talent",
        region="",
        title="提供冷链物流司机派遣",
        description="冷链物流车司机、叉车工、装卸工、理货员，按月派驻，含社保代缴。",
    )
    services.review_posting(actor=world.admin, posting=weak, decision="publish")
    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.similarity_threshold = 0.3")
        cursor.execute("SELECT similarity(%s, %s)", [weak.match_text, demand.match_text])
        similarity = cursor.fetchone()[0]
    assert matching.SIMILARITY_THRESHOLD <= similarity < 0.3  # what the test is about
    assert weak in [c.obj for c in matching.candidates(demand)]
