"""A real streaming replica (pg_basebackup -R, started by pg_pair.sh on two free ports): the cockpit's reads
are served by it while writes, and pages not marked for it, stay on the primary."""

import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from shanglian.ops.routing import ReplicaRouter, replica_reads

HERE = Path(__file__).parent
ROOT = Path(settings.BASE_DIR)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_without_a_replica_everything_reads_the_primary():
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(object) is None
    assert router.db_for_write(object) == "default"
    assert router.allow_migrate("replica", "registry") is False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="streaming replication is PostgreSQL's")
def test_cockpit_reads_from_a_streaming_replica():
    directory = tempfile.mkdtemp(prefix="shanglian-pair-")
    os.chmod(directory, 0o755)
    primary, replica = _free_port(), _free_port()
    try:
        subprocess.run(
            ["bash", str(HERE / "pg_pair.sh"), "start", directory, str(primary), str(replica)],
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{primary}/postgres",
            DATABASE_REPLICA_URL=f"postgres://postgres@127.0.0.1:{replica}/postgres",
            DJANGO_SETTINGS_MODULE="config.settings_test",
        )
        done = subprocess.run(
            [sys.executable, "-m", "shanglian.ops.tests.replica_check"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        seen = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        subprocess.run(
            ["bash", str(HERE / "pg_pair.sh"), "stop", directory], capture_output=True, timeout=120
        )
    assert seen["replica_in_recovery"] is True and seen["primary_in_recovery"] is False
    assert seen["written_on_primary"] is True
    assert seen["cockpit_status"] == 200, seen.get("cockpit_body")
    assert seen["cockpit_queries_on_replica"] > 0
    # The primary served only the request's own session and user, before the view asked for the replica.
    assert not any("metrics" in q or "registry" in q for q in seen["cockpit_queries_on_primary"]), seen
    assert seen["home_queries_on_replica"] == 0
