"""No page shows a user a link they cannot follow (issue 11, defect 11).

Per role of the two-tenant `world`: every page of the access matrix (list pages, and object pages of
objects in the role's own federation) is fetched; every internal `<a href>` it shows is followed with
GET. A link answering 403 is an action the page should have hidden (`core.access` flags in the view).
"""

from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

from shanglian.core.testing.matrix import Owner
from tests.test_access_matrix import PLAIN, WITH_IDS, _load_makers, fill, kwargs_of

SKIP_PATH_PARTS = ("/accounts/logout", "/api/", "/static/", "/media/", "/files/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.hrefs.append(href.split("#")[0])


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _pages(world):
    _load_makers()
    owner = Owner(world.fed, world.chamber, world.enterprise, department=world.department)
    pages = ["/" + route for route, _ in PLAIN]
    for route, _ in WITH_IDS:
        try:
            pages.append(fill(route, {k: owner.get(k).pk for k in kwargs_of(route)}))
        except LookupError:
            continue
    return pages


def test_no_page_links_to_a_403(world, client):
    pages = _pages(world)
    dead = defaultdict(set)  # role -> {(page, href)}
    client.raise_request_exception = False  # other tests own 5xx; this one is about 403s
    for role, user in world.users.items():
        client.force_login(user, backend="shanglian.accounts.backends.UserBackend")
        status: dict[str, int] = {}
        for page in pages:
            response = client.get(page)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for href in set(_links(response.content.decode())):
                path = urlsplit(href).path
                if any(part in path for part in SKIP_PATH_PARTS):
                    continue
                if href not in status:
                    status[href] = client.get(href).status_code
                if status[href] == 403:
                    dead[role].add((page, href))
        client.logout()
    report = {role: sorted(links) for role, links in dead.items()}
    assert not report, f"links that answer 403 (hide them): {report}"
