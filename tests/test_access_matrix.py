"""Generated access matrix: every URL of the project, every role, another tenant's objects.

It enumerates the URL patterns itself, so it grows with every view later issues add.
"""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.roles import Role
from shanglian.core.testing.matrix import Owner, known_kwargs
from shanglian.core.testing.world import MARK

SKIP_PREFIXES = ("api/", "static/", "media/")
SKIP_NAMES = {"accounts:logout", "accounts:login"}
# Pages anyone may open without logging in, each with its reason; test_public_pages_show_no_data holds them to it.
PUBLIC = {
    "ops:healthz": "负载均衡与监控的探测：只报告数据库、缓存与任务 worker 是否可用，不含业务数据",
}
WRITE_ACTIONS = [
    AuditAction.CREATE,
    AuditAction.UPDATE,
    AuditAction.DELETE,
    AuditAction.TRANSITION,
    AuditAction.IMPORT,
]


def _load_makers():
    for config in apps.get_app_configs():
        if config.name.startswith("shanglian."):
            try:
                importlib.import_module(f"{config.name}.tests.makers")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.tests.makers":
                    raise


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, route, ns)
        elif isinstance(p, URLPattern):
            yield route, f"{namespace}{p.name}" if p.name else None


def all_routes():
    routes = []
    for route, name in _walk(get_resolver().url_patterns):
        if route.startswith(SKIP_PREFIXES) or name in SKIP_NAMES or route.startswith("^"):
            continue
        routes.append((route, name))
    return routes


def kwargs_of(route):
    return re.findall(r"<(?:\w+:)?(\w+)>", route)


def fill(route, values):
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


ROUTES = all_routes()
PLAIN = [r for r in ROUTES if not kwargs_of(r[0])]
WITH_IDS = [r for r in ROUTES if kwargs_of(r[0])]
STAFF_READ_ALL = {Role.FEDERATION_ADMIN, Role.FEDERATION_LEADER}


def test_every_id_kwarg_has_a_maker():
    _load_makers()
    missing = {k for route, _ in WITH_IDS for k in kwargs_of(route)} - known_kwargs()
    assert not missing, f"register a maker in <app>/tests/makers.py for URL kwargs: {sorted(missing)}"


def _writes():
    return AuditEntry.unscoped_objects.filter(action__in=WRITE_ACTIONS).count()


@pytest.mark.parametrize("route,name", PLAIN, ids=[n or r for r, n in PLAIN])
def test_list_pages_never_show_other_tenants(world, login, route, name):
    for role, user in world.users.items():
        client = login(user)
        response = client.get("/" + route)
        assert response.status_code in (200, 302, 403, 405), (role, route, response.status_code)
        if response.status_code == 200:
            body = response.content.decode(errors="replace")  # a download (xlsx) is bytes
            assert MARK not in body or role in STAFF_READ_ALL and f"{MARK}即墨" not in body, (role, route)
        client.logout()


@pytest.mark.parametrize("route,name", WITH_IDS, ids=[n or r for r, n in WITH_IDS])
def test_object_pages_refuse_other_tenants(world, login, route, name):
    _load_makers()
    other_tenant = Owner(world.fed_b, world.chamber_b, world.enterprise_b)
    other_chamber = Owner(world.fed, world.chamber2, world.enterprise2)
    cases = [(other_tenant, set())]  # nobody of federation A may reach federation B's objects
    cases.append((other_chamber, STAFF_READ_ALL))  # the federation's own staff may reach chamber A2's
    for owner, allowed_roles in cases:
        url = fill(route, {k: owner.get(k).pk for k in kwargs_of(route)})
        for role, user in world.users.items():
            if role in allowed_roles:
                continue
            client = login(user)
            before = _writes()
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code in (403, 404, 405), (role, method, url, response.status_code)
                assert MARK not in response.content.decode(), (role, method, url)
            assert _writes() == before, (role, url, "a refused request wrote something")
            client.logout()


@pytest.mark.parametrize("route,name", ROUTES, ids=[n or r for r, n in ROUTES])
def test_anonymous_is_sent_to_login(world, client, route, name):
    if name in PUBLIC:
        pytest.skip(PUBLIC[name])
    _load_makers()
    owner = Owner(world.fed, world.chamber, world.enterprise)
    url = fill(route, {k: owner.get(k).pk for k in kwargs_of(route)})
    before = _writes()
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in (302, 405), (method, url, response.status_code)
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
    assert _writes() == before


def test_public_pages_show_no_data(world, client):
    names = {n for _, n in ROUTES}
    assert set(PUBLIC) <= names, "a public page that no longer exists"
    for route, name in ROUTES:
        if name in PUBLIC:
            before = _writes()
            response = client.get("/" + route)
            assert response.status_code in (200, 503), (route, response.status_code)
            body = response.content.decode()
            assert MARK not in body and world.enterprise.name not in body, route
            assert _writes() == before
