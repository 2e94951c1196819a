"""Which enterprise login is its 法定代表人: a flag on the enterprise-user role, set by the secretary or admin
who opens or edits the login, and asked of core (`is_legal_representative_of`), never guessed from names."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from shanglian.accounts import services
from shanglian.accounts.factories import user_with_role
from shanglian.accounts.models import RoleAssignment, User
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.access import SYSTEM, is_legal_representative_of, legal_representatives_of
from shanglian.core.errors import ServiceError
from shanglian.core.roles import Role

pytestmark = pytest.mark.django_db


def _flag_url(user):
    return reverse("accounts:user_set_legal_representative", args=[user.pk, user.role_assignments.get().pk])


def test_secretary_opens_a_login_as_legal_representative(world, login):
    data = {
        "username": "boss_a",
        "name": "周法人",
        "password": "Chamber-2026-ok",
        "role": Role.ENTERPRISE_USER,
        "enterprise": world.enterprise.pk,
        "is_legal_representative": "on",
    }
    assert login(world.secretary).post(reverse("accounts:user_create"), data).status_code == 302
    boss = User.objects.get(username="boss_a")
    assert is_legal_representative_of(boss, world.enterprise)
    assert not is_legal_representative_of(world.enterprise_user, world.enterprise)
    assert list(legal_representatives_of(world.enterprise)) == [boss]
    steps = AuditEntry.unscoped_objects.filter(
        action=AuditAction.TRANSITION, object_type="accounts.roleassignment"
    )
    assert steps.get().changes == {"is_legal_representative": [False, True]}


def test_name_alone_is_not_enough(world):
    world.enterprise.legal_representative = world.enterprise_user.name
    world.enterprise.save()
    assert not is_legal_representative_of(world.enterprise_user, world.enterprise)
    assert not is_legal_representative_of(SYSTEM, world.enterprise)


def test_flag_moves_to_the_new_legal_representative(world, login):
    old = world.enterprise_user
    services.set_legal_representative(
        actor=world.secretary, assignment=old.role_assignments.get(), value=True
    )
    new = user_with_role(Role.ENTERPRISE_USER, enterprise=world.enterprise, home_org=world.chamber)
    response = login(world.secretary).post(_flag_url(new), {"value": "1"})
    assert response.status_code == 302
    assert list(legal_representatives_of(world.enterprise)) == [new]
    assert not is_legal_representative_of(old, world.enterprise)
    login(world.secretary).post(_flag_url(new), {"value": "0"})
    assert not legal_representatives_of(world.enterprise).exists()
    # Another enterprise's legal representative is not this one's.
    assert not is_legal_representative_of(new, world.enterprise_b)


def test_anonymous_weak_role_and_other_tenant(world, login):
    url = _flag_url(world.enterprise_user)
    assert Client().post(url, {"value": "1"}).status_code == 302  # → login
    assert login(world.enterprise_user).post(url, {"value": "1"}).status_code == 403
    assert login(world.users_b[Role.CHAMBER_SECRETARY]).post(url, {"value": "1"}).status_code == 404
    assert not RoleAssignment.objects.filter(is_legal_representative=True).exists()


def test_staff_roles_cannot_be_flagged(world):
    with pytest.raises(ServiceError, match="只有企业用户"):
        services.set_legal_representative(
            actor=world.admin, assignment=world.secretary.role_assignments.get(), value=True
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        world.secretary.role_assignments.update(is_legal_representative=True)
