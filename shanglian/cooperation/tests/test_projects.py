"""Investment projects through the stages (workflow kit), talks held on each, counted once at first signing."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditEntry
from shanglian.cooperation import services
from shanglian.cooperation.models import InvestmentProject, Stage, Talk
from shanglian.core.access import AccessDenied
from shanglian.core.errors import ServiceError
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope

pytestmark = pytest.mark.django_db


def _project(world):
    return services.save_project(
        actor=world.admin,
        organizer=world.fed,
        name="氢能项目",
        investor="某集团",
        planned_investment=Decimal(10**8),
    )


def test_pipeline_and_talks(world):
    p = _project(world)
    services.record_talk(actor=world.admin, project=p, held_on=date(2026, 2, 1), place="工商联")
    p = services.advance_project(actor=world.admin, project=p, step="negotiate")
    services.record_talk(actor=world.admin, project=p, held_on=date(2026, 3, 1))
    p = services.advance_project(actor=world.admin, project=p, step="sign", signed_on=date(2026, 4, 1))
    p = services.advance_project(actor=world.admin, project=p, step="prepare")
    with pytest.raises(ServiceError, match="到位资金"):
        services.advance_project(actor=world.admin, project=p, step="fund")
    p = services.advance_project(actor=world.admin, project=p, step="fund", funded_amount=Decimal(5 * 10**7))
    p = services.advance_project(actor=world.admin, project=p, step="produce")
    assert (p.stage, p.signed_on, p.funded_amount) == (Stage.PRODUCING, date(2026, 4, 1), Decimal(5 * 10**7))
    assert list(Talk.unscoped_objects.order_by("held_on").values_list("stage", flat=True)) == [
        Stage.PROMOTING,
        Stage.NEGOTIATING,
    ]
    assert (
        AuditEntry.unscoped_objects.filter(
            object_type="cooperation.investmentproject", action="transition"
        ).count()
        == 5
    )
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    talks = registry.get("cooperation.talks")
    signed = registry.get("cooperation.projects_signed")
    assert talks is not None and signed is not None
    assert registry.compute(talks, year, Scope.whole(world.fed)).value == 2
    assert registry.compute(signed, year, Scope.whole(world.fed)).value == 1
    with pytest.raises(ServiceError, match="不再登记洽谈"):
        services.record_talk(actor=world.admin, project=p, held_on=date(2026, 5, 1))


def test_wrong_stage_rights_and_drop(world):
    p = _project(world)
    with pytest.raises(ServiceError, match="不能签约"):
        services.advance_project(actor=world.admin, project=p, step="sign")
    with pytest.raises(AccessDenied):
        services.advance_project(actor=world.secretary, project=p, step="negotiate")
    with pytest.raises(AccessDenied):
        services.advance_project(actor=world.leader, project=p, step="negotiate")
    with pytest.raises(ServiceError, match="终止原因"):
        services.advance_project(actor=world.admin, project=p, step="drop")
    p = services.advance_project(actor=world.admin, project=p, step="drop", reason="投资方撤回")
    assert (p.stage, p.drop_reason) == (Stage.DROPPED, "投资方撤回")


def test_pages(world, login):
    admin = login(world.admin)
    resp = admin.post(
        reverse("cooperation:project_create"),
        {"organizer": world.fed.pk, "name": "园区项目", "investor": "某企业", "planned_investment": "100"},
    )
    assert resp.status_code == 302
    p = InvestmentProject.unscoped_objects.get()
    admin.post(reverse("cooperation:project_advance", args=[p.pk]), {"step": "negotiate"})
    resp = admin.post(
        reverse("cooperation:talk_create", args=[p.pk]), {"held_on": "2026-05-01", "place": "区里"}
    )
    assert resp.status_code == 302
    page = admin.get(reverse("cooperation:project_detail", args=[p.pk])).content.decode()
    assert "在谈" in page and "洽谈记录（1 次）" in page
    resp = admin.post(reverse("cooperation:project_advance", args=[p.pk]), {"step": "drop"}, follow=True)
    assert "请填写终止原因" in resp.content.decode()
    assert (
        login(world.leader)
        .post(reverse("cooperation:project_advance", args=[p.pk]), {"step": "sign"})
        .status_code
        == 403
    )
    assert (
        login(world.users_b["federation_admin"])
        .get(reverse("cooperation:project_detail", args=[p.pk]))
        .status_code
        == 404
    )
