"""A federation always keeps an active admin (issue 11, defect 8): neither revoking the last admin
role (one's own included) nor deactivating the last active admin is allowed."""

import pytest
from django.urls import reverse

from shanglian.accounts import services
from shanglian.accounts.models import RoleAssignment, User
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.core.roles import Role
from shanglian.core.testing.factories import user_with_role

pytestmark = pytest.mark.django_db


def _admin_role(user, fed):
    return RoleAssignment.objects.get(user=user, role=Role.FEDERATION_ADMIN, organization=fed)


def _remove_url(user, assignment):
    return reverse("accounts:user_remove_role", args=[user.pk, assignment.pk])


def test_admin_cannot_remove_own_last_admin_role(world, login):
    own = _admin_role(world.admin, world.fed)
    response = login(world.admin).post(_remove_url(world.admin, own), follow=True)
    assert "唯一的管理员" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=own.pk).exists()
    assert not AuditEntry.unscoped_objects.filter(
        object_type="accounts.roleassignment", action=AuditAction.DELETE
    ).exists()


def test_admin_role_can_go_once_another_admin_exists(world, login):
    user_with_role(Role.FEDERATION_ADMIN, organization=world.fed, username="admin_a2")
    own = _admin_role(world.admin, world.fed)
    login(world.admin).post(_remove_url(world.admin, own))
    assert not RoleAssignment.objects.filter(pk=own.pk).exists()
    assert AuditEntry.unscoped_objects.filter(
        object_type="accounts.roleassignment", action=AuditAction.DELETE
    ).exists()


def test_an_inactive_second_admin_does_not_count(world):
    second = user_with_role(Role.FEDERATION_ADMIN, organization=world.fed, username="admin_a2")
    second.is_active = False
    second.save()
    with pytest.raises(ServiceError, match="唯一的管理员"):
        services.revoke_role(actor=world.admin, assignment=_admin_role(world.admin, world.fed))


def test_other_roles_of_the_last_admin_can_go(world, login):
    extra = RoleAssignment.objects.create(
        user=world.admin, role=Role.FEDERATION_LEADER, organization=world.fed
    )
    login(world.admin).post(_remove_url(world.admin, extra))
    assert not RoleAssignment.objects.filter(pk=extra.pk).exists()


def test_last_active_admin_cannot_be_deactivated(world, login):
    root = User.objects.create_superuser("root", password="Root-Password-2026")
    url = reverse("accounts:user_set_active", args=[world.admin.pk])
    response = login(root).post(url, {"active": "0"}, follow=True)
    assert "唯一的管理员" in response.content.decode()
    world.admin.refresh_from_db()
    assert world.admin.is_active
    # an admin of the city federation above administers the district too: then it may go
    user_with_role(Role.FEDERATION_ADMIN, organization=world.city, username="city_admin")
    services.set_user_active(actor=root, user=world.admin, active=False)
    world.admin.refresh_from_db()
    assert not world.admin.is_active


def test_deactivating_one_of_two_admins_works(world, login):
    second = user_with_role(Role.FEDERATION_ADMIN, organization=world.fed, username="admin_a2")
    url = reverse("accounts:user_set_active", args=[second.pk])
    login(world.admin).post(url, {"active": "0"})
    second.refresh_from_db()
    assert not second.is_active
    # and now world.admin is the last one: the leader cannot even try (403), the rule holds in the service
    assert (
        login(world.leader).post(reverse("accounts:user_set_active", args=[world.admin.pk])).status_code
        == 403
    )
