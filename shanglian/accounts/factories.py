"""Test factories for users and their role assignments."""

from __future__ import annotations

from typing import Any

import factory

from shanglian.accounts.models import RoleAssignment, User
from shanglian.core.roles import Role
from shanglian.core.testing.factories import TEST_PASSWORD  # one password for every test login
from shanglian.orgs.factories import FederationFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    phone = "13912345678"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.FEDERATION_ADMIN
    organization = factory.SubFactory(FederationFactory)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.ApiToken"

    user = factory.SubFactory(UserFactory)
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    prefix = factory.Sequence(lambda n: f"t{n:07d}")


def user_with_role(role, *, organization=None, enterprise=None, home_org=None, **kwargs: Any) -> User:
    """A user holding one role; their home org is the role's org, else the enterprise's first chamber."""
    home = (
        home_org
        or organization
        or (
            enterprise.memberships.first().chamber if enterprise and enterprise.memberships.exists() else None
        )
    )
    if home is None and enterprise is not None:
        home = enterprise.federation
    user = UserFactory(home_org=home, **kwargs)
    RoleAssignment.objects.create(user=user, role=role, organization=organization, enterprise=enterprise)
    return user
