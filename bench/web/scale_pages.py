"""Pages at a million enterprises, in process (Django's test client; no HTTP, no gunicorn): the p50 of N
requests to each page against the bare authenticated page (bench/web/urls.py) in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<copy of scale_1m> .venv/bin/python bench/web/scale_pages.py

Needs a federation admin in the copy: the first user is made one of the deepest federation (a copy only)."""

import os
import statistics
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.web.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-scale-only-" + "k3y-" * 16)

import django  # noqa: E402

import bench.web.settings as bench_settings  # noqa: E402

# Templates' {% static %} without a collected manifest (this script serves no static files).
bench_settings.STORAGES = {
    **bench_settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from shanglian.accounts.models import RoleAssignment, User  # noqa: E402
from shanglian.core.roles import Role  # noqa: E402
from shanglian.orgs.models import Organization, OrgKind  # noqa: E402

N = int(os.environ.get("N", "15"))


def admin():
    fed = (
        Organization.objects.unscoped()
        .filter(kind=OrgKind.FEDERATION, numchild__gt=0)
        .order_by("-depth", "path")
        .first()
    )
    user, _ = User.objects.get_or_create(username="bench_fed_admin", defaults={"name": "基准管理员"})
    RoleAssignment.objects.get_or_create(user=user, role=Role.FEDERATION_ADMIN, organization=fed)
    return user


def timed(client, url, n=N):
    client.get(url)  # warm
    times = []
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return statistics.median(times), len(ctx.captured_queries), response


def main():
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin(), backend="shanglian.accounts.backends.UserBackend")
    pages = [
        ("bare authenticated page", "/bench/bare/"),
        ("home", "/"),
        ("enterprise list page 1", "/registry/enterprises/"),
        ("enterprise list page 5,000 (page=5000)", "/registry/enterprises/?page=5000"),
        ("enterprise list last page", "/registry/enterprises/?last=1"),
        ("2-character name search", "/registry/enterprises/?q=%E5%8D%8E%E4%B8%BA"),
    ]
    base = None
    print(f"{'page':45} {'p50 ms':>8} {'ratio':>6} {'queries':>7}")
    for label, url in pages:
        ms, q, response = timed(client, url)
        base = base or ms
        extra = ""
        if "enterprises" in url:
            text = response.content.decode()
            start = text.find('id="list-total"')
            extra = text[start + 16 : text.find("</span>", start)] if start > 0 else ""
        print(f"{label:45} {ms:8.1f} {ms / base:6.1f} {q:7} {extra}", flush=True)


main()
