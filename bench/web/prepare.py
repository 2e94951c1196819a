"""Run inside the benchmark's settings: print JSON {sessions: {login: cookie}, pages: [[login, url], ...]}.

Sessions are written straight into the session store (as a login would), so the load generator needs no
login round trip; pages are each demo login's home, the first page of every list in its menu, the detail
pages of the first row of the main lists, and the API lists."""

import json
import os
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.web.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.urls import reverse  # noqa: E402

from shanglian.accounts.models import User  # noqa: E402
from shanglian.core.menu import menu_for  # noqa: E402

LOGINS = ["fed_admin", "fed_leader", "sec_chengyang", "ent_demo", "liaison_tax"]


def session_for(user):
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "shanglian.accounts.backends.UserBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s["_last_seen"] = int(time.time())
    s.create()
    return s.session_key


def first_pk(label, **filters):
    from django.apps import apps

    model = apps.get_model(label)
    manager = getattr(model, "unscoped_objects", None) or model.objects
    qs = manager.filter(**filters)
    if hasattr(qs, "unscoped"):
        qs = qs.unscoped()
    return qs.order_by("pk").values_list("pk", flat=True).first()


def details():
    out = []
    specs = [
        ("registry:enterprise_detail", "enterprise_id", "registry.Enterprise", {}),
        ("registry:person_detail", "person_id", "registry.Person", {}),
        ("chambers:chamber_detail", "chamber_id", "orgs.Organization", {"kind": "chamber"}),
        ("governance:meeting_detail", "meeting_id", "governance.Meeting", {}),
        ("party:org_detail", "partyorganization_id", "party.PartyOrganization", {}),
    ]
    for name, kwarg, label, filters in specs:
        try:
            pk = first_pk(label, **filters)
            if pk is not None:
                out.append(reverse(name, kwargs={kwarg: pk}))
        except Exception as exc:  # a page renamed since: say so, measure the rest
            print(f"skip {name}: {exc}", file=sys.stderr)
    return out


def main():
    sessions, pages = {}, []
    for login in LOGINS:
        user = User.objects.get(username=login)
        sessions[login] = session_for(user)
        pages.append([login, "/"])
        for group in menu_for(user):
            for item in group["items"]:
                if not item["url"].startswith(("/accounts/logout", "/api/")):
                    pages.append([login, item["url"]])
    pages += [["fed_admin", url] for url in details()]
    pages += [
        ["fed_admin", url]
        for url in ("/api/v1/registry/enterprises", "/api/v1/registry/people", "/api/v1/orgs/")
    ]
    pages.append(["fed_admin", "/bench/bare/"])
    print(json.dumps({"sessions": sessions, "pages": pages}, ensure_ascii=False))


main()
