"""Files on the timeline: the handler's reply and the enterprise's supplementary material carry documents,
shown under their entry, downloadable by whoever sees the appeal and by nobody else."""

from django.core.files.uploadedfile import SimpleUploadedFile

from shanglian.appeals import services
from shanglian.appeals.models import AppealEntry, EntryKind, Outcome
from shanglian.attachments.models import Attachment
from shanglian.audit.models import AuditEntry


def pdf(name="复函.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 reply", content_type="application/pdf")


def exe(name="复函.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03binary", content_type="application/pdf")


def handling(world, submit):
    appeal = submit()
    services.accept_appeal(actor=world.admin, appeal=appeal)
    services.dispatch_appeal(actor=world.admin, appeal=appeal, lead=world.department.pk)
    return services.sign_appeal(actor=world.liaison, appeal=appeal)


def test_the_liaison_replies_with_a_file_the_enterprise_sees_it_on_the_timeline(world, submit, login):
    appeal = handling(world, submit)
    response = login(world.liaison).post(
        f"/appeals/{appeal.pk}/reply/",
        {
            "reply-reason": "已核实，附复函。",
            "reply-outcome": Outcome.SOLVED,
            "reply-documents": [pdf(), pdf("现场说明.pdf")],
        },
    )
    assert response.status_code == 302
    entry = AppealEntry.unscoped_objects.get(appeal=appeal, kind=EntryKind.REPLY)
    files = Attachment.objects.filter(object_id=entry.pk, use="appeals.entry_file")
    assert sorted(files.values_list("original_name", flat=True)) == ["复函.pdf", "现场说明.pdf"]
    assert AuditEntry.objects.filter(object_type="attachments.attachment").count() >= 2
    client = login(world.enterprise_user)
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert "复函.pdf" in page and "已核实，附复函。" in page
    f = files.get(original_name="复函.pdf")
    assert client.get(f"/files/{f.pk}/").status_code == 200


def test_the_enterprise_supplements_its_open_appeal_with_files(world, submit, login):
    appeal = handling(world, submit)
    client = login(world.enterprise_user)
    assert "supplement-form" in client.get(f"/appeals/{appeal.pk}/").content.decode()
    response = client.post(
        f"/appeals/{appeal.pk}/supplement/", {"text": "补充近三个月流水。", "documents": [pdf("流水.pdf")]}
    )
    assert response.status_code == 302
    entry = AppealEntry.unscoped_objects.get(appeal=appeal, kind=EntryKind.SUPPLEMENT)
    assert entry.body == "补充近三个月流水。" and entry.author == world.enterprise_user
    f = Attachment.objects.get(object_id=entry.pk, use="appeals.entry_file")
    assert AuditEntry.objects.filter(message__startswith="企业补充材料").exists()
    # The handling department sees it; the desk too.
    assert "流水.pdf" in login(world.liaison).get(f"/appeals/{appeal.pk}/").content.decode()
    assert login(world.liaison).get(f"/files/{f.pk}/").status_code == 200


def test_another_tenant_and_another_enterprise_get_404(world, submit, login):
    appeal = handling(world, submit)
    entry = services.supplement_appeal(
        actor=world.enterprise_user, appeal=appeal, text="补充", files=[pdf("内部.pdf")]
    )
    f = Attachment.objects.get(object_id=entry.pk, use="appeals.entry_file")
    for user in world.users_b.values():
        client = login(user)
        assert client.get(f"/files/{f.pk}/").status_code == 404
        assert client.post(f"/appeals/{appeal.pk}/supplement/", {"text": "他方"}).status_code == 404
    # Our own chamber's second enterprise is not this appeal's enterprise either.
    assert AppealEntry.unscoped_objects.filter(appeal=appeal, kind=EntryKind.SUPPLEMENT).count() == 1


def test_weak_roles_and_anonymous(world, submit, login, client):
    appeal = handling(world, submit)
    assert client.post(f"/appeals/{appeal.pk}/supplement/", {"text": "x"}).status_code == 302
    # The desk may see the appeal but does not speak for the enterprise.
    response = login(world.admin).post(f"/appeals/{appeal.pk}/supplement/", {"text": "代补"}, follow=True)
    assert "只有提交诉求的企业可以补充材料" in response.content.decode()
    assert not AppealEntry.unscoped_objects.filter(kind=EntryKind.SUPPLEMENT).exists()


def test_a_wrong_type_or_a_closed_appeal_is_refused_and_nothing_written(world, submit, login):
    appeal = handling(world, submit)
    response = login(world.liaison).post(
        f"/appeals/{appeal.pk}/reply/",
        {"reply-reason": "答复", "reply-outcome": Outcome.SOLVED, "reply-documents": [exe()]},
        follow=True,
    )
    appeal.refresh_from_db()
    assert appeal.state == "handling" and not Attachment.objects.filter(use="appeals.entry_file").exists()
    assert "实为可执行程序，不能上传" in response.content.decode()
    client = login(world.enterprise_user)
    response = client.post(f"/appeals/{appeal.pk}/supplement/", {"text": ""}, follow=True)
    assert "请填写补充说明或上传材料" in response.content.decode()
    services.reply_appeal(actor=world.liaison, appeal=appeal, text="已办", outcome=Outcome.SOLVED)
    services.close_appeal(actor=world.admin, appeal=appeal)
    response = client.post(f"/appeals/{appeal.pk}/supplement/", {"text": "再补"}, follow=True)
    assert "不能再补充材料" in response.content.decode()
    assert not AppealEntry.unscoped_objects.filter(kind=EntryKind.SUPPLEMENT).exists()
