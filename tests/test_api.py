"""The API has the same data scope and rights as the pages, for session and token clients alike."""

import pytest
from django.test import Client

from shanglian.accounts.services import issue_api_token
from shanglian.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def _bearer(user):
    _, raw = issue_api_token(actor=user, name="测试")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_token_client_sees_same_scope_as_pages(world):
    client = _bearer(world.secretary)
    names = {e["name"] for e in client.get("/api/v1/registry/enterprises").json()}
    assert names == {world.enterprise.name}
    assert client.get(f"/api/v1/registry/enterprises/{world.enterprise2.pk}").status_code == 404
    assert client.get(f"/api/v1/registry/enterprises/{world.enterprise_b.pk}").json() == {
        "code": "not_found",
        "message": "对象不存在或不在您的数据范围内",
    }
    me = client.get("/api/v1/accounts/me").json()
    assert me["username"] == "sec_a" and me["roles"][0]["role_label"] == "商会秘书处"
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.CREATE, object_type="accounts.apitoken"
    ).exists()


def test_session_client_and_admin_scope(world, login):
    client = login(world.admin)
    names = {e["name"] for e in client.get("/api/v1/registry/enterprises").json()}
    assert names == {world.enterprise.name, world.enterprise2.name}
    orgs = {o["name"] for o in client.get("/api/v1/orgs/").json()}
    assert "城阳街道商会" in orgs and not any("即墨" in n for n in orgs)


def test_anonymous_and_bad_tokens_get_json_401(world):
    for client in (Client(), Client(HTTP_AUTHORIZATION="Bearer sl_wrong")):
        response = client.get("/api/v1/registry/enterprises")
        assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


def test_revoked_token_stops_working(world):
    from shanglian.accounts.services import revoke_api_token

    token, raw = issue_api_token(actor=world.admin)
    revoke_api_token(actor=world.admin, token=token)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/accounts/me").status_code == 401


def test_weak_role_and_bad_input(world):
    liaison = _bearer(world.liaison)
    response = liaison.get("/api/v1/registry/enterprises")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    admin = _bearer(world.admin)
    bad = admin.get("/api/v1/registry/enterprises/not-a-number")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_input"
    assert admin.get("/api/v1/registry/enterprises?limit=abc").status_code == 422


def test_docs_are_served(world, login):
    response = Client().get("/api/docs")
    assert response.status_code == 302 and response["Location"] == "/api/v1/docs"
    assert login(world.admin).get("/api/v1/openapi.json").json()["info"]["title"] == "商联 API"


def test_unexpected_error_is_json_500(world, login, monkeypatch):
    from shanglian.accounts import api as accounts_api

    class Broken:
        @property
        def choices(self):
            raise RuntimeError("boom")

    monkeypatch.setattr(accounts_api, "Role", Broken())
    client = login(world.admin)
    client.raise_request_exception = False
    response = client.get("/api/v1/accounts/me")
    assert response.status_code == 500
    assert response.json() == {"code": "server_error", "message": "系统繁忙，请稍后再试"}
