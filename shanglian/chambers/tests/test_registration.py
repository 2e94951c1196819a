import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.chambers.models import ChamberProfile, CharterVersion, RegistrationStatus
from shanglian.chambers.tests.makers import make_charter
from shanglian.core.testing.matrix import Owner
from shanglian.registry.codes import make_credit_code

pytestmark = pytest.mark.django_db

CODE = make_credit_code(123456, kind="51")


def _reg(**over):
    data = {
        "registration_status": RegistrationStatus.REGISTERED,
        "registration_number": "城民社证字第0001号",
        "registered_on": "2020-06-01",
        "credit_code": CODE,
        "supervisor": "城阳区工商联",
        "address": "城阳区正阳路1号",
    }
    data.update(over)
    return data


def test_secretary_registers_own_chamber_with_audit(world, login):
    client = login(world.secretary)
    response = client.post(reverse("chambers:registration_edit", args=[world.chamber.pk]), _reg())
    assert response.status_code == 302
    profile = ChamberProfile.objects.unscoped().get(chamber=world.chamber)
    assert profile.registration_status == RegistrationStatus.REGISTERED and profile.credit_code == CODE
    entry = AuditEntry.unscoped_objects.filter(
        object_type="chambers.chamberprofile", action=AuditAction.UPDATE
    ).get()
    assert entry.actor == world.secretary and entry.changes["credit_code"] == ["", CODE]
    page = client.get(reverse("chambers:chamber_detail", args=[world.chamber.pk])).content.decode()
    assert "城民社证字第0001号" in page


@pytest.mark.parametrize(
    "over,message",
    [
        ({"credit_code": make_credit_code(123456, kind="91")}, "应以 5 开头"),
        ({"credit_code": CODE[:-1] + ("0" if CODE[-1] != "0" else "1")}, "校验位错误"),
        ({"credit_code": "5137"}, "应为 18 位"),
        ({"registration_number": ""}, "须填写登记证号和登记日期"),
        (
            {"registration_status": RegistrationStatus.DEREGISTERED, "deregistered_on": "2019-01-01"},
            "注销日期不能早于登记日期",
        ),
    ],
)
def test_bad_registration_is_refused_in_chinese(world, login, over, message):
    client = login(world.admin)
    response = client.post(reverse("chambers:registration_edit", args=[world.chamber.pk]), _reg(**over))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (
        not ChamberProfile.objects.unscoped()
        .filter(chamber=world.chamber, registration_status="registered")
        .exists()
    )
    assert not AuditEntry.unscoped_objects.filter(object_type="chambers.chamberprofile").exists()


def test_credit_code_is_unique_across_chambers(world, login):
    client = login(world.admin)
    assert (
        client.post(reverse("chambers:registration_edit", args=[world.chamber.pk]), _reg()).status_code == 302
    )
    response = client.post(reverse("chambers:registration_edit", args=[world.chamber2.pk]), _reg())
    assert "已被其他商会使用" in response.content.decode()


def test_registration_scope(world, login):
    sec = login(world.secretary)
    assert (
        sec.post(reverse("chambers:registration_edit", args=[world.chamber2.pk]), _reg()).status_code == 404
    )
    assert (
        sec.post(reverse("chambers:registration_edit", args=[world.chamber_b.pk]), _reg()).status_code == 404
    )
    leader = login(world.leader)
    assert (
        leader.post(reverse("chambers:registration_edit", args=[world.chamber.pk]), _reg()).status_code == 403
    )
    assert not ChamberProfile.objects.unscoped().exists()


PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def _charter(name="章程.pdf", content=PDF, **over):
    data = {
        "title": "商会章程",
        "effective_on": "2020-01-01",
        "note": "",
        "file": SimpleUploadedFile(name, content),
    }
    data.update(over)
    return data


def test_charter_upload_and_download(world, login):
    client = login(world.secretary)
    response = client.post(reverse("chambers:charter_upload", args=[world.chamber.pk]), _charter())
    assert response.status_code == 302
    version = CharterVersion.objects.unscoped().get(chamber=world.chamber)
    assert version.file.original_name == "章程.pdf" and version.file.file.name.startswith("attachments/")
    assert (
        AuditEntry.unscoped_objects.filter(
            object_type="chambers.charterversion", action=AuditAction.CREATE
        ).count()
        == 1
    )
    page = client.get(reverse("chambers:chamber_detail", args=[world.chamber.pk])).content.decode()
    link = reverse("attachments:download", args=[version.file.pk])
    assert f'href="{link}"' in page
    download = client.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    # Another chamber's secretary never gets it.
    other = make_charter(Owner(world.fed, world.chamber2, world.enterprise2))
    assert client.get(reverse("attachments:download", args=[other.file.pk])).status_code == 404


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("章程.exe", b"MZ....", "格式不支持"),
        ("章程.pdf", b"not a pdf at all", "内容与扩展名 .pdf 不符"),
        ("章程.pdf", b"", "空文件"),
    ],
)
def test_charter_bad_files_are_refused(world, login, name, content, message):
    client = login(world.secretary)
    response = client.post(
        reverse("chambers:charter_upload", args=[world.chamber.pk]), _charter(name, content)
    )
    assert response.status_code == 200
    assert message in response.content.decode() or "提交的文件为空" in response.content.decode()
    assert not CharterVersion.objects.unscoped().exists()


def test_charter_too_large(world, login, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client = login(world.secretary)
    response = client.post(
        reverse("chambers:charter_upload", args=[world.chamber.pk]), _charter(content=PDF + b"0" * 2000)
    )
    assert "过大" in response.content.decode()
    assert not CharterVersion.objects.unscoped().exists()
