"""产学研: institutions and projects through 洽谈 → 签约 → 实施 → 结题."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.testing.world import MARK
from shanglian.promotion.factories import InstitutionFactory, ResearchProjectFactory
from shanglian.promotion.models import Institution, ProjectStatus, ResearchProject

pytestmark = pytest.mark.django_db


@pytest.fixture
def university(world):
    return InstitutionFactory.create(federation=world.fed, name="四川大学")


def _project(world, university, **over):
    data = {
        "organization": world.chamber.pk,
        "institution": university.pk,
        "enterprises": [world.enterprise.pk],
        "title": "新材料联合攻关",
        "tech_field": "新材料",
        "amount": "500000",
    }
    data.update(over)
    return data


def test_project_lifecycle(world, login, university):
    client = login(world.secretary)
    response = client.post(reverse("promotion:project_create"), _project(world, university))
    project = ResearchProject.unscoped_objects.get()
    assert response.status_code == 302 and project.status == ProjectStatus.NEGOTIATING
    assert project.amount == Decimal("500000")
    client.post(reverse("promotion:project_sign", args=[project.pk]), {"signed_on": "2026-04-01"})
    client.post(reverse("promotion:project_start", args=[project.pk]))
    client.post(reverse("promotion:project_conclude", args=[project.pk]), {"reason": "完成样机"})
    project = type(project).unscoped_objects.get(pk=project.pk)
    assert project.status == ProjectStatus.CONCLUDED and project.signed_on == date(2026, 4, 1)
    assert project.outcome == "完成样机"
    steps = AuditEntry.unscoped_objects.filter(
        action=AuditAction.TRANSITION, object_type="promotion.researchproject"
    )
    assert steps.count() == 3
    listing = client.get(reverse("promotion:project_list")).content.decode()
    assert "新材料联合攻关" in listing and MARK not in listing


def test_amount_in_chinese_words_is_refused(world, login, university):
    response = login(world.secretary).post(
        reverse("promotion:project_create"), _project(world, university, amount="五十万")
    )
    assert response.status_code == 200 and "请填写数字金额" in response.content.decode()
    assert not ResearchProject.unscoped_objects.exists()


def test_rights_and_tenants(world, client, login, university):
    assert client.get(reverse("promotion:project_list")).status_code == 302
    assert login(world.enterprise_user).get(reverse("promotion:project_list")).status_code == 403
    assert (
        login(world.leader).post(reverse("promotion:project_create"), _project(world, university)).status_code
        == 403
    )
    theirs = ResearchProjectFactory.create(organization=world.chamber_b, title="他方项目")
    admin = login(world.admin)
    assert admin.get(reverse("promotion:project_detail", args=[theirs.pk])).status_code == 404
    assert admin.post(reverse("promotion:project_start", args=[theirs.pk])).status_code == 404
    # Signing without a date is refused, nothing changes.
    mine = ResearchProjectFactory.create(
        organization=world.chamber, institution=university, status=ProjectStatus.NEGOTIATING, signed_on=None
    )
    assert admin.post(reverse("promotion:project_sign", args=[mine.pk]), {"signed_on": ""}).status_code == 200
    mine = type(mine).unscoped_objects.get(pk=mine.pk)
    assert mine.status == ProjectStatus.NEGOTIATING


def test_institutions_kept_by_federation_admin(world, login):
    admin = login(world.admin)
    assert (
        admin.post(
            reverse("promotion:institution_create"), {"name": "西安理工大学", "kind": "university"}
        ).status_code
        == 302
    )
    assert Institution.unscoped_objects.filter(federation=world.fed, name="西安理工大学").exists()
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.CREATE, object_type="promotion.institution"
    ).exists()
    duplicate = admin.post(
        reverse("promotion:institution_create"), {"name": "西安理工大学", "kind": "university"}
    )
    assert duplicate.status_code == 200 and "已存在" in duplicate.content.decode()
    # A secretary reads the list but may not edit the federation's institutions.
    inst = Institution.unscoped_objects.get(name="西安理工大学")
    assert (
        login(world.secretary).get(reverse("promotion:institution_edit", args=[inst.pk])).status_code == 403
    )
