"""A short schemathesis run against the API (issue 11, "Also"): every role, by session and by token,
valid and invalid inputs generated from the OpenAPI schema; not one answer may be a 5xx.

The requests go through Django's WSGI application in-process (schemathesis' WSGI transport), inside
the test's transaction, so it runs in `make test` and on PostgreSQL in .ci/run without a live server.
The long run (thousands of requests) belongs to the production issue; SCHEMATHESIS_EXAMPLES raises
this one's size locally.
"""

import os
from collections import Counter
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings

from config.api import api
from shanglian.accounts.services import issue_api_token

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))  # per operation, mode, role and auth
ROLES = ["admin", "leader", "secretary", "enterprise_user", "liaison"]
TOTALS: Counter = Counter()


@contextmanager
def _wsgi_app():
    # What Django's test client does too: a request must not close the connection holding the test's
    # transaction (close_old_connections runs at the start and end of every real request). Entered
    # after any test-client request, which reconnects the handler when it finishes.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _headers(user, auth):
    if auth == "token":
        _, raw = issue_api_token(actor=user, name="schemathesis")
        return {"Authorization": f"Bearer {raw}"}, {}
    client = Client()
    client.force_login(user, backend="shanglian.accounts.backends.UserBackend")
    client.get("/")  # sets the csrftoken cookie, as a browser's first page does
    session, csrf = client.cookies["sessionid"].value, client.cookies["csrftoken"].value
    return {"X-CSRFToken": csrf}, {"sessionid": session, "csrftoken": csrf}


def _run(operation, mode, *, app, headers, cookies, seen, server_errors):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same requests every run: a gate, not a lottery
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def fire(case):
        if case.headers and "Authorization" not in headers:
            # schemathesis fills in the Bearer scheme too; a session run is the browser's, without it
            case.headers.pop("Authorization", None)
        response = case.call(app=app, headers=headers, cookies=cookies)
        seen[response.status_code] += 1
        if response.status_code >= 500:
            server_errors.append(f"{response.status_code} {case.as_curl_command()}")
        elif response.status_code == 403 and b"csrf_failed" in response.content:
            seen["csrf_failed"] += 1

    fire()


@pytest.mark.parametrize("auth", ["session", "token"])
@pytest.mark.parametrize("role", ROLES)
def test_api_answers_no_5xx(world, role, auth):
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    headers, cookies = _headers(getattr(world, role), auth)
    seen: Counter = Counter()
    server_errors: list[str] = []
    with _wsgi_app() as app:
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
                _run(
                    operation,
                    mode,
                    app=app,
                    headers=headers,
                    cookies=cookies,
                    seen=seen,
                    server_errors=server_errors,
                )
    total = sum(n for status, n in seen.items() if isinstance(status, int))
    TOTALS.update(seen)
    print(f"\nschemathesis {role}/{auth}: {total} requests, by status {dict(seen)}")
    assert total >= 100, seen  # the run really ran
    assert not server_errors, "\n".join(server_errors[:10])
    # The writes were judged on their merits, never refused by CSRF (a 401 here answers a Bearer
    # header schemathesis made up, which is the token's alone even beside a session).
    assert seen["csrf_failed"] == 0, seen
