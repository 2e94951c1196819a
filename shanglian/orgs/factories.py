"""Test factories for the org tree (treebeard nodes are made through the tree API, not factory-boy)."""

from __future__ import annotations

import factory

from shanglian.orgs.models import ChamberKind, Organization, OrgKind


def make_federation(name: str = "测试区工商联", parent: Organization | None = None) -> Organization:
    if parent is None:
        return Organization.objects.create_root(name=name, kind=OrgKind.FEDERATION)
    return Organization.objects.create_child(parent, name=name, kind=OrgKind.FEDERATION)


def make_chamber(
    federation: Organization,
    name: str = "测试商会",
    chamber_kind: str = ChamberKind.STREET,
    street: str = "城阳",
) -> Organization:
    return Organization.objects.create_child(
        federation, name=name, kind=OrgKind.CHAMBER, chamber_kind=chamber_kind, street=street
    )


def make_department(federation: Organization, name: str = "测试部门") -> Organization:
    return Organization.objects.create_child(federation, name=name, kind=OrgKind.DEPARTMENT)


class _TreeFactory(factory.Factory):
    """Organizations are treebeard nodes: made with create_root / create_child, never a plain save()."""

    class Meta:
        model = Organization

    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return Organization.objects.create_root(**kwargs)
        return Organization.objects.create_child(parent, **kwargs)

    @classmethod
    def _build(cls, model_class, *args, parent=None, **kwargs):
        return model_class(**kwargs)


class FederationFactory(_TreeFactory):
    name = factory.Sequence(lambda n: f"测试区工商联{n}")
    kind = OrgKind.FEDERATION


class OrganizationFactory(_TreeFactory):
    """A street chamber under `parent` (a new federation if none is given)."""

    parent = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"测试商会{n}")
    kind = OrgKind.CHAMBER
    chamber_kind = ChamberKind.STREET
    street = "城阳"


ChamberFactory = OrganizationFactory


class DepartmentFactory(_TreeFactory):
    parent = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"测试部门{n}")
    kind = OrgKind.DEPARTMENT
