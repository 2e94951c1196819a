"""Crawl the demo site as each demo login, like a new user clicking every link.

Per role: breadth-first from `/` over internal `<a href>` links (bounded), asserting no 5xx, Chinese pages
only (no English Django defaults), no other chamber's private rows for a secretary / enterprise user, and that
every form page (`.../new/`, `.../edit/`) posted empty answers with a Chinese error (nothing written) or a
redirect/403/404/405 — never a 500.
"""

import re
import time
import traceback
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.test import Client

from shanglian.accounts.models import User
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.registry.models import Enterprise, Membership

MAX_PAGES = 150  # per role
MAX_PER_SHAPE = 3  # pages per URL shape (digits and query values folded), so the budget covers many views
SKIP_PATH_PARTS = ("/accounts/logout", "/api/", "/static/", "/media/", "/admin/")
SKIP_QUERY_KEYS = {"export", "format", "download"}
WRITE_ACTIONS = [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.TRANSITION]

# English text Django (or a template) shows when a string was not translated / a value not formatted.
ENGLISH = [
    "This field is required",
    "Enter a valid",
    "Select a valid choice",
    "Ensure this value",
    "already exists",
    "Page not found",
    "Server Error",
    "Forbidden",
    "Not Found",
    "Previous",
    "Next",
    "Currently:",
    "Change:",
    "Clear",
    "a.m.",
    "p.m.",
    "midnight",
]
ENGLISH_RE = re.compile(
    "|".join(re.escape(s) for s in ENGLISH)
    + r"|>\s*(None|True|False|Yes|No|Unknown)\s*<"
    + r"|\b(January|February|March|April|June|July|August|September|October|November|December)\b"
    + r"|\b(Jan|Feb|Mar|Apr|Aug|Sept|Oct|Nov|Dec)\. \d"
    + r"|>\s*-{9}\s*<"  # a ModelChoiceField's default empty label
)
# Widgets rendered in the wrong container: options outside a select, a checkbox group inside one label.
BROKEN_WIDGET_RE = re.compile(r"<label[^>]*>\s*<option|<label class=\"form-check\">\s*<div")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")

ROLES = ["fed_admin", "fed_leader", "sec_chengyang", "sec_xiazhuang", "ent_demo", "liaison_tax"]
# role -> (its chamber, another chamber whose members-only-there it must never see)
RESTRICTED = {
    "sec_chengyang": ("城阳街道商会", "夏庄街道商会"),
    "ent_demo": ("城阳街道商会", "夏庄街道商会"),
    "sec_xiazhuang": ("夏庄街道商会", "城阳街道商会"),
}
MIN_PAGES = {"liaison_tax": 3}  # the liaison's own modules (诉求/涉企案件) are not built yet


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.text = []
        self.post_fields = {}  # what a browser sends for an untouched-then-cleared POST form
        self._skip = 0
        self._in_post_form = False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attrs = dict(attrs)
        if tag == "form":
            self._in_post_form = (attrs.get("method") or "").lower() == "post"
        if self._in_post_form and tag in ("input", "select", "textarea") and attrs.get("name"):
            kind = (attrs.get("type") or "").lower()
            if kind == "hidden":
                self.post_fields[attrs["name"]] = attrs.get("value") or ""
            elif kind not in ("checkbox", "radio", "submit", "button", "file"):
                self.post_fields.setdefault(attrs["name"], "")
        if tag == "a":
            href = attrs.get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "form":
            self._in_post_form = False

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(html):
    p = _Page()
    p.feed(html)
    return p.links, " ".join(p.text), p.post_fields


def normalize(href, base_path):
    if href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    parts = urlsplit(href)
    if (parts.scheme or parts.netloc) and parts.netloc not in ("testserver", ""):
        return None
    path = parts.path or base_path
    if not path.startswith("/"):
        path = base_path.rsplit("/", 1)[0] + "/" + path
    if any(s in path for s in SKIP_PATH_PARTS):
        return None
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(k in SKIP_QUERY_KEYS for k, _ in query) or path.endswith((".xlsx", ".csv", ".pdf", ".zip")):
        return None
    return path + ("?" + urlencode(sorted(query)) if query else "")


def shape(url):
    parts = urlsplit(url)
    keys = ",".join(sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    return re.sub(r"\d+", "N", parts.path) + "?" + keys


def is_form_page(url):
    path = urlsplit(url).path
    return path.endswith(("/new/", "/edit/"))


def private_markers(chamber_name, other_name):
    """Names of `other_name`'s member enterprises that are not members of `chamber_name` (a chamber's
    members are private to it and the federation)."""
    inside = set(
        Membership.unscoped_objects.filter(chamber__name=chamber_name).values_list("enterprise_id", flat=True)
    )
    names = (
        Enterprise.unscoped_objects.exclude(pk__in=inside)
        .filter(memberships__chamber__name=other_name)
        .values_list("name", flat=True)
        .distinct()
    )
    return sorted(names)


def write_count():
    return AuditEntry.unscoped_objects.filter(action__in=WRITE_ACTIONS).count()


@pytest.mark.usefixtures("demo_db")  # the demo as `make run` loads it, once per run
@pytest.mark.parametrize("username", ROLES)
def test_demo_crawl(username):
    user = User.objects.get(username=username)
    client = Client(raise_request_exception=True)
    client.force_login(user, backend="shanglian.accounts.backends.UserBackend")
    markers = private_markers(*RESTRICTED[username]) if username in RESTRICTED else []
    if username in RESTRICTED:
        assert markers, "the demo must have another chamber's members to check scope with"

    problems = []
    seen = {"/"}
    shapes = Counter()
    queue = deque(["/"])
    visited = 0
    forms = {}  # url -> the fields its POST form sends, cleared
    linked_from = {}  # url -> the page whose <a href> showed it
    started = time.monotonic()

    def get(url, referer):
        try:
            return client.get(url)
        except Exception as exc:  # a 500 in production
            tb = traceback.format_exception(exc)[-1].strip()
            problems.append(f"GET {url} (from {referer}) raised {tb}")
            return None

    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        visited += 1
        response = get(url, "")
        if response is None:
            continue
        if response.status_code >= 500:
            problems.append(f"GET {url} -> {response.status_code}")
            continue
        if response.status_code == 403 and url in linked_from:  # issue 11: hide what cannot be followed
            problems.append(f"GET {url} (a link on {linked_from[url]}) -> 403")
            continue
        if response.status_code in (301, 302):
            target = normalize(response["Location"], urlsplit(url).path)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        links, text, post_fields = parse(html)
        problems.extend(f"GET {url}: English text {m.group(0)!r}" for m in ENGLISH_RE.finditer(html))
        problems.extend(f"GET {url}: broken widget {m.group(0)!r}" for m in BROKEN_WIDGET_RE.finditer(html))
        if not CJK_RE.search(text):
            problems.append(f"GET {url}: no Chinese text on the page")
        problems.extend(
            f"GET {url}: shows another chamber's member {name}" for name in markers if name in html
        )
        if is_form_page(url) and response.status_code == 200:
            forms[url] = post_fields
        for href in links:
            target = normalize(href, urlsplit(url).path)
            if not target or target in seen:
                continue
            seen.add(target)
            linked_from[target] = url
            if shapes[shape(target)] >= MAX_PER_SHAPE:
                continue
            shapes[shape(target)] += 1
            queue.append(target)

    for url in sorted(forms):
        before = write_count()
        try:
            response = client.post(url, forms[url])
        except Exception as exc:
            problems.append(f"POST {url} (empty) raised {traceback.format_exception(exc)[-1].strip()}")
            continue
        if response.status_code == 200:
            html = response.content.decode()
            if write_count() != before:
                problems.append(f"POST {url} (empty): 200 but an audited write happened")
            if not re.search(r"errorlist|alert-danger|invalid-feedback", html):
                problems.append(f"POST {url} (empty): 200 without an error message")
            problems.extend(f"POST {url}: English text {m.group(0)!r}" for m in ENGLISH_RE.finditer(html))
        elif response.status_code not in (301, 302, 403, 404, 405):
            problems.append(f"POST {url} (empty) -> {response.status_code}")

    elapsed = time.monotonic() - started
    print(f"{username}: {visited} pages, {len(forms)} forms posted, {elapsed:.1f}s")
    assert visited >= MIN_PAGES.get(username, 10), f"{username} reached only {visited} pages"
    assert not problems, "\n".join(sorted(set(problems)))


@pytest.mark.usefixtures("demo_db")
def test_anonymous_new_user_sees_a_chinese_login_and_error(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain and "/accounts/login/" in response.redirect_chain[-1][0]
    html = response.content.decode()
    assert CJK_RE.search(html) and not ENGLISH_RE.search(html)
    response = client.post("/accounts/login/", {"username": "fed_admin", "password": "wrong-password"})
    html = response.content.decode()
    assert response.status_code == 200
    assert not ENGLISH_RE.search(html) and "Please enter" not in html
    assert re.search(r"用户名|密码", html)
