from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.governance import selectors, services
from shanglian.governance.models import PresidentRotation

pytestmark = pytest.mark.django_db


def _slot(chamber, person, start, end):
    return PresidentRotation.unscoped_objects.create(
        chamber=chamber, person=person, start_on=start, end_on=end
    )


def test_admin_schedules_rotation_and_sees_current_and_next(world, login, people):
    today = date.today()
    client = login(world.admin)
    for person, start, end in (
        (people["a"], today - timedelta(days=30), today + timedelta(days=30)),
        (people["b"], today + timedelta(days=31), today + timedelta(days=200)),
    ):
        response = client.post(
            reverse("governance:rotation_create"),
            {"chamber": world.chamber.pk, "person": person.pk, "start_on": start, "end_on": end, "note": ""},
        )
        assert response.status_code == 302
    status = selectors.rotation_status(PresidentRotation.objects.unscoped())[0]
    assert status.current.person == people["a"] and status.next.person == people["b"]
    assert status.handover_on == today + timedelta(days=31)
    body = client.get(reverse("governance:rotation_list")).content.decode()
    assert "当前轮值会长：张会长" in body and "由 李副会长 接任" in body
    assert (
        AuditEntry.unscoped_objects.filter(
            action=AuditAction.CREATE, object_type="governance.presidentrotation"
        ).count()
        == 2
    )


def test_overlapping_slots_are_refused(world, login, people):
    _slot(world.chamber, people["a"], date(2026, 1, 1), date(2026, 6, 30))
    client = login(world.admin)
    response = client.post(
        reverse("governance:rotation_create"),
        {
            "chamber": world.chamber.pk,
            "person": people["b"].pk,
            "start_on": "2026-06-30",
            "end_on": "2026-12-31",
        },
    )
    assert "轮值期不能交叉" in response.content.decode()
    assert PresidentRotation.unscoped_objects.count() == 1


def test_person_in_two_overlapping_slots_is_refused(world, people):
    _slot(world.chamber, people["a"], date(2026, 1, 1), date(2026, 6, 30))
    with pytest.raises(ServiceError, match="同一人不能同时轮值"):
        services.save_rotation(
            actor=world.admin,
            chamber=world.chamber2,
            person=people["a"],
            start_on=date(2026, 3, 1),
            end_on=date(2026, 9, 30),
        )
    # Back to back is fine.
    services.save_rotation(
        actor=world.admin,
        chamber=world.chamber,
        person=people["a"],
        start_on=date(2026, 7, 1),
        end_on=date(2026, 12, 31),
    )


def test_end_before_start_is_refused(world, people):
    with pytest.raises(ServiceError, match="结束日期必须晚于开始日期"):
        services.save_rotation(
            actor=world.admin,
            chamber=world.chamber,
            person=people["a"],
            start_on=date(2026, 7, 1),
            end_on=date(2026, 1, 1),
        )
    assert not PresidentRotation.unscoped_objects.exists()


def test_secretary_scope_and_weak_roles(world, login, people):
    other = _slot(world.chamber2, people["a2"], date(2026, 1, 1), date(2026, 6, 30))
    client = login(world.secretary)
    assert client.get(reverse("governance:rotation_edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("governance:rotation_delete", args=[other.pk])).status_code == 404
    assert "他方" not in client.get(reverse("governance:rotation_list")).content.decode()
    assert login(world.leader).get(reverse("governance:rotation_edit", args=[other.pk])).status_code == 403
    assert login(world.liaison).get(reverse("governance:rotation_list")).status_code == 403
    assert PresidentRotation.unscoped_objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints are PostgreSQL-only")
def test_database_refuses_a_person_in_two_slots(world, people):
    _slot(world.chamber, people["a"], date(2026, 1, 1), date(2026, 6, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        _slot(world.chamber2, people["a"], date(2026, 6, 1), date(2026, 8, 1))
