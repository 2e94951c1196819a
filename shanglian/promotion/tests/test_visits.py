"""走访: recording a visit, completing a planned one, the enterprise's confirmation, cancelling."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.testing.world import MARK
from shanglian.promotion import services
from shanglian.promotion.factories import CadreAssignmentFactory, VisitFactory
from shanglian.promotion.models import CadreAssignment, Visit, VisitStatus

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _post(world, **over):
    data = {
        "organization": world.chamber.pk,
        "enterprise": world.enterprise.pk,
        "visited_on": "2026-03-10",
        "mode": "offline",
        "channel": "onsite",
        "visitors": "刘秘书长",
        "notes": "了解生产经营情况",
        "problems": "融资难\n用工紧张",
    }
    data.update(over)
    return data


def test_secretary_records_a_visit_with_problems_and_photo(world, login):
    client = login(world.secretary)
    assignment = CadreAssignmentFactory.create(
        organization=world.chamber, cadre=world.secretary, enterprise=world.enterprise
    )
    data = _post(world, photo=SimpleUploadedFile("现场.png", PNG, "image/png"))
    response = client.post(reverse("promotion:visit_create"), data)
    visit = Visit.unscoped_objects.get()
    assert response.status_code == 302 and response.url == reverse("promotion:visit_detail", args=[visit.pk])
    assert visit.status == VisitStatus.DONE and visit.problem_lines == ["融资难", "用工紧张"]
    assert (
        AuditEntry.unscoped_objects.filter(action=AuditAction.CREATE, object_type="promotion.visit").count()
        == 1
    )
    # 包联: the assignment's last contact moves with the visit.
    assignment = type(assignment).unscoped_objects.get(pk=assignment.pk)
    assert assignment.last_contact_on == date(2026, 3, 10)
    page = client.get(response.url).content.decode()
    assert "融资难" in page and "现场.png" in page
    listing = client.get(reverse("promotion:visit_list")).content.decode()
    assert world.enterprise.name in listing and MARK not in listing


def test_anonymous_goes_to_login_and_enterprise_user_may_not_record(world, client, login):
    assert client.get(reverse("promotion:visit_list")).status_code == 302
    assert login(world.enterprise_user).get(reverse("promotion:visit_create")).status_code == 403
    assert login(world.leader).post(reverse("promotion:visit_create"), _post(world)).status_code == 403
    assert not Visit.unscoped_objects.exists()


def test_other_tenant_enterprise_and_visit_are_out_of_reach(world, login):
    client = login(world.secretary)
    response = client.post(reverse("promotion:visit_create"), _post(world, enterprise=world.enterprise_b.pk))
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    theirs = VisitFactory.create(organization=world.chamber_b, enterprise=world.enterprise_b)
    assert client.get(reverse("promotion:visit_detail", args=[theirs.pk])).status_code == 404
    assert login(world.admin).get(reverse("promotion:visit_detail", args=[theirs.pk])).status_code == 404
    assert Visit.unscoped_objects.count() == 1


def test_bad_input_writes_nothing(world, login):
    client = login(world.secretary)
    response = client.post(reverse("promotion:visit_create"), _post(world, visited_on="1899-01-01"))
    assert response.status_code == 200
    exe = SimpleUploadedFile("照片.png", b"MZ\x90\x00" + b"\x00" * 64, "image/png")
    response = client.post(reverse("promotion:visit_create"), _post(world, photo=exe))
    assert response.status_code == 200 and "可执行程序" in response.content.decode()
    assert not Visit.unscoped_objects.exists()
    assert not AuditEntry.unscoped_objects.filter(object_type="promotion.visit").exists()


def test_enterprise_confirms_its_visit_once(world, login):
    visit = services.record_visit(
        actor=world.secretary,
        organization=world.chamber,
        enterprise=world.enterprise,
        visited_on=date(2026, 3, 1),
    )
    client = login(world.enterprise_user)
    assert visit.pk in [v.pk for v in Visit.objects.visible_to(world.enterprise_user)]
    home = client.get(reverse("promotion:my_visits")).content.decode()
    assert world.enterprise.name in home
    response = client.post(reverse("promotion:visit_confirm", args=[visit.pk]))
    assert response.status_code == 302
    visit = type(visit).unscoped_objects.get(pk=visit.pk)
    assert visit.status == VisitStatus.CONFIRMED and not visit.confirmed_on_paper
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.TRANSITION, object_type="promotion.visit")
    assert entry.changes["status"] == ["done", "confirmed"]
    # A second confirmation is refused in Chinese and writes nothing.
    client.post(reverse("promotion:visit_confirm", args=[visit.pk]))
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.TRANSITION).count() == 1


def test_another_enterprise_cannot_see_or_confirm(world, login):
    visit = VisitFactory.create(organization=world.chamber2, enterprise=world.enterprise2)
    client = login(world.enterprise_user)
    assert client.get(reverse("promotion:visit_detail", args=[visit.pk])).status_code == 404
    assert client.post(reverse("promotion:visit_confirm", args=[visit.pk])).status_code == 404
    visit = type(visit).unscoped_objects.get(pk=visit.pk)
    assert visit.status == VisitStatus.DONE


def test_staff_confirm_on_paper_and_complete_planned_visit(world, login):
    planned = VisitFactory.create(
        organization=world.chamber, enterprise=world.enterprise, status=VisitStatus.PLANNED, visited_on=None
    )
    client = login(world.secretary)
    response = client.post(
        reverse("promotion:visit_complete", args=[planned.pk]),
        {"visited_on": "2026-04-01", "mode": "online", "channel": "phone", "problems": "希望参加展会"},
    )
    assert response.status_code == 302
    planned = type(planned).unscoped_objects.get(pk=planned.pk)
    assert planned.status == VisitStatus.DONE and planned.visited_on == date(2026, 4, 1)
    client.post(reverse("promotion:visit_confirm", args=[planned.pk]))
    planned = type(planned).unscoped_objects.get(pk=planned.pk)
    assert planned.status == VisitStatus.CONFIRMED and planned.confirmed_on_paper


def test_cancel_needs_a_reason(world, login):
    planned = VisitFactory.create(
        organization=world.chamber, enterprise=world.enterprise, status=VisitStatus.PLANNED, visited_on=None
    )
    client = login(world.secretary)
    url = reverse("promotion:visit_cancel", args=[planned.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    planned = type(planned).unscoped_objects.get(pk=planned.pk)
    assert planned.status == VisitStatus.PLANNED
    client.post(url, {"reason": "企业负责人出差"})
    planned = type(planned).unscoped_objects.get(pk=planned.pk)
    assert planned.status == VisitStatus.CANCELLED and planned.cancel_reason == "企业负责人出差"


def test_cadre_overdue_contact_is_a_todo(world, login):
    CadreAssignmentFactory.create(
        organization=world.chamber, cadre=world.secretary, enterprise=world.enterprise, last_contact_on=None
    )
    home = login(world.secretary).get("/").content.decode()
    assert "包联联系" in home and world.enterprise.name in home
    assert CadreAssignment.unscoped_objects.count() == 1


def test_problem_found_becomes_an_appeal_linked_to_the_visit(world, login):
    from shanglian.appeals.models import Appeal

    visit = services.record_visit(
        actor=world.secretary,
        organization=world.chamber,
        enterprise=world.enterprise,
        visited_on=date(2026, 3, 1),
        problems="厂区道路破损\n融资难",
    )
    client = login(world.secretary)
    url = reverse("promotion:visit_appeal", args=[visit.pk])
    assert client.post(url, {"line": "1"}).status_code == 302
    appeal = Appeal.objects.unscoped().get()
    assert appeal.enterprise == world.enterprise and appeal.source == visit and appeal.title == "融资难"
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.CREATE, object_type="appeals.appeal"
    ).exists()
    assert "融资难 · " in client.get(reverse("promotion:visit_detail", args=[visit.pk])).content.decode()
    client.post(url, {"line": "7"})  # no such problem: refused, nothing written
    assert Appeal.objects.unscoped().count() == 1
    assert login(world.leader).post(url, {"line": "0"}).status_code == 403
