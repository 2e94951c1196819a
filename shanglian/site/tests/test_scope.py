import pytest

from shanglian.core.scope import UnscopedQueryError, get_object_for_user, scope_for, strict_scope
from shanglian.registry.models import Enterprise, Membership

pytestmark = pytest.mark.django_db


def test_unscoped_query_fails_loudly_inside_a_request(world):
    with strict_scope(), pytest.raises(UnscopedQueryError):
        list(Enterprise.objects.all())
    with strict_scope():
        assert Enterprise.objects.unscoped().count() == 3
        assert list(world.enterprise.memberships.all())  # related managers start from a scoped object


def test_each_role_sees_its_own_slice(world):
    def names(user):
        return set(Enterprise.objects.visible_to(user).values_list("name", flat=True))

    assert names(world.admin) == names(world.leader) == {world.enterprise.name, world.enterprise2.name}
    assert names(world.secretary) == {world.enterprise.name}
    assert names(world.enterprise_user) == {world.enterprise.name}
    assert names(world.liaison) == set()
    assert set(Enterprise.objects.editable_by(world.leader)) == set()
    assert set(Membership.objects.visible_to(world.secretary).values_list("chamber", flat=True)) == {
        world.chamber.pk
    }


def test_roles_combine_with_or(world):
    from shanglian.accounts.models import RoleAssignment
    from shanglian.core.roles import Role

    RoleAssignment.objects.create(
        user=world.secretary, role=Role.CHAMBER_SECRETARY, organization=world.chamber2
    )
    user = type(world.secretary).objects.get(pk=world.secretary.pk)
    assert scope_for(user).chamber_ids == {world.chamber.pk, world.chamber2.pk}
    assert Enterprise.objects.visible_to(user).count() == 2


def test_get_object_for_user_404_and_403(world):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises(Http404):
        get_object_for_user(Enterprise, world.secretary, world.enterprise2.pk)
    with pytest.raises(Http404):
        get_object_for_user(Enterprise, world.admin, "abc")
    with pytest.raises(PermissionDenied):
        get_object_for_user(Enterprise, world.leader, world.enterprise.pk, write=True)
    with pytest.raises(PermissionDenied):
        get_object_for_user(Enterprise, world.liaison, world.enterprise.pk, capability="enterprise.view")
    assert get_object_for_user(Enterprise, world.admin, world.enterprise2.pk) == world.enterprise2


def test_disabled_user_sees_nothing(world):
    world.admin.is_active = False
    world.admin.save()
    assert not Enterprise.objects.visible_to(world.admin).exists()
