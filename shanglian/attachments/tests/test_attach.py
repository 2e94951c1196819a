"""attach / remove: the one validator (declared types, size, real content) and the audit rows."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shanglian.attachments import services
from shanglian.attachments.models import Attachment
from shanglian.attachments.tests.makers import PDF, PNG, profile_of
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.access import AccessDenied
from shanglian.core.errors import ServiceError

pytestmark = pytest.mark.django_db

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120


def _zip(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def _files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def _attach(world, name, content, *, use="tests.profile_pdf", actor=None):
    return services.attach(
        owner=profile_of(world.chamber),
        use=use,
        upload=SimpleUploadedFile(name, content),
        actor=actor or world.secretary,
    )


def test_upload_stores_the_file_under_a_random_name_with_its_facts_and_an_audit_row(world, media):
    attachment = _attach(world, "商会章程（2026）.pdf", PDF)
    assert attachment.original_name == "商会章程（2026）.pdf"
    assert (attachment.size, attachment.kind, attachment.mime) == (len(PDF), "pdf", "application/pdf")
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.uploaded_by == world.secretary and attachment.owner == profile_of(world.chamber)
    stored = attachment.file.name
    assert stored.startswith("attachments/") and "章程" not in stored and not stored.endswith(".pdf")
    assert len(stored.rsplit("/", 1)[1]) == 32  # a uuid4: nothing to guess
    assert [p.read_bytes() for p in _files(media)] == [PDF]
    entry = AuditEntry.unscoped_objects.get(object_type="attachments.attachment")
    assert entry.action == AuditAction.CREATE and entry.actor == world.secretary
    assert entry.organization == world.chamber and "商会章程（2026）.pdf" in entry.message


def test_docx_and_text_are_recognised_by_content(world):
    assert _attach(world, "纪要.docx", DOCX).kind == "docx"
    assert _attach(world, "纪要.txt", "会议纪要：通过。".encode("gb18030")).kind == "txt"


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("章程.pdf", ELF, "可执行程序"),
        ("章程.pdf", PE, "可执行程序"),
        ("章程.docx", PE, "可执行程序"),
        ("章程.pdf", _zip({"evil.exe": "MZ"}), "实际内容为 ZIP"),
        ("章程.pdf", b"just some text", "内容与扩展名 .pdf 不符"),
        ("章程.txt", ELF, "可执行程序"),
        ("章程.txt", b"\x00\x01\x02binary", "内容与扩展名 .txt 不符"),
        ("章程.pdf", PNG, "实际内容为 PNG"),
        ("章程.png", PNG, "格式不支持：仅限 DOCX、PDF、TXT"),
        ("章程.exe", PE, "格式不支持"),
        ("章程", PDF, "格式不支持"),
        ("章程.pdf", b"", "空文件"),
    ],
)
def test_bad_files_are_refused_in_chinese_and_nothing_is_written(world, media, name, content, message):
    with pytest.raises(ServiceError, match=message):
        _attach(world, name, content)
    assert not Attachment.objects.exists() and not _files(media)
    assert not AuditEntry.unscoped_objects.filter(object_type="attachments.attachment").exists()


def test_over_size_is_refused_by_the_setting_and_by_the_use(world, media, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ServiceError, match="过大：不能超过 0 MB"):
        _attach(world, "a.pdf", PDF + b"0" * 2000)
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    with pytest.raises(ServiceError, match="内部文件过大：不能超过 1 MB"):
        _attach(world, "a.pdf", PDF + b"0" * (1024 * 1024), use="tests.profile_admin_only", actor=world.admin)
    assert not Attachment.objects.exists() and not _files(media)


def test_a_size_the_upload_misreports_is_measured(world, media, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    upload = ContentFile(PDF + b"0" * 2000, name="a.pdf")
    upload.size = 10  # what a client claims counts for nothing
    with pytest.raises(ServiceError, match="过大"):
        services.attach(
            owner=profile_of(world.chamber), use="tests.profile_pdf", upload=upload, actor=world.admin
        )
    assert not _files(media)


def test_too_weak_role_or_other_chamber_cannot_attach(world, media):
    with pytest.raises(AccessDenied):
        _attach(world, "a.pdf", PDF, actor=world.leader)
    with pytest.raises(AccessDenied):
        services.attach(
            owner=profile_of(world.chamber2),
            use="tests.profile_pdf",
            upload=SimpleUploadedFile("a.pdf", PDF),
            actor=world.secretary,
        )
    with pytest.raises(TypeError):
        services.attach(
            owner=profile_of(world.chamber),
            use="tests.profile_pdf",
            upload=SimpleUploadedFile("a.pdf", PDF),
            actor=None,
        )
    assert not Attachment.objects.exists() and not _files(media)


def test_a_new_file_replaces_the_old_one_and_remove_deletes_it(
    world, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _attach(world, "v1.pdf", PDF)
        second = _attach(world, "v2.pdf", PDF + b"v2")
    assert list(Attachment.objects.all()) == [second]
    assert [p.read_bytes() for p in _files(media)] == [PDF + b"v2"]
    deleted = AuditEntry.unscoped_objects.get(action=AuditAction.DELETE, object_type="attachments.attachment")
    assert deleted.object_id == str(first.pk) and "替换" in deleted.message
    with pytest.raises(AccessDenied):
        services.remove(attachment=second, actor=world.leader)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove(attachment=second, actor=world.admin)
    assert not Attachment.objects.exists() and not _files(media)
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.DELETE).count() == 2


def test_names_are_cleaned(world):
    attachment = _attach(world, "../../etc/\x00passwd.pdf", PDF)
    assert attachment.original_name == "passwd.pdf"


def test_upload_pages_refuse_a_too_weak_role_with_403_and_write_nothing(world, login, media):
    data = {
        "title": "章程",
        "effective_on": "2020-01-01",
        "note": "",
        "file": SimpleUploadedFile("章程.pdf", PDF),
    }
    response = login(world.leader).post(reverse("chambers:charter_upload", args=[world.chamber.pk]), data)
    assert response.status_code == 403
    data["file"] = SimpleUploadedFile("章程.pdf", PDF)
    response = login(world.enterprise_user).post(
        reverse("chambers:charter_upload", args=[world.chamber.pk]), data
    )
    assert response.status_code == 403
    assert not Attachment.objects.exists() and not _files(media)
    data["file"] = SimpleUploadedFile("章程.pdf", PDF)
    response = login(world.secretary).post(reverse("chambers:charter_upload", args=[world.chamber.pk]), data)
    assert response.status_code == 302 and Attachment.objects.get().use == "chambers.charter"
