"""Run by test_replica.py in a process of its own, against the primary and replica pg_pair.sh started
(DATABASE_URL / DATABASE_REPLICA_URL): prints one JSON line of what it saw."""

import json
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from shanglian.accounts.models import RoleAssignment, User  # noqa: E402
from shanglian.core.roles import Role  # noqa: E402
from shanglian.ops.models import Heartbeat  # noqa: E402
from shanglian.ops.routing import REPLICA, replica_reads  # noqa: E402
from shanglian.orgs.models import Organization, OrgKind  # noqa: E402

setup_test_environment()  # the test client's host and the locmem mail, as under pytest
call_command("migrate", verbosity=0)
seen: dict[str, object] = {}
root = Organization.objects.create_root(name="副本测试区工商联", kind=OrgKind.FEDERATION)
admin = User.objects.create_user("replica_admin", password="Replica-pass-2026!")
RoleAssignment.objects.create(user=admin, role=Role.FEDERATION_ADMIN, organization=root)

# Streaming replication: the new rows reach the replica shortly.
deadline = time.monotonic() + 30
with replica_reads():
    while not Organization.objects.filter(pk=root.pk).exists():
        if time.monotonic() > deadline:
            raise SystemExit("the replica never received the primary's rows")
        time.sleep(0.2)
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        seen["replica_in_recovery"] = cursor.fetchone()[0]
    # A write inside a replica block still goes to the primary (the replica would refuse it: read-only).
    Heartbeat.objects.create(name="replica-check", at=timezone.now())
seen["written_on_primary"] = Heartbeat.objects.using("default").filter(name="replica-check").exists()
with connections["default"].cursor() as cursor:
    cursor.execute("SELECT pg_is_in_recovery()")
    seen["primary_in_recovery"] = cursor.fetchone()[0]

time.sleep(1)
client = Client()
client.force_login(User.objects.get(username="replica_admin"))
with (
    CaptureQueriesContext(connections["default"]) as on_primary,
    CaptureQueriesContext(connections[REPLICA]) as on_replica,
):
    response = client.get("/metrics/cockpit/")
seen["cockpit_status"] = response.status_code
if response.status_code != 200:
    seen["cockpit_body"] = response.content.decode()[-1500:]
seen["cockpit_queries_on_replica"] = len(on_replica.captured_queries)
seen["cockpit_queries_on_primary"] = [q["sql"][:120] for q in on_primary.captured_queries]
with CaptureQueriesContext(connections[REPLICA]) as on_replica:
    client.get("/")
seen["home_queries_on_replica"] = len(on_replica.captured_queries)
print(json.dumps(seen, ensure_ascii=False))
