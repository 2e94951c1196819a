"""Every page costs at most 10 queries (issue 13), for every role of the test world.

It enumerates the URL patterns itself (as the access matrix does), so every page a later app adds is
checked without anyone writing a test for it: each page without an id, and each page with ids filled by
the access-matrix makers with objects of the role's own chamber, GET as each role. Pages the role may not
see (403/404/redirect) are not counted; a page that answers 200 must stay within the budget.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shanglian.core.testing.matrix import Owner
from tests.test_access_matrix import ROUTES, _load_makers, fill, kwargs_of

BUDGET = 10

# Pages allowed more queries (their count today, as measured). This list only shrinks: fix the page, then
# take it off or lower its number.
EXCEPTIONS: dict[str, int] = {}


def _cost(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, ctx.captured_queries


@pytest.mark.parametrize("route,name", ROUTES, ids=[n or r for r, n in ROUTES])
def test_every_page_within_query_budget(world, login, route, name):
    _load_makers()
    owner = Owner(world.fed, world.chamber, world.enterprise)
    try:
        url = fill(route, {k: owner.get(k).pk for k in kwargs_of(route)})
    except LookupError:
        pytest.fail(f"no maker for {route}")
    budget = EXCEPTIONS.get(name or route, BUDGET)
    over = []
    for role, user in world.users.items():
        client = login(user)
        # Warm per-process caches (content types, the user's cached to-do list: core/todos.py), as a running
        # server has them; the home page's first view after a write still runs every to-do provider.
        client.get(url)
        response, queries = _cost(client, url)
        if response.status_code == 200 and len(queries) > budget:
            sqls = "\n    ".join(q["sql"][:200] for q in queries)
            over.append(f"{role}: {len(queries)} queries on {url}\n    {sqls}")
        client.logout()
    assert not over, "\n".join(over)


def test_exceptions_are_real():
    """An exception for a page that no longer exists is dead weight: the list only names real pages."""
    names = {n or r for r, n in ROUTES}
    assert set(EXCEPTIONS) <= names, set(EXCEPTIONS) - names
    assert all(count > BUDGET for count in EXCEPTIONS.values())
