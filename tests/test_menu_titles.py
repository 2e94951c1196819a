"""Every menu entry's page is titled as the menu names it, and its breadcrumb ends with that label
(issue 19): walked over the whole menu registry, as each role that holds the entry's right."""

import re
from html import unescape

import pytest
from django.urls import NoReverseMatch, reverse

from shanglian.core import menu
from shanglian.core.roles import has_capability

pytestmark = pytest.mark.django_db


def _text(pattern, html):
    found = re.search(pattern, html, re.S)
    return re.sub(r"<[^>]+>|\s+", "", unescape(found.group(1))) if found else None


def _entries():
    return sorted({(i.group, i.label, i.url_name, i.capability) for i in menu._ITEMS})


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: e[2])
def test_menu_entry_page_title_and_breadcrumb(world, login, entry):
    group, label, url_name, capability = entry
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        pytest.skip("needs arguments")
    users = [u for u in world.users.values() if has_capability(u, capability)]
    if not users:
        pytest.skip(f"no role of the test world holds {capability}")
    response = login(users[0]).get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    assert _text(r'<h2 class="page-title">(.*?)</h2>', html) == label, url
    assert _text(r"<title>(.*?)·", html) == label, url
    crumbs = re.findall(r'<li class="breadcrumb-item[^"]*"[^>]*>(.*?)</li>', html, re.S)
    assert crumbs and _text("(.*)", crumbs[-1]) == label, url
    group_label = dict((k, v) for k, v, _ in menu.GROUPS)[group]
    assert _text("(.*)", crumbs[0]) == group_label, url
