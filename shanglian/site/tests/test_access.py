"""Issue 10 §1 (new tests): rights in one place — core.access.

- the three pages that each computed "the user's federation" their own way now agree (superuser included);
- no module outside shanglian/core reads UserScope fields (a grep over the source tree);
- `actor=None` passes no check, `actor=SYSTEM` does and is audited as 系统;
- a rights failure is AccessDenied: a 403 page / JSON 403 with its Chinese message;
- Organization is on the scoped queryset (unscoped reads in a request raise; tree navigation does not).
"""

import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from shanglian.audit.models import AuditEntry
from shanglian.core import access
from shanglian.core.access import SYSTEM, AccessDenied
from shanglian.core.roles import Role
from shanglian.core.scope import UnscopedQueryError, strict_scope
from shanglian.orgs.models import Organization, OrgKind

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def superuser(world):
    user_model = type(world.admin)
    return user_model.objects.create_superuser(username="root_su", password="x-Shanglian@2026")


# ---------------------------------------------------------------- one federation per user


def _chambers_answer(user):
    from shanglian.chambers.views.common import federation_or_403

    request = RequestFactory().get("/")
    request.user = user
    try:
        return federation_or_403(request)
    except PermissionDenied:
        return None


def _registry_answer(user):
    from shanglian.registry.views.common import federation_rule

    return federation_rule(user)[0]


def test_the_three_former_federation_call_sites_agree(world, superuser):
    expected = {
        superuser: world.fed,  # the deepest federation with chambers, not the city (party used to say city)
        world.admin: world.fed,
        world.leader: world.fed,
        world.secretary: world.fed,  # chambers used to say None
        world.enterprise_user: world.fed,
        world.liaison: None,
        world.users_b[Role.FEDERATION_ADMIN]: world.fed_b,
    }
    for user, fed in expected.items():
        assert access.federation_of(user) == fed, user
        assert _chambers_answer(user) == fed, user
        assert _registry_answer(user) == fed, user


@pytest.mark.parametrize("who", ["superuser", "admin", "leader"])
def test_pages_show_the_same_federation(world, superuser, login, who):
    user = superuser if who == "superuser" else getattr(world, who)
    client = login(user)
    campaign = client.get(reverse("chambers:campaign_upgrade"))
    party = client.get(reverse("party:overview"))
    assert campaign.status_code == party.status_code == 200
    assert campaign.context["federation"] == world.fed
    assert party.context["figures"]["federation"] == world.fed


# ---------------------------------------------------------------- nobody reads UserScope outside core

USER_SCOPE_READ = re.compile(
    r"scope_for\(|\.(superuser|read_paths|admin_paths|chamber_ids|enterprise_ids|department_ids)\b"
)


def test_no_module_outside_core_reads_user_scope_fields():
    offenders = []
    for folder in ("shanglian", "config"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            # Tests of the scope itself may look inside it; app code may not.
            if rel.startswith("shanglian/core/") or "/migrations/" in rel or "/tests/" in rel:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if USER_SCOPE_READ.search(line):
                    offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "ask shanglian.core.access instead:\n" + "\n".join(offenders)


UNSCOPED_READ = re.compile(r"\.unscoped\(\)|unscoped_objects")


def _is_view_module(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return "/views/" in rel or name in ("views.py", "api.py", "import_views.py") or name.endswith("_views.py")


def test_views_and_api_read_only_through_scope():
    """Pages and the API read tenant data through scope; deliberate cross-tenant reads live in services and
    selectors, where `.unscoped()` stands out in review (issue 10: the four unscoped reads in views)."""
    offenders = []
    for path in (ROOT / "shanglian").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if "/tests/" in rel or not _is_view_module(rel):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if UNSCOPED_READ.search(line):
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, (
        "read through visible_to/editable_by, or move the read to a selector:\n" + "\n".join(offenders)
    )


def test_the_grep_catches_a_scope_read():
    assert USER_SCOPE_READ.search("if scope.admin_paths:")
    assert USER_SCOPE_READ.search("ids = scope_for(user).chamber_ids")
    assert not USER_SCOPE_READ.search("def last_activity(chamber_ids):")
    assert UNSCOPED_READ.search("Term.unscoped_objects.filter(chamber=c)")
    assert _is_view_module("shanglian/registry/views/members.py") and _is_view_module(
        "shanglian/party/api.py"
    )


# ---------------------------------------------------------------- actor=None passes no check


def test_actor_none_is_a_programming_error(world):
    from shanglian.chambers import services as chamber_services
    from shanglian.orgs import services as org_services
    from shanglian.registry import services as registry_services

    with pytest.raises(TypeError, match="actor=SYSTEM"):
        org_services.create_organization(actor=None, parent=None, name="无主", kind=OrgKind.FEDERATION)
    with pytest.raises(TypeError):
        registry_services.update_enterprise(actor=None, enterprise=world.enterprise, data={"name": "改名"})
    with pytest.raises(TypeError):
        chamber_services.update_policy(
            actor=None, federation=world.fed, dormant_months=6, deadline_warning_days=7
        )
    with pytest.raises(TypeError):
        access.is_admin_of(None, world.fed)
    assert not Organization.objects.unscoped().filter(name="无主").exists()
    world.enterprise.refresh_from_db()
    assert world.enterprise.name != "改名"


def test_system_passes_the_checks_and_is_audited_as_system(world):
    from shanglian.orgs import services as org_services

    assert access.is_admin_of(SYSTEM, world.fed_b) and access.can_write(SYSTEM, world.enterprise_b)
    assert access.has_capability(SYSTEM, "org.manage")
    with pytest.raises(KeyError):
        access.has_capability(SYSTEM, "no.such.capability")
    org = org_services.create_organization(
        actor=SYSTEM, parent=world.fed, name="系统建的部门", kind=OrgKind.DEPARTMENT
    )
    row = AuditEntry.unscoped_objects.get(object_type="orgs.organization", object_id=str(org.pk))
    assert row.actor_id is None and row.actor_name == "系统"


# ---------------------------------------------------------------- one exception type for rights


def test_rights_failures_are_access_denied_domain_rules_stay_service_errors(world):
    from shanglian.core.errors import ServiceError
    from shanglian.orgs import services as org_services
    from shanglian.party import services as party_services
    from shanglian.party.models import PartyModelSite

    with pytest.raises(AccessDenied, match="只能管理本工商联管辖范围内的组织"):
        org_services.create_organization(
            actor=world.admin, parent=world.fed_b, name="越权", kind=OrgKind.DEPARTMENT
        )
    with pytest.raises(AccessDenied, match="只有系统管理员"):
        org_services.create_organization(actor=world.admin, parent=None, name="越权", kind=OrgKind.FEDERATION)
    with pytest.raises(AccessDenied, match="只有工商联管理员"):
        party_services.save_showcase(
            actor=world.secretary, model=PartyModelSite, federation=world.fed, name="示范点", level="district",
            year=2025,
        )  # fmt: skip
    with pytest.raises(ServiceError, match="请选择工商联"):  # bad input, not a right
        party_services.save_showcase(
            actor=world.admin, model=PartyModelSite, federation=world.chamber, name="x", level="district", year=2025
        )  # fmt: skip
    assert isinstance(AccessDenied("x"), PermissionDenied)
    assert not Organization.objects.unscoped().filter(name="越权").exists()


def test_access_denied_is_a_403_page_with_its_message(world):
    from shanglian.core.views import permission_denied

    request = RequestFactory().get("/x/")
    request.user = world.admin
    response = permission_denied(request, AccessDenied("只有本工商联的管理员可以执行此操作。"))
    assert response.status_code == 403
    assert "只有本工商联的管理员可以执行此操作。" in response.content.decode()
    plain = permission_denied(request, PermissionDenied())
    assert plain.status_code == 403 and "您的角色没有执行此操作的权限" in plain.content.decode()


def test_access_denied_in_the_api_is_json_403_with_its_message(world):
    from config.api import _forbidden

    request = RequestFactory().get("/api/v1/x")
    response = _forbidden(request, AccessDenied("只能审核本商会的入会申请。"))
    assert response.status_code == 403
    assert json.loads(response.content) == {"code": "forbidden", "message": "只能审核本商会的入会申请。"}


def test_a_secretary_deciding_another_chambers_application_gets_access_denied(world):
    from shanglian.registry import services as registry_services
    from shanglian.registry.models import ApplicationStatus

    application = registry_services.submit_application(
        actor=world.enterprise_user, enterprise=world.enterprise, chamber=_open_chamber(world), note=""
    )
    other_secretary = _secretary_of(world.chamber2)
    with pytest.raises(AccessDenied, match="入会申请"):
        registry_services.decide_application(actor=other_secretary, application=application, approve=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def _open_chamber(world):
    from shanglian.registry.services import chambers_open_to

    chamber = chambers_open_to(world.enterprise).exclude(pk=world.chamber2.pk).first()
    if chamber is None:
        from shanglian.core.testing.factories import make_chamber
        from shanglian.orgs.models import ChamberKind

        chamber = make_chamber(world.fed, "城阳区软件行业商会", chamber_kind=ChamberKind.INDUSTRY)
    return chamber


def _secretary_of(chamber):
    from shanglian.core.testing.factories import user_with_role

    return user_with_role(Role.CHAMBER_SECRETARY, organization=chamber, username=f"sec_{chamber.pk}")


# ---------------------------------------------------------------- Organization under the guard


def test_organization_reads_in_a_request_go_through_scope(world):
    with strict_scope(), pytest.raises(UnscopedQueryError):
        list(Organization.objects.filter(kind=OrgKind.CHAMBER))
    with strict_scope(), pytest.raises(UnscopedQueryError):
        Organization.objects.filter(pk=world.fed_b.pk).exists()
    with strict_scope():
        assert set(Organization.objects.visible_to(world.secretary)) == {world.chamber}
        assert Organization.objects.unscoped().filter(pk=world.fed_b.pk).exists()
        assert list(Organization.objects.none()) == []  # a form field's placeholder reads nothing
        # Walking the tree from a node in hand is allowed, like a related manager.
        with pytest.raises(UnscopedQueryError):  # the whole tree is not "a node in hand"
            list(Organization.objects.get_root_nodes())
        assert Organization.objects.get_parent(world.chamber) == world.fed
        assert world.fed in list(Organization.objects.get_ancestors(world.chamber))
        assert world.chamber in list(Organization.objects.get_children(world.fed))
        assert world.chamber.federation() == world.fed
        created = Organization.objects.create_child(world.fed, name="新部门", kind=OrgKind.DEPARTMENT)
    assert Organization.objects.get_parent(created) == world.fed
    with strict_scope():
        created.delete()  # a node in hand; treebeard's numchild bookkeeping runs unguarded
    world.fed.refresh_from_db()
    assert not Organization.objects.unscoped().filter(pk=created.pk).exists()
    assert (
        world.fed.numchild
        == Organization.objects.unscoped()
        .filter(depth=world.fed.depth + 1)
        .filter(path__startswith=world.fed.path)
        .count()
    )


def test_writable_and_administered_orgs(world, superuser):
    assert set(access.writable_orgs(world.secretary)) == {world.chamber}
    assert set(access.writable_orgs(world.admin).chambers()) == {world.chamber, world.chamber2}
    assert not access.writable_orgs(world.leader).exists()
    assert set(access.administered_orgs(world.admin)) == {world.fed}
    assert set(access.administered_orgs(superuser).federations()) == {world.city, world.fed, world.fed_b}
    assert access.own_chamber_ids(world.secretary) == {world.chamber.pk}
    assert access.own_enterprise_ids(world.enterprise_user) == {world.enterprise.pk}
    assert access.is_secretary_of(world.secretary, world.chamber)
    assert not access.is_secretary_of(world.secretary, world.chamber2)
    assert access.administers_any(world.admin) and not access.administers_any(world.leader)
    assert access.is_superuser(superuser) and not access.is_superuser(world.admin)


def test_api_rights_failure_is_json_403_with_the_services_message(world, login):
    """A leader who is also a chamber's secretary reads every chamber and may request transitions, but only
    for their own chamber: the other one is a 403 with the Chinese reason, nothing written."""
    from shanglian.accounts.models import RoleAssignment
    from shanglian.chambers.models import TransitionRequest

    RoleAssignment.objects.create(user=world.leader, role=Role.CHAMBER_SECRETARY, organization=world.chamber)
    client = login(world.leader)
    body = {"to_state": "rectifying", "reason": "自查", "effective_on": "2020-06-01"}
    response = client.post(
        f"/api/v1/chambers/{world.chamber2.pk}/transition-requests",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "message": "只能为本商会（或本工商联管辖范围内商会）申请状态变更。",
    }
    assert not TransitionRequest.objects.unscoped().exists()
