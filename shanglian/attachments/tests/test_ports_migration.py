"""The ports' data migrations: files of the old FileFields become Attachment rows (SQLite and PostgreSQL)."""

import hashlib
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from shanglian.attachments.models import Attachment
from shanglian.chambers.models import CharterVersion, Rating
from shanglian.governance.models import Meeting
from shanglian.site.world import build_world

BEFORE = [
    ("attachments", "0001_initial"),
    ("chambers", "0001_initial"),
    ("governance", "0002_no_overlap_postgres"),
]
PDF = b"%PDF-1.4\n% an old charter\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return [
        key
        for key in executor.loader.graph.leaf_nodes()
        if key[0] in {"attachments", "chambers", "governance"}
    ]


@pytest.mark.django_db(transaction=True)
def test_old_files_move_into_attachments_and_the_fields_go(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    try:
        old = _migrate(BEFORE)
        charter_path = default_storage.save("chambers/charters/1/城阳章程.pdf", ContentFile(PDF))
        cert_path = default_storage.save("chambers/certificates/1/证书.png", ContentFile(PNG))
        minutes_path = default_storage.save("governance/minutes/1/纪要.txt", ContentFile("纪要全文".encode()))
        version = old.get_model("chambers", "CharterVersion")._default_manager.create(
            chamber_id=world.chamber.pk,
            title="章程",
            file=charter_path,
            effective_on=date(2020, 1, 1),
            uploaded_by_id=world.secretary.pk,
        )
        missing = old.get_model("chambers", "CharterVersion")._default_manager.create(
            chamber_id=world.chamber.pk,
            title="丢失",
            file="chambers/charters/1/gone.pdf",
            effective_on=date(2019, 1, 1),
        )
        rating = old.get_model("chambers", "Rating")._default_manager.create(
            chamber_id=world.chamber.pk,
            scheme="civil_affairs_grade",
            grade="3A",
            status="granted",
            applied_on=date(2020, 1, 1),
            granted_on=date(2020, 6, 1),
            certificate=cert_path,
            decided_by_id=world.admin.pk,
        )
        meeting = old.get_model("governance", "Meeting")._default_manager.create(
            chamber_id=world.chamber.pk,
            organ="council",
            title="理事会",
            held_on=date(2020, 3, 1),
            minutes=minutes_path,
        )
        _migrate(_latest())
    finally:
        _migrate(_latest())

    charter = CharterVersion.unscoped_objects.get(pk=version.pk).file
    assert (charter.original_name, charter.kind, charter.size) == ("城阳章程.pdf", "pdf", len(PDF))
    assert charter.sha256 == hashlib.sha256(PDF).hexdigest() and charter.uploaded_by == world.secretary
    assert charter.file.name.startswith("attachments/") and charter.file.read() == PDF
    certificate = Rating.unscoped_objects.get(pk=rating.pk).certificate
    assert (certificate.kind, certificate.mime, certificate.uploaded_by) == ("png", "image/png", world.admin)
    minutes = Meeting.unscoped_objects.get(pk=meeting.pk).minutes
    assert (minutes.original_name, minutes.kind) == ("纪要.txt", "txt")
    assert CharterVersion.unscoped_objects.get(pk=missing.pk).file is None
    assert Attachment.objects.count() == 3
    # The old, guessable paths are gone once the migration committed.
    assert not any(default_storage.exists(p) for p in (charter_path, cert_path, minutes_path))
