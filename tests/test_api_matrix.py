"""Generated access matrix of the API: every operation of `/api/v1` (read from its OpenAPI schema, so it grows
with every router), with every role, against another tenant's objects — as tests/test_access_matrix.py does
for the pages. The apps' own API tests check each action's rights with valid bodies; this one makes sure
no operation is left out: anonymous is a JSON 401, an object of another federation or (for anyone but the
federation's staff) another chamber is a 403/404 for reads and writes alike, shows nothing and writes nothing.
"""

import re

import pytest
from django.test import Client

from config.api import api
from shanglian.accounts.services import issue_api_token
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.roles import Role
from shanglian.core.testing.matrix import Owner, known_kwargs
from shanglian.core.testing.world import MARK
from tests.test_access_matrix import _load_makers

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"
# Path parameters that name no object: a fixed value stands in.
PLAIN_PARAMS = {"year": "2024", "key": "registry.enterprises", "action": "accept"}
# API parameters named more shortly than the pages' kwarg for the same object.
ALIASES = {"round_id": "signoffround_id", "project_id": "investmentproject_id"}
STAFF_READ_ALL = {Role.FEDERATION_ADMIN, Role.FEDERATION_LEADER}
WRITE_ACTIONS = [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.TRANSITION]


def _operations():
    schema = api.get_openapi_schema()
    ops = []
    for path, methods in schema["paths"].items():
        for method in methods:
            ops.append((method.upper(), path))
    return sorted(ops)


OPERATIONS = _operations()
WITH_IDS = [op for op in OPERATIONS if set(re.findall(r"{(\w+)}", op[1])) - set(PLAIN_PARAMS)]


def _params(path):
    return re.findall(r"{(\w+)}", path)


def _url(path, owner):
    values = {
        p: PLAIN_PARAMS[p] if p in PLAIN_PARAMS else owner.get(ALIASES.get(p, p)).pk for p in _params(path)
    }
    return path.format(**values)


def _call(client, method, url):
    if method == "GET":
        return client.get(url)
    return getattr(client, method.lower())(url, data="{}", content_type="application/json")


def _writes():
    return AuditEntry.unscoped_objects.filter(action__in=WRITE_ACTIONS).count()


def test_the_schema_lists_operations():
    assert len(OPERATIONS) > 40 and WITH_IDS


def test_file_downloads_are_in_the_matrix():
    """Attachments reach token clients through the API (shanglian/attachments/api.py): the scope checks below
    hold for them as for any object."""
    assert ("GET", f"{PREFIX}/files/{{attachment_id}}") in WITH_IDS


def test_every_object_parameter_has_a_maker():
    _load_makers()
    missing = {ALIASES.get(p, p) for _, path in WITH_IDS for p in _params(path) if p not in PLAIN_PARAMS}
    missing -= known_kwargs()
    assert not missing, (
        f"register a maker in <app>/tests/makers.py for API path parameters: {sorted(missing)}"
    )


@pytest.mark.parametrize("method,path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_anonymous_gets_a_json_401(world, method, path):
    _load_makers()
    url = _url(path, Owner(world.fed, world.chamber, world.enterprise))
    before = _writes()
    response = _call(Client(), method, url)
    assert response.status_code == 401, (method, url, response.status_code)
    assert response.json()["code"] == "unauthenticated"
    assert _writes() == before


@pytest.mark.parametrize("method,path", WITH_IDS, ids=[f"{m} {p}" for m, p in WITH_IDS])
def test_other_tenants_objects_are_refused(world, method, path):
    _load_makers()
    other_tenant = Owner(world.fed_b, world.chamber_b, world.enterprise_b)
    other_chamber = Owner(world.fed, world.chamber2, world.enterprise2)
    for owner, allowed_roles in ((other_tenant, set()), (other_chamber, STAFF_READ_ALL)):
        url = _url(path, owner)
        for role, user in world.users.items():
            if role in allowed_roles:
                continue
            _, raw = issue_api_token(actor=user, name="矩阵")
            before = _writes()
            response = _call(Client(HTTP_AUTHORIZATION=f"Bearer {raw}"), method, url)
            refused = (403, 404) if method == "GET" else (403, 404, 405, 422)
            assert response.status_code in refused, (role, method, url, response.status_code)
            assert MARK not in response.content.decode(), (role, method, url)
            assert _writes() == before, (role, method, url, "a refused request wrote something")
