"""Test databases from a migrated template: migrate once, copy per pytest worker.

Migrating from scratch costs every xdist worker most of its start-up. Instead the first worker to start
migrates a template (in a subprocess, under a file lock); every worker then gets a fresh copy — a file
copy on SQLite (on tmpfs), `CREATE DATABASE … TEMPLATE` on PostgreSQL — and Django only checks that
nothing is left to migrate. The template's name carries a hash of every migration file, so a changed
or new migration builds a new one; `--create-db` rebuilds it once per run.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings


def migrations_key() -> str:
    """A hash of every installed app's migration files (and Django's version)."""
    digest = hashlib.sha256(django.get_version().encode())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        folder = Path(config.path) / "migrations"
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
            digest.update(f"{config.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def scratch_dir() -> Path:
    """This checkout's folder (on tmpfs when there is one): worktrees never share copies or templates."""
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())
    checkout = hashlib.sha256(str(Path(settings.BASE_DIR).resolve()).encode()).hexdigest()[:10]
    folder = base / f"shanglian-testdb-{os.getuid()}" / checkout
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def locked(name: str) -> Iterator[Path]:
    """An exclusive lock shared by the workers of every run on this machine; yields a state file."""
    lock = scratch_dir() / f"{name}.lock"
    with lock.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield scratch_dir() / f"{name}.run"
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_id() -> str:
    return os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid{os.getpid()}"


def _must_rebuild(state: Path, create_db: bool) -> bool:
    """`--create-db`: rebuild once per run (the first worker does it, the others reuse it)."""
    if not create_db:
        return False
    if state.exists() and state.read_text() == run_id():
        return False
    state.write_text(run_id())
    return True


def _migrate(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    manage = Path(settings.BASE_DIR) / "manage.py"
    subprocess.run(  # noqa: S603 - our own manage.py with our interpreter
        [sys.executable, str(manage), "migrate", "--noinput", "-v0"], env=env, check=True
    )


def prepare_sqlite(db: Any, worker: str, *, create_db: bool) -> None:
    key = migrations_key()
    folder = scratch_dir()
    template = folder / f"template-{key}.sqlite3"
    copy = folder / f"run-{key}-{run_id()}-{worker}.sqlite3"
    with locked("sqlite") as state:
        if _must_rebuild(state, create_db):
            template.unlink(missing_ok=True)
        if not template.exists():
            building = folder / f"building-{key}.sqlite3"
            building.unlink(missing_ok=True)
            _migrate(f"sqlite:///{building}")
            for old in folder.glob("template-*.sqlite3"):
                old.unlink()
            building.rename(template)
        # Copies of runs that died before their clean-up (a day old: no run takes that long).
        for stale in folder.glob("run-*.sqlite3"):
            if time.time() - stale.stat().st_mtime > 86400:
                stale.unlink(missing_ok=True)
        shutil.copyfile(template, copy)
    db.setdefault("TEST", {})["NAME"] = str(copy)


def _pg_admin(db: dict[str, Any]) -> Any:
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        autocommit=True,
    )


def _pg_url(db: dict[str, Any], name: str) -> str:
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{name}"


def prepare_postgresql(db: Any, *, create_db: bool) -> None:
    from psycopg import sql

    base = f"test_{db['NAME']}"
    template = f"{base}_tpl_{migrations_key()}"
    worker_db = db.get("TEST", {}).get("NAME") or base
    with _pg_admin(db) as admin, locked(f"pg-{db['NAME']}") as state:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        if exists and _must_rebuild(state, create_db):
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(template)))
            exists = None
        if not exists:
            building = f"{base}_building"
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(building)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building)))
            _migrate(_pg_url(db, building))
            admin.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(building), sql.Identifier(template)
                )
            )
            stale = admin.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                [f"{base}\\_tpl\\_%", template],
            ).fetchall()
            for (name,) in stale:
                admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        # Copying needs the template free of connections; the lock keeps the other workers out.
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(worker_db)))
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(worker_db), sql.Identifier(template)
            )
        )
    db.setdefault("TEST", {})["NAME"] = worker_db


_configured: dict[str, Any] = {}


def prepare(worker: str, *, create_db: bool) -> list[Path]:
    """Point the default database's TEST NAME at a fresh copy of the template; returns files to remove."""
    db = settings.DATABASES["default"]
    # Django renames the database to its test name once set up; the demo's template is named after this one.
    _configured.update(db)
    if db["ENGINE"].endswith("sqlite3"):
        prepare_sqlite(db, worker, create_db=create_db)
        return [Path(db["TEST"]["NAME"])]
    if db["ENGINE"].endswith("postgresql"):
        prepare_postgresql(db, create_db=create_db)
    return []


# The demo (load_demo's full data set) as a database of its own, loaded once per run instead of once per
# test that reads it: load_demo costs ~25 s of CPU and a dozen tests check the seed's figures on it.
# Built from the migrated template by `manage.py load_demo` in a subprocess under the same lock discipline;
# each worker gets one copy and every demo test runs in a transaction rolled back on that copy.


def demo_key() -> str:
    """The migrations' key plus a hash of the code that writes the demo (every app's non-test source)."""
    digest = hashlib.sha256(migrations_key().encode())
    root = Path(settings.BASE_DIR) / "shanglian"
    for path in sorted(root.rglob("*")):
        parts = set(path.relative_to(root).parts)
        if not path.is_file() or parts & {"tests", "templates", "static", "__pycache__", "migrations"}:
            continue
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _load_demo(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    manage = Path(settings.BASE_DIR) / "manage.py"
    subprocess.run(  # noqa: S603 - our own manage.py with our interpreter
        [sys.executable, str(manage), "load_demo", "--quiet-logins", "-v0"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare_demo_sqlite(worker: str) -> str:
    key = demo_key()
    folder = scratch_dir()
    template = folder / f"demo-{key}.sqlite3"
    copy = folder / f"run-demo-{key}-{run_id()}-{worker}.sqlite3"
    with locked("sqlite") as _state:
        if not template.exists():
            migrated = folder / f"template-{migrations_key()}.sqlite3"
            building = folder / f"building-demo-{key}.sqlite3"
            shutil.copyfile(migrated, building)
            _load_demo(f"sqlite:///{building}")
            for old in folder.glob("demo-*.sqlite3"):
                old.unlink()
            building.rename(template)
        shutil.copyfile(template, copy)
    return str(copy)


def prepare_demo_postgresql(worker_db: str) -> str:
    from psycopg import sql

    db: dict[str, Any] = dict(_configured or settings.DATABASES["default"])
    base = f"test_{db['NAME']}"
    template = f"{base}_demo_{demo_key()}"
    copy = f"{worker_db}_demo"
    with _pg_admin(db) as admin, locked(f"pg-{db['NAME']}") as _state:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
            building = f"{base}_demo_building"
            migrated = f"{base}_tpl_{migrations_key()}"
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(building)))
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(building), sql.Identifier(migrated)
                )
            )
            _load_demo(_pg_url(db, building))
            stale = admin.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{base}\\_demo\\_%"]
            ).fetchall()
            for (name,) in stale:
                if name != building:
                    admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            admin.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(building), sql.Identifier(template)
                )
            )
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(copy)))
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(copy), sql.Identifier(template))
        )
    return copy


def prepare_demo(worker: str, worker_db: str) -> str:
    """A fresh copy of the demo database for this worker; returns its NAME for the connection."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return prepare_demo_sqlite(worker)
    if engine.endswith("postgresql"):
        return prepare_demo_postgresql(worker_db)
    raise NotImplementedError(engine)
