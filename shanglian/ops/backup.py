"""One archive holds a whole installation: the database, the uploaded files and a manifest to verify both.

Layout of the tar archive (uncompressed: pg_dump's custom format is compressed already, uploads mostly are):

    manifest.json        engine, time, migrations, per-table row count and checksum, per-file sha256, key id
    database.dump        PostgreSQL: `pg_dump --format=custom`, taken in the manifest's snapshot
    database.sqlite3     SQLite: a copy by the online backup API (consistent while the site runs)
    media/…              MEDIA_ROOT, as is

Consistency: on PostgreSQL the manifest is computed in a REPEATABLE READ transaction whose snapshot is
exported to pg_dump (`--snapshot`), so the dump and the counts describe the same instant even while users
write; on SQLite the manifest is computed from the copy itself.

A table's checksum is the sum (mod 2**256) of the SHA-256 of each row: independent of row order, so no
ORDER BY over columns that may not be orderable, yet a changed, missing or duplicated row changes it.
It is compared only between the same engine (a value's text differs between SQLite and PostgreSQL).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from shanglian.core.crypto import key_fingerprints

FORMAT = 1
MODULUS = 2**256
FETCH = 5000


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Chinese."""


@dataclass(frozen=True)
class Verification:
    tables: int
    rows: int
    files: int
    mismatches: list[str]

    @property
    def ok(self) -> bool:
        return not self.mismatches


def _row_digest(row: tuple[Any, ...]) -> int:
    parts = []
    for value in row:
        if isinstance(value, memoryview):
            value = bytes(value)
        parts.append(value.hex() if isinstance(value, bytes) else repr(value))
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest(), "big")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_sums(new_cursor: Callable[[str], Any], tables: list[str]) -> dict[str, dict[str, Any]]:
    """Row count and order-independent checksum of each table; `new_cursor(table)` gives a DB-API cursor
    (a server-side one on PostgreSQL, so a million-row table streams instead of landing in memory)."""
    result: dict[str, dict[str, Any]] = {}
    for table in sorted(tables):
        cursor = new_cursor(table)
        try:
            cursor.execute(f"SELECT * FROM {_quote(table)}")  # noqa: S608 - names come from the catalogue
            count, total = 0, 0
            while rows := cursor.fetchmany(FETCH):
                count += len(rows)
                for row in rows:
                    total = (total + _row_digest(tuple(row))) % MODULUS
        finally:
            cursor.close()
        result[table] = {"rows": count, "sha256sum": f"{total:064x}"}
    return result


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in (
        MigrationRecorder(connection).migration_qs.order_by("app", "name").values_list("app", "name")
    ):
        latest[app] = name
    return latest


def _pg_env(params: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if params.get(key):
            env[var] = str(params[key])
    return env


def _run(cmd: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"找不到 {cmd[0]}：请安装与服务器同版本的 PostgreSQL 客户端（{what}）。") from exc
    if done.returncode != 0:
        raise BackupError(f"{what}失败：{done.stderr.strip()[:2000]}")


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def default_archive_name(now: datetime | None = None) -> str:
    return f"shanglian-{timezone.localtime(now or timezone.now()):%Y%m%d-%H%M%S}.tar"


def create_backup(destination: Path) -> dict[str, Any]:
    """Write the archive to `destination` (a .tar path); returns its manifest."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="shanglian-backup-") as tmp:
        work = Path(tmp)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": timezone.localtime().isoformat(timespec="seconds"),
            "engine": connection.vendor,
            "migrations": _migrations(),
            "encryption_key_id": key_fingerprints()[0],
        }
        if is_postgresql():
            database = work / "database.dump"
            manifest["tables"] = _dump_postgresql(database)
        else:
            database = work / "database.sqlite3"
            manifest["tables"] = _copy_sqlite(database)
        files = {}
        for path in media_files(media_root):
            files[path.relative_to(media_root).as_posix()] = {
                "sha256": _file_sha256(path),
                "size": path.stat().st_size,
            }
        manifest["files"] = files
        (work / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(database, arcname=database.name)
            for rel in files:
                tar.add(media_root / rel, arcname=f"media/{rel}")
        partial.replace(destination)  # a crash mid-way never leaves a truncated archive under the real name
    return manifest


def _dump_postgresql(target: Path) -> dict[str, dict[str, Any]]:
    raw = _pg_snapshot_connection()
    try:
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = _pg_tables(cursor)
        dbname = str(connection.settings_dict["NAME"])
        _run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={target}",
                "--no-owner",
                dbname,
            ],
            _pg_env(connection.settings_dict),
            "pg_dump 导出数据库",
        )
        return table_sums(lambda table: raw.cursor(name=f"sum_{abs(hash(table))}"), tables)
    finally:
        raw.close()


def _pg_snapshot_connection() -> Any:
    """A connection of its own in one REPEATABLE READ transaction (one snapshot for every table), in UTC."""
    raw = connection.get_new_connection(connection.get_connection_params())
    raw.autocommit = True  # so that BEGIN below is ours, with its isolation level, not the driver's
    with raw.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    return raw


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [row[0] for row in rows]


def _copy_sqlite(target: Path) -> dict[str, dict[str, Any]]:
    """Copy the live database by the online backup API and sum the copy through a plain connection (Django's
    own converts column values by declared type; both sides of a comparison must read them the same way)."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        return table_sums(lambda table: copy.cursor(), _sqlite_tables(copy))
    finally:
        copy.close()


def read_manifest(archive: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            manifest: dict[str, Any] = json.loads(member.read().decode("utf-8"))
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"不是有效的备份文件：{archive}（{exc}）") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')} 不受支持（本系统为 {FORMAT}）。")
    return manifest


def _target_is_empty() -> bool:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    return not tables


def restore_backup(archive: Path, *, allow_other_key: bool = False) -> Verification:
    """Restore the archive into the (empty) configured database and MEDIA_ROOT, then verify the manifest."""
    manifest = read_manifest(archive)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"备份来自 {manifest['engine']}，当前数据库是 {connection.vendor}：请恢复到同类数据库"
            "（跨库迁移请用 dumpdata/loaddata）。"
        )
    if not allow_other_key and manifest.get("encryption_key_id") not in key_fingerprints():
        raise BackupError(
            "备份时的身份证号加密密钥与当前 FIELD_ENCRYPTION_KEY（或 SECRET_KEY）不一致，恢复后身份证号将无法解密。"
            "请先配置备份时的密钥（密钥应与数据分开保管）；确需继续请加 --allow-other-key。"
        )
    if not _target_is_empty():
        raise BackupError("目标数据库不是空库：恢复只写入新建的空数据库，以免覆盖现有数据。")
    media_root = Path(settings.MEDIA_ROOT)
    if any(media_files(media_root)):
        raise BackupError(f"上传文件目录 {media_root} 不是空的：请恢复到空目录。")
    with tempfile.TemporaryDirectory(prefix="shanglian-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r") as tar:
            tar.extractall(work, filter="data")  # the data filter refuses absolute paths and links outside
        if manifest["engine"] == "postgresql":
            _restore_postgresql(work / "database.dump")
        else:
            _restore_sqlite(work / "database.sqlite3")
        media = work / "media"
        if media.is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(media, media_root, dirs_exist_ok=True)
    return verify(manifest)


def _restore_postgresql(dump: Path) -> None:
    connection.close()
    dbname = str(connection.settings_dict["NAME"])
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "-d",
            dbname,
            str(dump),
        ],
        _pg_env(connection.settings_dict),
        "pg_restore 恢复数据库",
    )


def _restore_sqlite(copy: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def current_sums() -> dict[str, dict[str, Any]]:
    if is_postgresql():
        connection.close()
        raw = _pg_snapshot_connection()
        try:
            with raw.cursor() as cursor:
                tables = _pg_tables(cursor)
            return table_sums(lambda table: raw.cursor(name=f"sum_{abs(hash(table))}"), tables)
        finally:
            raw.close()
    with tempfile.TemporaryDirectory(prefix="shanglian-verify-") as tmp:
        return _copy_sqlite(Path(tmp) / "verify.sqlite3")


def verify(manifest: dict[str, Any]) -> Verification:
    """Compare the live database and MEDIA_ROOT with a manifest: every table's rows and checksum, every file."""
    mismatches: list[str] = []
    now = current_sums()
    expected: dict[str, dict[str, Any]] = manifest["tables"]
    for table in sorted(set(expected) | set(now)):
        want, have = expected.get(table), now.get(table)
        if want is None or have is None:
            mismatches.append(f"表 {table}：{'备份中没有' if want is None else '恢复后缺失'}")
        elif want != have:
            mismatches.append(f"表 {table}：备份 {want['rows']} 行，恢复后 {have['rows']} 行，校验和不同")
    media_root = Path(settings.MEDIA_ROOT)
    for rel, info in manifest["files"].items():
        path = media_root / rel
        if not path.is_file():
            mismatches.append(f"文件 {rel}：缺失")
        elif _file_sha256(path) != info["sha256"]:
            mismatches.append(f"文件 {rel}：内容与备份不符")
    return Verification(
        tables=len(expected),
        rows=sum(int(t["rows"]) for t in expected.values()),
        files=len(manifest["files"]),
        mismatches=mismatches,
    )


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives of this naming in `directory`; returns what went."""
    archives = sorted(directory.glob("shanglian-*.tar"))
    doomed = archives[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink()
    return doomed
