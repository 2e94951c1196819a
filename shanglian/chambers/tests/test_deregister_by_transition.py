"""A chamber's own secretary may not set its 登记状态 to 注销: that is the lifecycle's transition request."""

from datetime import date

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditEntry
from shanglian.chambers import services
from shanglian.chambers.models import ChamberProfile, RegistrationStatus
from shanglian.chambers.tests.test_registration import _reg
from shanglian.core.errors import ServiceError

pytestmark = pytest.mark.django_db

GONE = {"registration_status": RegistrationStatus.DEREGISTERED, "deregistered_on": "2024-01-01"}


def _status(world):
    profile = ChamberProfile.objects.unscoped().filter(chamber=world.chamber).first()
    return profile and profile.registration_status


def test_the_secretary_form_offers_no_deregistration(world, login):
    client = login(world.secretary)
    page = client.get(reverse("chambers:registration_edit", args=[world.chamber.pk])).content.decode()
    assert 'value="registered"' in page and 'value="deregistered"' not in page
    assert "申请变更状态" in page


def test_the_secretary_cannot_post_deregistration(world, login):
    client = login(world.secretary)
    client.post(reverse("chambers:registration_edit", args=[world.chamber.pk]), _reg())
    assert _status(world) == RegistrationStatus.REGISTERED
    before = AuditEntry.unscoped_objects.count()
    response = client.post(reverse("chambers:registration_edit", args=[world.chamber.pk]), _reg(**GONE))
    assert response.status_code == 200
    assert _status(world) == RegistrationStatus.REGISTERED
    assert AuditEntry.unscoped_objects.count() == before


def test_the_service_refuses_the_secretary(world):
    with pytest.raises(ServiceError, match="申请变更状态"):
        services.update_registration(
            actor=world.secretary,
            chamber=world.chamber,
            registration_status=RegistrationStatus.DEREGISTERED,
            registration_number="城民社证字第0001号",
            registered_on=date(2020, 6, 1),
            deregistered_on=date(2024, 1, 1),
        )
    assert _status(world) != RegistrationStatus.DEREGISTERED


def test_the_federation_records_deregistration(world, login):
    client = login(world.admin)
    page = client.get(reverse("chambers:registration_edit", args=[world.chamber.pk])).content.decode()
    assert 'value="deregistered"' in page
    response = client.post(reverse("chambers:registration_edit", args=[world.chamber.pk]), _reg(**GONE))
    assert response.status_code == 302
    assert _status(world) == RegistrationStatus.DEREGISTERED
    # ... and once deregistered, the secretary cannot undo it on the form either
    client = login(world.secretary)
    client.post(reverse("chambers:registration_edit", args=[world.chamber.pk]), _reg())
    assert _status(world) == RegistrationStatus.DEREGISTERED
