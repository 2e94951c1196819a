import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.orgs.models import ChamberKind, Organization, OrgKind

pytestmark = pytest.mark.django_db


def test_admin_creates_chamber_under_own_federation(world, login):
    client = login(world.admin)
    response = client.post(
        reverse("orgs:org_create", args=[world.fed.pk]),
        {
            "name": "城阳区电商商会",
            "kind": OrgKind.CHAMBER,
            "chamber_kind": ChamberKind.INDUSTRY,
            "is_active": "on",
        },
    )
    org = Organization.objects.get(name="城阳区电商商会")
    assert response.status_code == 302
    assert org.path.startswith(world.fed.path) and org.depth == world.fed.depth + 1
    assert org.chamber_kind == ChamberKind.INDUSTRY
    entry = AuditEntry.unscoped_objects.get(
        action=AuditAction.CREATE, object_type="orgs.organization", object_id=str(org.pk)
    )
    assert entry.actor == world.admin and entry.organization == org


def test_chamber_needs_a_chamber_kind(world, login):
    client = login(world.admin)
    response = client.post(
        reverse("orgs:org_create", args=[world.fed.pk]), {"name": "无类型商会", "kind": OrgKind.CHAMBER}
    )
    assert response.status_code == 200 and "商会必须选择商会类型" in response.content.decode()
    assert not Organization.objects.filter(name="无类型商会").exists()


def test_edit_is_audited_field_by_field(world, login):
    client = login(world.admin)
    client.post(
        reverse("orgs:org_edit", args=[world.chamber.pk]),
        {
            "name": "城阳街道商会",
            "short_name": "城阳商会",
            "kind": OrgKind.CHAMBER,
            "chamber_kind": ChamberKind.STREET,
            "street": "城阳",
            "is_active": "on",
        },
    )
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.UPDATE, object_id=str(world.chamber.pk))
    assert entry.changes["short_name"] == ["", "城阳商会"]


def test_other_tenant_and_weak_roles(world, login):
    admin = login(world.admin)
    assert admin.get(reverse("orgs:org_detail", args=[world.chamber_b.pk])).status_code == 404
    assert (
        admin.post(
            reverse("orgs:org_create", args=[world.fed_b.pk]), {"name": "x", "kind": "chamber"}
        ).status_code
        == 404
    )
    leader = login(world.leader)
    assert leader.get(reverse("orgs:org_detail", args=[world.chamber2.pk])).status_code == 200
    assert leader.get(reverse("orgs:org_create", args=[world.fed.pk])).status_code == 403
    secretary = login(world.secretary)
    assert secretary.get(reverse("orgs:org_detail", args=[world.chamber.pk])).status_code == 200
    assert secretary.get(reverse("orgs:org_detail", args=[world.chamber2.pk])).status_code == 404
    assert login(world.enterprise_user).get(reverse("orgs:org_list")).status_code == 403


def test_tree_list_shows_subtree_only(world, login):
    body = login(world.leader).get(reverse("orgs:org_list")).content.decode()
    assert "城阳街道商会" in body and "即墨" not in body and "青岛市工商联" not in body
