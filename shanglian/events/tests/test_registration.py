"""Registration: quota, waiting list (offer, accept, decline), cancel, closed; rights and the audit rows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditEntry
from shanglian.core.access import AccessDenied
from shanglian.core.errors import ServiceError
from shanglian.events import services
from shanglian.events.models import Registration, RegistrationStatus
from shanglian.notifications.models import Notification
from shanglian.registry.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def _member(world, name):
    ent = EnterpriseFactory(federation=world.fed, name=name)
    MembershipFactory(enterprise=ent, chamber=world.chamber)
    return ent


def test_enterprise_registers_on_the_page_and_sees_its_code(world, event, login):
    client = login(world.enterprise_user)
    resp = client.post(
        reverse("events:event_register", args=[event.pk]), {"name": "王总", "phone": "13900000000"}
    )
    assert resp.status_code == 302
    reg = Registration.unscoped_objects.get(event=event)
    assert (reg.enterprise, reg.status, reg.name) == (world.enterprise, S.CONFIRMED, "王总")
    assert AuditEntry.unscoped_objects.filter(
        object_type__endswith="registration", object_id=str(reg.pk)
    ).exists()
    page = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert 'id="my-qr"' in page and "<svg" in page


def test_over_quota_goes_to_waiting_list_then_offer_accept(world, event):
    a, b = _member(world, "甲公司"), _member(world, "乙公司")
    r1 = services.register(actor=world.admin, event=event, enterprise=world.enterprise, name="一")
    r2 = services.register(actor=world.admin, event=event, enterprise=a, name="二")
    r3 = services.register(actor=world.admin, event=event, enterprise=b, name="三")
    assert [r1.status, r2.status, r3.status] == [S.CONFIRMED, S.CONFIRMED, S.WAITING]
    services.cancel_registration(actor=world.enterprise_user, registration=r1)
    r3.refresh_from_db()
    assert r3.status == S.OFFERED and r3.offered_at is not None
    services.accept_offer(actor=world.admin, registration=r3)
    r3.refresh_from_db()
    assert r3.status == S.CONFIRMED
    assert AuditEntry.unscoped_objects.filter(object_id=str(r3.pk), action="transition").count() == 2


def test_declined_offer_goes_to_the_next(world, event):
    a, b, c = _member(world, "甲公司"), _member(world, "乙公司"), _member(world, "丙公司")
    r1 = services.register(actor=world.admin, event=event, enterprise=world.enterprise, name="一")
    services.register(actor=world.admin, event=event, enterprise=a, name="二")
    r3 = services.register(actor=world.admin, event=event, enterprise=b, name="三")
    r4 = services.register(actor=world.admin, event=event, enterprise=c, name="四")
    services.cancel_registration(actor=world.admin, registration=r1)
    r3.refresh_from_db()
    services.decline_offer(actor=world.admin, registration=r3)
    r3.refresh_from_db()
    r4.refresh_from_db()
    assert (r3.status, r4.status) == (S.DECLINED, S.OFFERED)


def test_offer_notifies_the_enterprise_users(world, event):
    a = _member(world, "甲公司")
    services.register(actor=world.admin, event=event, enterprise=a, name="一")
    r2 = services.register(actor=world.admin, event=event, enterprise=_member(world, "乙"), name="二")
    services.register(actor=world.admin, event=event, enterprise=world.enterprise, name="三")
    services.cancel_registration(actor=world.admin, registration=r2)
    assert Notification.objects.filter(recipient=world.enterprise_user, title__contains="名额空出").exists()


def test_closed_registration_and_twice_refused_nothing_written(world, event):
    services.register(actor=world.enterprise_user, event=event, enterprise=world.enterprise, name="王")
    with pytest.raises(ServiceError, match="已报名"):
        services.register(actor=world.enterprise_user, event=event, enterprise=world.enterprise, name="王")
    event.registration_closes_at = timezone.now() - timedelta(hours=1)
    event.save()
    other = _member(world, "晚到公司")
    with pytest.raises(ServiceError, match="报名已截止"):
        services.register(actor=world.admin, event=event, enterprise=other, name="迟")
    assert Registration.unscoped_objects.filter(event=event).count() == 1


def test_page_shows_the_error_in_chinese(world, event, login):
    event.registration_closes_at = timezone.now() - timedelta(hours=1)
    event.save()
    client = login(world.enterprise_user)
    resp = client.post(reverse("events:event_register", args=[event.pk]), {"name": "王"}, follow=True)
    assert "报名已截止" in resp.content.decode()
    assert not Registration.unscoped_objects.exists()


def test_enterprise_cannot_register_or_cancel_for_another(world, event):
    with pytest.raises(AccessDenied):
        services.register(actor=world.enterprise_user, event=event, enterprise=world.enterprise2, name="冒")
    reg = services.register(actor=world.admin, event=event, enterprise=world.enterprise2, name="乙")
    other_user = world.users_b["chamber_secretary"]
    with pytest.raises(AccessDenied):
        services.cancel_registration(actor=other_user, registration=reg)
    with pytest.raises(AccessDenied):
        services.cancel_registration(actor=world.enterprise_user, registration=reg)


def test_anonymous_weak_role_and_other_tenant(world, event, client, login):
    url = reverse("events:event_register", args=[event.pk])
    assert client.post(url, {"name": "x"}).status_code == 302  # to the login page
    assert login(world.leader).post(url, {"name": "x"}).status_code == 403
    assert login(world.users_b["federation_admin"]).post(url, {"name": "x"}).status_code == 404
    assert login(world.users_b["chamber_secretary"]).post(url, {"name": "x"}).status_code == 404
    assert not Registration.unscoped_objects.exists()


def test_cancel_on_the_page(world, event, login):
    reg = services.register(actor=world.enterprise_user, event=event, enterprise=world.enterprise, name="王")
    client = login(world.enterprise_user)
    client.post(reverse("events:registration_cancel", args=[reg.pk]))
    reg.refresh_from_db()
    assert reg.status == S.CANCELLED
    assert (
        login(world.users_b["chamber_secretary"])
        .post(reverse("events:registration_cancel", args=[reg.pk]))
        .status_code
        == 404
    )
