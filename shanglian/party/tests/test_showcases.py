import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.party.models import PartyBrand, PartyModelSite

pytestmark = pytest.mark.django_db


def _data(world, **over):
    data = {
        "federation": world.fed.pk,
        "name": "红色商会示范点",
        "level": "district",
        "year": 2020,
        "chamber": world.chamber.pk,
    }
    data.update(over)
    return data


def test_admin_names_model_site_and_brand(world, login):
    client = login(world.admin)
    assert client.post(reverse("party:site_create"), _data(world)).status_code == 302
    assert client.post(reverse("party:brand_create"), _data(world, name="商心向党")).status_code == 302
    site = PartyModelSite.unscoped_objects.get()
    assert site.tier_label == "所属商会" and PartyBrand.unscoped_objects.count() == 1
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.CREATE, object_type="party.partymodelsite"
    ).exists()
    body = login(world.secretary).get(reverse("party:site_list")).content.decode()
    assert "红色商会示范点" in body and "新增" not in body


def test_chamber_and_enterprise_together_refused(world, login):
    response = login(world.admin).post(
        reverse("party:site_create"), _data(world, enterprise=world.enterprise.pk)
    )
    assert "只能选择其一" in response.content.decode()
    assert not PartyModelSite.unscoped_objects.exists()


def test_secretary_may_not_name_showcases(world, login):
    client = login(world.secretary)
    assert client.post(reverse("party:site_create"), _data(world)).status_code == 403
    site = PartyModelSite.unscoped_objects.create(
        federation=world.fed, chamber=world.chamber, name="示范点", year=2020
    )
    assert client.post(reverse("party:site_edit", args=[site.pk]), _data(world)).status_code == 403
    assert not AuditEntry.unscoped_objects.filter(action=AuditAction.UPDATE).exists()


def test_other_tenant_site_is_404_for_admin(world, login):
    other = PartyModelSite.unscoped_objects.create(federation=world.fed_b, name="他方示范点", year=2020)
    client = login(world.admin)
    assert client.get(reverse("party:site_edit", args=[other.pk])).status_code == 404
    assert "他方" not in client.get(reverse("party:site_list")).content.decode()


def test_red_alliance_page_without_tags(world, login):
    response = login(world.admin).get(reverse("party:red_alliance"))
    assert response.status_code == 200
    assert "红盟企业" in response.content.decode()
