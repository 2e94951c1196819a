"""Issue 11: Bearer writes without CSRF (defect 2), hostile numbers/text/paging through the API (defect 6),
the docs served without a CDN (defect 10). Every answer keeps the {code, message} format."""

import pytest
from django.test import Client

from shanglian.accounts.services import issue_api_token
from shanglian.audit.models import AuditEntry
from shanglian.registry.models import Enterprise

pytestmark = pytest.mark.django_db

ENTERPRISE = "/api/v1/registry/enterprises"


def _bearer(user):
    _, raw = issue_api_token(actor=user, name="测试")
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")


def _session(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="shanglian.accounts.backends.UserBackend")
    return client


def _is_error(response, status, code=None):
    body = response.json()
    assert response.status_code == status, (response.status_code, body)
    assert set(body) >= {"code", "message"} and "detail" not in body, body
    if code:
        assert body["code"] == code, body
    return body


# ---------------------------------------------------------------- defect 2: Bearer writes


def test_token_writes_pass_with_csrf_enforced(world):
    client = _bearer(world.admin)
    url = f"{ENTERPRISE}/{world.enterprise.pk}"
    response = client.patch(url, {"legal_representative": "令牌改"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert Enterprise.objects.get(pk=world.enterprise.pk).legal_representative == "令牌改"
    assert AuditEntry.unscoped_objects.filter(object_id=str(world.enterprise.pk)).exists()
    put = client.put(f"{url}/figures/2024", {"revenue": "1000.50"}, content_type="application/json")
    assert put.status_code == 200, put.content
    post = client.post(
        ENTERPRISE,
        {"name": "令牌新建有限公司", "credit_code": "91370214MA3C5JQ123"},
        content_type="application/json",
    )
    assert post.status_code in (201, 400), post.content  # the service may refuse the code; never CSRF
    assert "CSRF" not in post.content.decode()


def test_session_writes_keep_csrf(world):
    client = _session(world.admin)
    url = f"{ENTERPRISE}/{world.enterprise.pk}"
    refused = client.patch(url, {"legal_representative": "跨站"}, content_type="application/json")
    assert _is_error(refused, 403, "csrf_failed")["message"].startswith("CSRF")
    assert Enterprise.objects.get(pk=world.enterprise.pk).legal_representative != "跨站"
    client.get("/")  # the page sets the csrftoken cookie, as in a browser
    token = client.cookies["csrftoken"].value
    ok = client.patch(
        url, {"legal_representative": "会话改"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert ok.status_code == 200, ok.content


def test_bad_token_never_falls_back_to_the_session(world):
    client = _session(world.admin)
    client.defaults["HTTP_AUTHORIZATION"] = "Bearer sl_wrong"
    response = client.patch(
        f"{ENTERPRISE}/{world.enterprise.pk}", {"phone": "13800138000"}, content_type="application/json"
    )
    _is_error(response, 401, "unauthenticated")


def test_token_of_weak_role_and_anonymous(world):
    response = _bearer(world.liaison).patch(
        f"{ENTERPRISE}/{world.enterprise.pk}", {"phone": "13800138000"}, content_type="application/json"
    )
    _is_error(response, 403, "forbidden")
    anonymous = Client(enforce_csrf_checks=True).post(ENTERPRISE, {}, content_type="application/json")
    _is_error(anonymous, 401, "unauthenticated")
    other = _bearer(world.admin).patch(
        f"{ENTERPRISE}/{world.enterprise_b.pk}", {"phone": "13800138000"}, content_type="application/json"
    )
    _is_error(other, 404, "not_found")


# ---------------------------------------------------------------- defect 6: hostile input


@pytest.mark.parametrize(
    "payload",
    [
        {"employees": 8361555697},
        {"employees": 99999999999999999999},
        {"employees": -1},
        {"name": "名" * 600},
        {"name": "名" * 5000},
        {"name": "a\x00b"},
        {"legal_representative": "\x00"},
        {"tags": ["high_tech\x00"]},
    ],
)
def test_hostile_enterprise_payloads_are_chinese_422(world, payload):
    before = Enterprise.objects.get(pk=world.enterprise.pk)
    response = _bearer(world.admin).patch(
        f"{ENTERPRISE}/{world.enterprise.pk}", payload, content_type="application/json"
    )
    if "\\x00" in repr(payload):  # refused by the API's parser before any schema, with the reason
        assert "空字符" in _is_error(response, 400, "invalid")["message"]
    else:
        field = next(iter(payload))
        assert _is_error(response, 422, "invalid_input")["message"] == f"输入不合法：{field}"
    after = Enterprise.objects.get(pk=world.enterprise.pk)
    assert (after.name, after.employees, after.legal_representative) == (
        before.name,
        before.employees,
        before.legal_representative,
    )


@pytest.mark.parametrize(
    "payload",
    [
        {"revenue": "1e30"},
        {"revenue": 1e30},
        {"tax": "NaN"},
        {"rd_spend": "Infinity"},
        {"revenue": "12345678901234567.5"},
        {"revenue": "1.005"},
    ],
)
def test_hostile_amounts_are_422(world, payload):
    response = _bearer(world.admin).put(
        f"{ENTERPRISE}/{world.enterprise.pk}/figures/2024", payload, content_type="application/json"
    )
    _is_error(response, 422, "invalid_input")


@pytest.mark.parametrize("year", ["99999999999999999999", "70000", "0"])
def test_year_out_of_column_is_422(world, year):
    response = _bearer(world.admin).put(
        f"{ENTERPRISE}/{world.enterprise.pk}/figures/{year}", {}, content_type="application/json"
    )
    _is_error(response, 422, "invalid_input")


@pytest.mark.parametrize(
    "query",
    [
        "offset=9223372036854775808",
        "offset=-1",
        "limit=0",
        "limit=99999999999999999999",
        "chamber_id=99999999999999999999",
        "q=" + "长" * 600,
        "tier=x",
        "sort=x",
        "scale=x",
    ],
)
def test_hostile_list_parameters(world, query):
    response = _bearer(world.admin).get(f"{ENTERPRISE}?{query}")
    assert response.status_code in (400, 422), (query, response.status_code, response.content)
    _is_error(response, response.status_code)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/registry/people?offset=9223372036854775808",
        "/api/v1/registry/applications?offset=9223372036854775808",
        "/api/v1/governance/terms?offset=9223372036854775808",
        "/api/v1/governance/meetings?offset=9223372036854775808",
        f"{ENTERPRISE}/99999999999999999999",
        "/api/v1/registry/people?q=a%00b",
        f"{ENTERPRISE}?q=a%00b",
    ],
)
def test_hostile_parameters_elsewhere(world, url):
    response = _bearer(world.admin).get(url)
    assert response.status_code in (400, 404, 422), (url, response.status_code, response.content)
    _is_error(response, response.status_code)


def test_nul_in_query_is_400_chinese(world):
    response = _bearer(world.admin).get(f"{ENTERPRISE}?q=a%00b")
    assert "空字符" in _is_error(response, 400, "invalid")["message"]


def test_unparseable_body_is_400_in_our_format(world):
    response = _bearer(world.admin).patch(
        f"{ENTERPRISE}/{world.enterprise.pk}", "{not json", content_type="application/json"
    )
    _is_error(response, 400, "invalid")


def test_valid_paging_still_works(world):
    client = _bearer(world.admin)
    assert client.get(f"{ENTERPRISE}?limit=200&offset=0").status_code == 200
    assert client.get(f"{ENTERPRISE}?offset=1000000").json() == []


# ---------------------------------------------------------------- defect 10: docs without a CDN


def test_docs_are_served_from_the_project(world, login):
    response = login(world.admin).get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "cdn" not in html.lower() and "https://" not in html
    assert "/static/vendor/swagger-ui/swagger-ui-bundle" in html
    assert "/static/vendor/swagger-ui/swagger-ui.css" in html
    from django.contrib.staticfiles import finders

    for asset in (
        "vendor/swagger-ui/swagger-ui-bundle.js",
        "vendor/swagger-ui/swagger-ui.css",
        "js/api-docs.js",
    ):
        assert finders.find(asset), asset  # npm's swagger-ui-dist and our init script are really served


def test_schema_and_docs_need_a_login(world, login):
    assert Client().get("/api/v1/openapi.json").status_code in (302, 401)
    assert Client().get("/api/v1/docs").status_code == 302
    schema = login(world.leader).get("/api/v1/openapi.json")
    assert schema.status_code == 200 and schema.json()["info"]["title"] == "商联 API"


# ---------------------------------------------------------------- every API input carries a limit


def _unbounded(schema, components, where):
    """The places in an input schema where a number has no maximum or a text no length/enum."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    found = []
    options = schema.get("anyOf", [])
    decimal = any(o.get("type") == "number" and "maximum" in o for o in options)
    for option in options:
        if not (decimal and option.get("type") == "string"):  # a Decimal: a bounded number, or its text
            found += _unbounded(option, components, where)
    kind = schema.get("type")
    if kind == "object":
        for name, prop in schema.get("properties", {}).items():
            found += _unbounded(prop, components, f"{where}.{name}")
    elif kind == "array":
        if "maxItems" not in schema:
            found.append(f"{where} (array without maxItems)")
        found += _unbounded(schema.get("items", {}), components, f"{where}[]")
    elif kind == "integer" and "maximum" not in schema:
        found.append(f"{where} (integer without maximum)")
    elif kind == "number" and "maximum" not in schema and "anyOf" not in schema:
        found.append(f"{where} (number without maximum)")
    elif kind == "string" and not ({"maxLength", "enum", "format", "pattern"} & set(schema)):
        found.append(f"{where} (string without maxLength)")
    return found


def test_every_api_input_is_bounded():
    """New routers inherit the rule: type inputs with shanglian.core.validation, not a bare int/str."""
    from config.api import api

    spec = api.get_openapi_schema()
    components = spec.get("components", {}).get("schemas", {})
    found = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                found += _unbounded(parameter["schema"], components, f"{method} {path} {parameter['name']}")
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                found += _unbounded(body["schema"], components, f"{method} {path} body")
    assert not found, "\n".join(found)
