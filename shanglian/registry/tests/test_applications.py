"""Membership applications: the enterprise applies, the chamber secretary approves or rejects."""

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.testing.factories import make_chamber
from shanglian.core.testing.world import MARK
from shanglian.core.todos import todos_for
from shanglian.orgs.models import ChamberKind
from shanglian.registry.models import ApplicationStatus, Membership, MembershipApplication, Position

pytestmark = pytest.mark.django_db
CREATE = reverse("registry:application_create")


@pytest.fixture
def tech(world):
    return make_chamber(world.fed, "城阳区科技企业商会", chamber_kind=ChamberKind.INDUSTRY, street="")


@pytest.fixture
def application(world, tech):
    return MembershipApplication.unscoped_objects.create(enterprise=world.enterprise, chamber=tech)


def test_enterprise_user_applies(world, login, tech):
    client = login(world.enterprise_user)
    form = client.get(CREATE)
    chambers = list(form.context["form"].fields["chamber"].queryset)
    assert tech in chambers and world.chamber not in chambers  # already a member of A1
    assert world.chamber2 not in chambers and MARK not in form.content.decode()  # another street
    response = client.post(
        CREATE, {"enterprise": world.enterprise.pk, "chamber": tech.pk, "note": "申请入会"}
    )
    a = MembershipApplication.unscoped_objects.get()
    assert (
        response.status_code == 302
        and a.status == ApplicationStatus.SUBMITTED
        and a.submitted_by == world.enterprise_user
    )
    assert (
        AuditEntry.unscoped_objects.filter(
            object_type="registry.membershipapplication", action=AuditAction.CREATE
        ).count()
        == 1
    )
    again = client.post(CREATE, {"enterprise": world.enterprise.pk, "chamber": tech.pk})
    assert again.status_code == 200 and "重复" in again.content.decode()
    assert MembershipApplication.unscoped_objects.count() == 1


def test_secretary_approves_and_membership_is_created(world, login):
    a = MembershipApplication.unscoped_objects.create(enterprise=world.enterprise2, chamber=world.chamber)
    todos = todos_for(world.secretary)
    assert any(world.enterprise2.name in t.title for t in todos.get("入会申请待审核", []))
    client = login(world.secretary)
    detail = client.get(reverse("registry:application_detail", args=[a.pk]))
    assert detail.context["can_decide"]
    url = reverse("registry:application_decide", args=[a.pk])
    client.post(url, {"decision": "approve", "position": Position.DIRECTOR, "reason": "符合条件"})
    a.refresh_from_db()
    m = Membership.unscoped_objects.get(enterprise=world.enterprise2, chamber=world.chamber)
    assert a.status == ApplicationStatus.APPROVED and a.membership == m and a.decided_by == world.secretary
    assert m.position == Position.DIRECTOR
    entry = AuditEntry.unscoped_objects.get(
        object_type="registry.membershipapplication", action=AuditAction.TRANSITION
    )
    assert entry.changes == {"status": ["submitted", "approved"]}
    assert not todos_for(world.secretary).get("入会申请待审核")
    # deciding twice is refused
    response = client.post(url, {"decision": "reject", "reason": "x"}, follow=True)
    assert "已处理" in response.content.decode()


def test_reject_needs_a_reason(world, login):
    a = MembershipApplication.unscoped_objects.create(enterprise=world.enterprise2, chamber=world.chamber)
    client = login(world.secretary)
    url = reverse("registry:application_decide", args=[a.pk])
    response = client.post(url, {"decision": "reject", "reason": " "}, follow=True)
    assert "理由" in response.content.decode()
    a.refresh_from_db()
    assert a.status == ApplicationStatus.SUBMITTED
    client.post(url, {"decision": "reject", "reason": "经营范围不符"})
    a.refresh_from_db()
    assert a.status == ApplicationStatus.REJECTED and a.reason == "经营范围不符"
    assert not Membership.unscoped_objects.filter(
        enterprise=world.enterprise2, chamber=world.chamber
    ).exists()


def test_rights(world, login, client, application, tech):
    url = reverse("registry:application_decide", args=[application.pk])
    # the A1 secretary does not run the technology chamber: it cannot see the application
    assert login(world.secretary).post(url, {"decision": "approve"}).status_code == 404
    # the applicant cannot decide its own application
    assert login(world.enterprise_user).post(url, {"decision": "approve"}).status_code == 403
    assert login(world.leader).post(url, {"decision": "approve"}).status_code == 403
    assert login(world.users_b["federation_admin"]).post(url, {"decision": "approve"}).status_code == 404
    client.logout()
    assert "/accounts/login/" in client.post(url, {"decision": "approve"})["Location"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    # the federation admin may decide
    login(world.admin).post(url, {"decision": "approve", "position": "member"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_applicant_sees_own_applications_in_portal(world, login, application):
    body = login(world.enterprise_user).get(reverse("registry:portal")).content.decode()
    assert "城阳区科技企业商会" in body and "待审核" in body
    assert login(world.secretary).get(reverse("registry:portal")).status_code == 403


def test_secretary_sees_the_applicant_on_the_application_without_a_dead_link(world, login):
    """The applicant is not yet in the secretary's scope: the application shows what the decision needs
    of it and links to the enterprise's own page only for those who may open it."""
    a = MembershipApplication.unscoped_objects.create(enterprise=world.enterprise2, chamber=world.chamber)
    enterprise_page = reverse("registry:enterprise_detail", args=[world.enterprise2.pk])
    client = login(world.secretary)
    assert client.get(enterprise_page).status_code == 404
    page = client.get(reverse("registry:application_detail", args=[a.pk])).content.decode()
    assert world.enterprise2.name in page and world.enterprise2.credit_code in page and "法定代表人" in page
    assert enterprise_page not in page
    page = login(world.admin).get(reverse("registry:application_detail", args=[a.pk])).content.decode()
    assert f'href="{enterprise_page}"' in page
