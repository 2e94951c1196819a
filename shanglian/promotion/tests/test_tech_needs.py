"""技术需求: an enterprise (or its chamber) posts a need, the federation matches it to an institution with
the reply, and a need taken up becomes a 产学研 project; the figures count each step."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.todos import todos_for
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope
from shanglian.promotion.factories import InstitutionFactory, TechNeedFactory
from shanglian.promotion.models import NeedStatus, ProjectStatus, ResearchProject, TechNeed

pytestmark = pytest.mark.django_db

URL = "/api/v1/promotion/tech-needs"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def university(world):
    return InstitutionFactory.create(federation=world.fed, name="四川大学")


def _need(world, **over):
    data = {
        "enterprise": world.enterprise.pk,
        "title": "压铸件气孔问题",
        "tech_field": "新材料",
        "description": "气孔率偏高，希望高校协助优化工艺。",
        "budget": "200000",
    }
    return data | over


def _figures(world):
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    keys = ("promotion.tech_needs", "promotion.tech_needs_matched", "promotion.tech_needs_projects")
    metrics = [registry.get(k) for k in keys]
    return [registry.compute_fresh(m, year, Scope.whole(world.fed)).value for m in metrics if m is not None]


def test_enterprise_posts_federation_matches_and_turns_it_into_a_project(world, login, university):
    ent = login(world.enterprise_user)
    response = ent.post(
        reverse("promotion:need_create"),
        _need(world, file=SimpleUploadedFile("工艺.png", PNG, "image/png")),
    )
    need = TechNeed.unscoped_objects.get()
    assert response.status_code == 302, response.content.decode()
    # The enterprise's own need goes to its federation's desk, with its file.
    assert need.organization == world.fed and need.status == NeedStatus.SUBMITTED
    assert need.budget == Decimal("200000") and need.posted_by == world.enterprise_user
    assert [a.use for a in need.attachments.all()] == ["promotion.need_file"]
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.CREATE, object_type="promotion.techneed", object_id=str(need.pk)
    ).exists()
    # The federation's staff have it on their to-do list; the chamber's secretary (who cannot match) has not.
    assert any("压铸件气孔问题" in t.title for t in todos_for(world.admin).get("技术需求", []))
    assert not todos_for(world.secretary).get("技术需求")

    admin = login(world.admin)
    assert "对接院校" in admin.get(reverse("promotion:need_detail", args=[need.pk])).content.decode()
    matched = admin.post(
        reverse("promotion:need_match", args=[need.pk]),
        {"institution": university.pk, "reply": "材料学院课题组可承接。"},
    )
    assert matched.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.MATCHED and need.institution == university
    assert need.reply == "材料学院课题组可承接。" and need.matched_on is not None
    converted = admin.post(
        reverse("promotion:need_convert", args=[need.pk]), {"title": "压铸工艺联合攻关", "amount": "500000"}
    )
    need.refresh_from_db()
    project = ResearchProject.unscoped_objects.get()
    assert converted.status_code == 302 and converted["Location"] == reverse(
        "promotion:project_detail", args=[project.pk]
    )
    assert need.status == NeedStatus.PROJECT and need.project == project
    assert project.status == ProjectStatus.NEGOTIATING and project.institution == university
    assert list(project.enterprises.all()) == [world.enterprise] and project.amount == Decimal("500000")
    back = admin.get(reverse("promotion:project_detail", args=[project.pk])).content.decode()
    assert reverse("promotion:need_detail", args=[need.pk]) in back
    steps = AuditEntry.unscoped_objects.filter(
        action=AuditAction.TRANSITION, object_type="promotion.techneed"
    )
    assert steps.count() == 2
    assert _figures(world) == [1, 1, 1]
    # The enterprise follows its need (and sees the reply) but cannot match it.
    ent = login(world.enterprise_user)
    page = ent.get(reverse("promotion:need_detail", args=[need.pk])).content.decode()
    assert "材料学院课题组可承接" in page and "已转为产学研项目" in page
    assert ent.get(reverse("promotion:need_match", args=[need.pk])).status_code == 403


def test_secretary_posts_for_a_member_but_may_not_match(world, login, university):
    sec = login(world.secretary)
    response = sec.post(reverse("promotion:need_create"), _need(world, organization=world.chamber.pk))
    assert response.status_code == 302
    need = TechNeed.unscoped_objects.get()
    assert need.organization == world.chamber
    listing = sec.get(reverse("promotion:need_list")).content.decode()
    assert "压铸件气孔问题" in listing
    refused = sec.post(
        reverse("promotion:need_match", args=[need.pk]), {"institution": university.pk, "reply": "可以"}
    )
    assert refused.status_code == 403
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED
    # The federation matches a chamber's need too.
    assert (
        login(world.admin)
        .post(
            reverse("promotion:need_match", args=[need.pk]), {"institution": university.pk, "reply": "可以"}
        )
        .status_code
        == 302
    )


def test_anonymous_and_weak_roles(world, client, login):
    assert client.get(reverse("promotion:need_list")).status_code == 302
    assert client.get(URL).status_code == 401
    need = TechNeedFactory.create(organization=world.fed, enterprise=world.enterprise)
    # A leader reads but does not post; a liaison has no business here.
    leader = login(world.leader)
    assert leader.get(reverse("promotion:need_detail", args=[need.pk])).status_code == 200
    assert leader.post(reverse("promotion:need_create"), _need(world)).status_code == 403
    assert leader.post(reverse("promotion:need_close", args=[need.pk]), {"reason": "x"}).status_code == 403
    assert login(world.liaison).get(reverse("promotion:need_list")).status_code == 403
    assert TechNeed.unscoped_objects.count() == 1


def test_another_tenants_need_is_not_found(world, login, university):
    theirs = TechNeedFactory.create(
        organization=world.chamber_b, enterprise=world.enterprise_b, title="他方技术需求"
    )
    admin = login(world.admin)
    assert admin.get(reverse("promotion:need_detail", args=[theirs.pk])).status_code == 404
    assert (
        admin.post(
            reverse("promotion:need_match", args=[theirs.pk]), {"institution": university.pk, "reply": "x"}
        ).status_code
        == 404
    )
    assert admin.get(f"{URL}/{theirs.pk}").status_code == 404
    assert "他方技术需求" not in admin.get(reverse("promotion:need_list")).content.decode()
    # Nor may an enterprise post for another firm.
    ent = login(world.enterprise_user)
    response = ent.post(reverse("promotion:need_create"), _need(world, enterprise=world.enterprise_b.pk))
    assert response.status_code == 200 and TechNeed.unscoped_objects.count() == 1


def test_bad_input_is_refused_in_chinese_and_writes_nothing(world, login, university):
    ent = login(world.enterprise_user)
    words = ent.post(reverse("promotion:need_create"), _need(world, budget="五十万"))
    assert words.status_code == 200 and "请填写数字金额" in words.content.decode()
    empty = ent.post(reverse("promotion:need_create"), _need(world, description=""))
    assert empty.status_code == 200 and not TechNeed.unscoped_objects.exists()
    # A secretary may post only for its own chamber's members.
    sec = login(world.secretary)
    other = sec.post(
        reverse("promotion:need_create"),
        _need(world, organization=world.chamber.pk, enterprise=world.enterprise2.pk),
    )
    assert other.status_code == 200 and not TechNeed.unscoped_objects.exists()
    # Matching needs a reply, and an institution of the federation.
    need = TechNeedFactory.create(organization=world.fed, enterprise=world.enterprise)
    admin = login(world.admin)
    no_reply = admin.post(reverse("promotion:need_match", args=[need.pk]), {"institution": university.pk})
    assert no_reply.status_code == 200
    theirs = InstitutionFactory.create(federation=world.fed_b, name="他方大学")
    wrong = admin.post(
        reverse("promotion:need_match", args=[need.pk]), {"institution": theirs.pk, "reply": "可以"}
    )
    assert wrong.status_code == 200
    # Turning an unmatched need into a project is refused.
    early = admin.post(reverse("promotion:need_convert", args=[need.pk]), {"title": "项目", "amount": "0"})
    assert early.status_code == 200 and "只有已对接院校的需求" in early.content.decode()
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED and not ResearchProject.unscoped_objects.exists()
    assert not AuditEntry.unscoped_objects.filter(object_type="promotion.techneed").exists()


def test_close_records_the_reason(world, login):
    need = TechNeedFactory.create(organization=world.chamber, enterprise=world.enterprise)
    sec = login(world.secretary)
    assert sec.post(reverse("promotion:need_close", args=[need.pk]), {"reason": ""}).status_code == 200
    assert (
        sec.post(reverse("promotion:need_close", args=[need.pk]), {"reason": "企业已自行解决"}).status_code
        == 302
    )
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED and need.close_reason == "企业已自行解决"
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.TRANSITION, object_type="promotion.techneed", object_id=str(need.pk)
    ).exists()


def test_api_submit_list_match_and_close(world, login, university):
    ent = login(world.enterprise_user)
    body = {"enterprise_id": world.enterprise.pk, "title": "视觉检测改造", "description": "人工目检效率低。"}
    made = ent.post(URL, body, content_type="application/json")
    assert made.status_code == 201, made.content
    data = made.json()
    assert data["status"] == NeedStatus.SUBMITTED and data["organization"] == world.fed.name
    assert [n["id"] for n in ent.get(URL).json()] == [data["id"]]
    bad = ent.post(URL, body | {"budget": "五十万"}, content_type="application/json")
    assert bad.status_code == 422 and TechNeed.unscoped_objects.count() == 1
    refused = ent.post(
        f"{URL}/{data['id']}/match",
        {"institution_id": university.pk, "reply": "可以"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    admin = login(world.admin)
    matched = admin.post(
        f"{URL}/{data['id']}/match",
        {"institution_id": university.pk, "reply": "可以承接"},
        content_type="application/json",
    )
    assert matched.status_code == 200 and matched.json()["institution"] == "四川大学"
    again = admin.post(
        f"{URL}/{data['id']}/match",
        {"institution_id": university.pk, "reply": "再次"},
        content_type="application/json",
    )
    assert again.status_code == 400 and "待对接" in again.json()["message"]
    closed = admin.post(f"{URL}/{data['id']}/close", {"reason": "企业暂缓"}, content_type="application/json")
    assert closed.status_code == 200 and closed.json()["status"] == NeedStatus.CLOSED
