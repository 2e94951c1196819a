import pytest
from django.urls import reverse

from shanglian.accounts.models import RoleAssignment, User
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.roles import Role

pytestmark = pytest.mark.django_db


def _new_user_data(**over):
    data = {
        "username": "new_sec",
        "name": "新秘书",
        "phone": "13800001111",
        "password": "Chamber-2026-ok",
        "role": Role.CHAMBER_SECRETARY,
    }
    data.update(over)
    return data


def test_admin_creates_secretary_with_audit(world, login):
    client = login(world.admin)
    response = client.post(reverse("accounts:user_create"), _new_user_data(organization=world.chamber.pk))
    user = User.objects.get(username="new_sec")
    assert response.status_code == 302
    assert user.home_org == world.chamber
    assert RoleAssignment.objects.filter(
        user=user, role=Role.CHAMBER_SECRETARY, organization=world.chamber
    ).exists()
    entries = AuditEntry.unscoped_objects.filter(
        object_type="accounts.user", object_id=str(user.pk), action=AuditAction.CREATE
    )
    assert entries.count() == 1 and entries.get().actor == world.admin
    assert "password" not in entries.get().changes


def test_admin_cannot_grant_in_other_federation(world, login):
    client = login(world.admin)
    response = client.post(reverse("accounts:user_create"), _new_user_data(organization=world.chamber_b.pk))
    assert response.status_code == 200  # form re-shown: the other tenant's chamber is not a choice
    assert not User.objects.filter(username="new_sec").exists()


def test_weak_password_is_refused_in_chinese(world, login):
    client = login(world.admin)
    response = client.post(
        reverse("accounts:user_create"), _new_user_data(organization=world.chamber.pk, password="12345678")
    )
    assert response.status_code == 200
    assert "密码" in response.content.decode()
    assert not User.objects.filter(username="new_sec").exists()


def test_role_kind_mismatch_is_refused(world, login):
    client = login(world.admin)
    response = client.post(reverse("accounts:user_create"), _new_user_data(organization=world.department.pk))
    assert "只能绑定到" in response.content.decode()
    assert not User.objects.filter(username="new_sec").exists()


def test_secretary_opens_enterprise_login_only(world, login):
    client = login(world.secretary)
    ok = client.post(
        reverse("accounts:user_create"),
        _new_user_data(username="ent_new", role=Role.ENTERPRISE_USER, enterprise=world.enterprise.pk),
    )
    assert ok.status_code == 302
    created = User.objects.get(username="ent_new")
    assert created.home_org == world.chamber
    staff = client.post(
        reverse("accounts:user_create"), _new_user_data(username="sneaky", organization=world.chamber.pk)
    )
    assert staff.status_code == 200 and not User.objects.filter(username="sneaky").exists()
    other = client.post(
        reverse("accounts:user_create"),
        _new_user_data(username="ent_other", role=Role.ENTERPRISE_USER, enterprise=world.enterprise2.pk),
    )
    assert other.status_code == 200 and not User.objects.filter(username="ent_other").exists()


def test_leader_and_enterprise_user_may_not_manage_users(world, login):
    for user in (world.leader, world.enterprise_user, world.liaison):
        client = login(user)
        assert client.get(reverse("accounts:user_create")).status_code == 403
        assert client.get(reverse("accounts:user_list")).status_code == 403
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.DENIED, actor=world.leader).exists()


def test_disable_and_reset_password(world, login):
    client = login(world.admin)
    target = world.secretary
    client.post(reverse("accounts:user_set_active", args=[target.pk]), {"active": "0"})
    target.refresh_from_db()
    assert not target.is_active
    client.post(
        reverse("accounts:user_reset_password", args=[target.pk]), {"new_password": "Another-pass-2026"}
    )
    target.refresh_from_db()
    assert target.check_password("Another-pass-2026")
    actions = list(
        AuditEntry.unscoped_objects.filter(object_id=str(target.pk), object_type="accounts.user").values_list(
            "message", flat=True
        )
    )
    assert "停用账号" in actions and "重置密码" in actions


def test_admin_cannot_disable_self(world, login):
    client = login(world.admin)
    client.post(reverse("accounts:user_set_active", args=[world.admin.pk]), {"active": "0"})
    world.admin.refresh_from_db()
    assert world.admin.is_active


def test_user_list_escapes_html_and_masks_phone(world, login):
    world.enterprise_user.name = "<script>alert(1)</script>"
    world.enterprise_user.save()
    client = login(world.admin)
    body = client.get(reverse("accounts:user_list")).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    assert "139****5678" in body and "13912345678" not in body


def test_overlong_and_nonnumeric_inputs(world, login):
    client = login(world.admin)
    assert client.get("/accounts/users/abc/").status_code == 404
    assert client.get("/accounts/users/99999999/").status_code == 404
    response = client.post(
        reverse("accounts:user_create"), _new_user_data(username="x" * 500, organization=world.chamber.pk)
    )
    assert response.status_code == 200 and not User.objects.filter(username__startswith="xxxx").exists()
