from datetime import date

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.party.models import PartyMember, PartyOrganization, PartyOrgKind, PartyRole

pytestmark = pytest.mark.django_db


def _data(world, people, **over):
    data = {
        "chamber": world.chamber.pk,
        "name": "城阳街道商会党支部",
        "kind": PartyOrgKind.BRANCH,
        "founded_on": "2020-05-01",
        "unveiled_on": "2020-05-20",
        "secretary": people["a"].pk,
        "member_count": 12,
        "dissolved_on": "",
    }
    data.update(over)
    return data


def test_secretary_registers_party_org_with_secretary_as_member(world, login, people):
    client = login(world.secretary)
    response = client.post(reverse("party:org_create"), _data(world, people))
    org = PartyOrganization.unscoped_objects.get()
    assert response.status_code == 302
    member = PartyMember.unscoped_objects.get()
    assert member.person == people["a"] and member.role == PartyRole.SECRETARY
    types = set(
        AuditEntry.unscoped_objects.filter(action=AuditAction.CREATE).values_list("object_type", flat=True)
    )
    assert {"party.partyorganization", "party.partymember"} <= types
    detail = client.get(reverse("party:org_detail", args=[org.pk])).content.decode()
    assert "张会长" in detail and "他方" not in detail


def test_dual_unveiling_compares_with_chamber(world, login, people):
    world.chamber.unveiled_on = date(2020, 5, 20)
    world.chamber.save()
    login(world.admin).post(reverse("party:org_create"), _data(world, people))
    org = PartyOrganization.unscoped_objects.select_related("chamber").get()
    assert org.dual_unveiling is True
    org.unveiled_on = date(2020, 6, 1)
    assert org.dual_unveiling is False
    body = login(world.admin).get(reverse("party:overview")).content.decode()
    assert "同时揭牌" in body


def test_second_party_org_for_a_chamber_is_refused(world, login, people):
    client = login(world.admin)
    client.post(reverse("party:org_create"), _data(world, people))
    response = client.post(reverse("party:org_create"), _data(world, people, name="第二个党支部"))
    assert "一个商会只能有一个在册党组织" in response.content.decode()
    assert PartyOrganization.unscoped_objects.count() == 1


def test_unveiled_before_founded_and_bad_input_refused(world, login, people):
    client = login(world.admin)
    response = client.post(reverse("party:org_create"), _data(world, people, unveiled_on="2019-01-01"))
    assert "揭牌日期不能早于成立日期" in response.content.decode()
    response = client.post(reverse("party:org_create"), _data(world, people, member_count="-3", kind="cell"))
    assert response.status_code == 200
    assert not PartyOrganization.unscoped_objects.exists()


def test_scope_and_roles(world, login, people):
    other = PartyOrganization.unscoped_objects.create(
        chamber=world.chamber2, name="他方党支部", kind=PartyOrgKind.BRANCH, founded_on=date(2020, 1, 1)
    )
    client = login(world.secretary)
    assert client.get(reverse("party:org_detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("party:org_edit", args=[other.pk]), _data(world, people)).status_code == 404
    assert (
        client.post(reverse("party:member_add", args=[other.pk]), {"person": people["a"].pk}).status_code
        == 404
    )
    assert "他方" not in client.get(reverse("party:org_list")).content.decode()
    assert login(world.enterprise_user).get(reverse("party:org_list")).status_code == 403
    assert login(world.leader).post(reverse("party:org_create"), _data(world, people)).status_code == 403
    assert PartyOrganization.unscoped_objects.count() == 1 and not PartyMember.unscoped_objects.exists()


def test_members_add_remove_and_delete_guard(world, login, people):
    org = PartyOrganization.unscoped_objects.create(
        chamber=world.chamber, name="党支部", kind=PartyOrgKind.BRANCH, founded_on=date(2020, 1, 1)
    )
    client = login(world.secretary)
    client.post(reverse("party:member_add", args=[org.pk]), {"person": people["b"].pk, "role": "member"})
    client.post(reverse("party:member_add", args=[org.pk]), {"person": people["a2"].pk, "role": "member"})
    member = PartyMember.unscoped_objects.get()
    client.post(reverse("party:org_delete", args=[org.pk]))
    assert PartyOrganization.unscoped_objects.exists()  # members first
    client.post(reverse("party:member_remove", args=[member.pk]))
    client.post(reverse("party:org_delete", args=[org.pk]))
    assert not PartyOrganization.unscoped_objects.exists()
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.DELETE, object_type="party.partyorganization"
    ).exists()
