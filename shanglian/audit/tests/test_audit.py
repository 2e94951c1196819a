import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.audit.services import record

pytestmark = pytest.mark.django_db


def test_entries_are_append_only(world):
    entry = record(
        actor=world.admin, action=AuditAction.UPDATE, obj=world.chamber, organization=world.chamber
    )
    entry.message = "改写"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.unscoped_objects.all().update(message="x")
    with pytest.raises(PermissionError):
        AuditEntry.unscoped_objects.all().delete()


def test_admin_browses_and_filters_own_subtree(world, login):
    record(
        actor=world.admin,
        action=AuditAction.UPDATE,
        obj=world.chamber,
        organization=world.chamber,
        message="本方修改",
    )
    record(
        actor=None,
        action=AuditAction.UPDATE,
        obj=world.chamber_b,
        organization=world.chamber_b,
        message="他方修改",
    )
    client = login(world.admin)
    body = client.get(reverse("audit:entry_list")).content.decode()
    assert "本方修改" in body and "他方修改" not in body
    filtered = client.get(reverse("audit:entry_list"), {"action": "login"}).content.decode()
    assert "本方修改" not in filtered
    assert (
        client.get(reverse("audit:entry_list"), {"start": "not-a-date", "end": "2026-13-45"}).status_code
        == 200
    )


def test_nobody_else_reads_the_log(world, login):
    for user in (world.leader, world.secretary, world.enterprise_user, world.liaison):
        assert login(user).get(reverse("audit:entry_list")).status_code == 403


def test_no_edit_or_delete_routes_exist(world, login):
    entry = record(
        actor=world.admin, action=AuditAction.UPDATE, obj=world.chamber, organization=world.chamber
    )
    client = login(world.admin)
    assert client.post(reverse("audit:entry_detail", args=[entry.pk]), {"message": "x"}).status_code in (
        200,
        405,
    )
    entry.refresh_from_db()
    assert entry.message == ""
