"""Check-in: a signed code counts once; forged, other-event and not-confirmed codes are refused; walk-ins;
the door page and its API endpoint."""

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditEntry
from shanglian.core.access import AccessDenied
from shanglian.core.errors import ServiceError
from shanglian.events import codes, selectors, services
from shanglian.events.models import CheckIn, Event, EventKind, Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def reg(world, event):
    return services.register(
        actor=world.enterprise_user, event=event, enterprise=world.enterprise, name="王总"
    )


def test_code_checks_in_once(world, event, reg):
    code = services.code_of(reg)
    row = services.check_in(actor=world.admin, event=event, code=code, device="门口1")
    assert row.registration == reg and row.checked_by == world.admin
    assert AuditEntry.unscoped_objects.filter(object_type__endswith="checkin", object_id=str(row.pk)).exists()
    with pytest.raises(ServiceError, match="已签到"):
        services.check_in(actor=world.admin, event=event, code=code, device="门口2")
    assert CheckIn.unscoped_objects.count() == 1
    assert selectors.attendance(event).checked_in == 1
    assert selectors.attendance(event).rate == 100


@pytest.mark.parametrize(
    "mutate, words",
    [
        (lambda c: c[:-1] + ("0" if c[-1] != "0" else "1"), "签到码无效"),  # signature tampered
        (lambda c: "SL1.1.2.abc.deadbeef", "签到码无效"),
        (lambda c: "随便写的", "签到码无效"),
        (lambda c: "", "签到码无效"),
    ],
)
def test_forged_codes_refused(world, event, reg, mutate, words):
    with pytest.raises(ServiceError, match=words):
        services.check_in(actor=world.admin, event=event, code=mutate(services.code_of(reg)))
    assert not CheckIn.unscoped_objects.exists()


def test_other_event_code_refused(world, event, reg):
    other = Event.unscoped_objects.create(
        organizer=world.fed,
        title="另一场",
        kind=EventKind.FORUM,
        starts_at=timezone.now() + timedelta(days=1),
    )
    with pytest.raises(ServiceError, match="不属于本活动"):
        services.check_in(actor=world.admin, event=other, code=services.code_of(reg))
    # A correctly signed code naming this event but a registration of another is forged in effect.
    fake = codes.sign(event.pk, reg.pk, "0" * 24)
    with pytest.raises(ServiceError, match="签到码无效"):
        services.check_in(actor=world.admin, event=event, code=fake)
    assert not CheckIn.unscoped_objects.exists()


def test_waiting_or_cancelled_registration_cannot_check_in(world, event, reg):
    services.cancel_registration(actor=world.enterprise_user, registration=reg)
    with pytest.raises(ServiceError, match="已取消"):
        services.check_in(actor=world.admin, event=event, code=services.code_of(reg))


def test_staff_of_another_chamber_or_tenant_cannot_check_in(world, event, reg):
    with pytest.raises(AccessDenied):
        services.check_in(actor=world.users_b["federation_admin"], event=event, code=services.code_of(reg))
    with pytest.raises(AccessDenied):
        services.check_in(actor=world.enterprise_user, event=event, code=services.code_of(reg))


def test_walk_in(world, event, login):
    client = login(world.secretary)
    # The secretary of A1 does not keep the federation's event: 403 (it sees it, invited, but cannot write).
    assert client.post(reverse("events:event_walk_in", args=[event.pk]), {"name": "赵"}).status_code == 403
    client = login(world.admin)
    resp = client.post(
        reverse("events:event_walk_in", args=[event.pk]), {"name": "赵", "phone": "13800138000"}, follow=True
    )
    assert "已现场登记并签到：赵" in resp.content.decode()
    reg = Registration.unscoped_objects.get(event=event)
    assert reg.walk_in and reg.checkin
    resp = client.post(reverse("events:event_walk_in", args=[event.pk]), {"name": ""}, follow=True)
    assert Registration.unscoped_objects.count() == 1


def test_api_checkin(world, event, reg, login, client):
    url = f"/api/v1/events/{event.pk}/checkin"
    body = json.dumps({"code": services.code_of(reg), "device": "手机"})
    assert client.post(url, body, content_type="application/json").status_code == 401
    assert login(world.enterprise_user).post(url, body, content_type="application/json").status_code == 403
    assert (
        login(world.users_b["federation_admin"]).post(url, body, content_type="application/json").status_code
        == 404
    )
    admin = login(world.admin)
    resp = admin.post(url, body, content_type="application/json")
    assert resp.status_code == 201, resp.content
    assert resp.json()["name"] == "王总"
    again = admin.post(url, body, content_type="application/json")
    assert again.status_code == 400 and "已签到" in again.json()["message"]
    bad = admin.post(url, json.dumps({"code": "SL1.x"}), content_type="application/json")
    assert bad.status_code == 400 and "签到码无效" in bad.json()["message"]
    assert CheckIn.unscoped_objects.count() == 1


def page_queries(client, url):
    """The page's queries, less the idle-timeout middleware's session write (a SAVEPOINT and an UPDATE
    every request in a new second, whatever the page)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    own = [
        q for q in ctx.captured_queries if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    ]
    return response, own


def test_door_page(world, event, login):
    client = login(world.admin)
    page, queries = page_queries(client, reverse("events:event_door", args=[event.pk]))
    assert len(queries) <= 10, [q["sql"][:80] for q in queries]
    assert page.status_code == 200 and "jsQR.js" in page.content.decode()
    assert login(world.leader).get(reverse("events:event_door", args=[event.pk])).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_same_code_scanned_twice_at_once_counts_once(world, event):
    """Two doors scan one code at the same instant: the unique key lets exactly one through."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    reg = services.register(actor=world.enterprise_user, event=event, enterprise=world.enterprise, name="王")
    code = services.code_of(reg)
    barrier = threading.Barrier(4)
    outcomes = []

    def scan():
        barrier.wait()
        try:
            services.check_in(actor=world.admin, event=event, code=code)
            outcomes.append("ok")
        except ServiceError:
            outcomes.append("dup")
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["dup", "dup", "dup", "ok"]
    assert CheckIn.unscoped_objects.filter(registration=reg).count() == 1
    assert Registration.unscoped_objects.get(pk=reg.pk).status == RegistrationStatus.CONFIRMED
