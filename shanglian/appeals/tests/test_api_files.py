"""Files through the API: the detail's timeline lists each entry's files with a download URL, the enterprise
posts 补充材料 (multipart) to its own open appeal, and the handler's reply may carry documents (multipart on
the same reply step) — scoped, refused in Chinese, audited by the services, nothing half-written."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from shanglian.appeals import services
from shanglian.appeals.models import ENTRY_FILE, AppealEntry, EntryKind, Outcome
from shanglian.attachments.models import Attachment
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.roles import Role

API = "/api/v1/appeals"


def pdf(name="复函.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 reply", content_type="application/pdf")


def exe(name="流水.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03binary", content_type="application/pdf")


def handling(world, submit):
    appeal = submit()
    services.accept_appeal(actor=world.admin, appeal=appeal)
    services.dispatch_appeal(actor=world.admin, appeal=appeal, lead=world.department.pk)
    return services.sign_appeal(actor=world.liaison, appeal=appeal)


def writes():
    # Logins and refusals are audited too; only writes count here.
    kinds = [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.TRANSITION]
    return AuditEntry.unscoped_objects.filter(action__in=kinds).count()


def supplements():
    return AppealEntry.unscoped_objects.filter(kind=EntryKind.SUPPLEMENT).count()


def entry_files():
    return Attachment.objects.filter(use=ENTRY_FILE)


def test_the_enterprise_supplements_and_everyone_who_sees_the_appeal_gets_the_files(world, submit, login):
    appeal = handling(world, submit)
    ent = login(world.enterprise_user)
    r = ent.post(
        f"{API}/{appeal.pk}/supplement",
        {"text": "补充近三个月流水。", "files": [pdf("流水.pdf"), pdf("合同.pdf")]},
    )
    assert r.status_code == 201, r.content
    entry = r.json()["timeline"][-1]
    assert entry["kind"] == EntryKind.SUPPLEMENT and entry["body"] == "补充近三个月流水。"
    assert [f["name"] for f in entry["files"]] == ["流水.pdf", "合同.pdf"]
    first = entry["files"][0]
    assert first["size"] == len(b"%PDF-1.4 reply") and first["url"] == f"/files/{first['id']}/"
    assert AuditEntry.objects.filter(message__startswith="企业补充材料").count() == 1
    assert AuditEntry.objects.filter(object_type="attachments.attachment").count() == 2
    assert ent.get(first["url"]).status_code == 200
    # The handling department reads the same timeline and downloads the same file.
    liaison = login(world.liaison)
    detail = liaison.get(f"{API}/{appeal.pk}").json()
    assert detail["timeline"][-1]["files"] == entry["files"]
    assert liaison.get(first["url"]).status_code == 200
    # Text only is a supplement too; entries without files list none.
    r = login(world.enterprise_user).post(f"{API}/{appeal.pk}/supplement", {"text": "另：联系人改为王经理。"})
    assert r.status_code == 201 and r.json()["timeline"][-1]["files"] == []
    assert r.json()["timeline"][0]["files"] == []


def test_the_reply_carries_files_as_multipart_and_still_takes_json(world, submit, login):
    appeal = handling(world, submit)
    liaison = login(world.liaison)
    r = liaison.post(
        f"{API}/{appeal.pk}/reply", {"reason": "已核实，附复函。", "outcome": "solved", "files": [pdf()]}
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "replied" and body["outcome"] == Outcome.SOLVED
    reply = [e for e in body["timeline"] if e["kind"] == EntryKind.REPLY][-1]
    assert [f["name"] for f in reply["files"]] == ["复函.pdf"]
    assert login(world.enterprise_user).get(reply["files"][0]["url"]).status_code == 200
    # The same step as JSON (the mini-program's usual body) is unchanged.
    other = handling(world, submit)
    r = login(world.liaison).post(
        f"{API}/{other.pk}/reply",
        json.dumps({"reason": "已办", "outcome": "explained"}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["outcome"] == "explained"


def test_anonymous_is_401_and_nothing_written(world, submit, client):
    appeal = handling(world, submit)
    assert client.post(f"{API}/{appeal.pk}/supplement", {"text": "x"}).status_code == 401
    r = client.post(f"{API}/{appeal.pk}/reply", {"reason": "x", "outcome": "solved", "files": [pdf()]})
    assert r.status_code == 401
    assert supplements() == 0 and not entry_files().exists()


def test_another_tenant_gets_404(world, submit, login):
    appeal = handling(world, submit)
    entry = services.supplement_appeal(
        actor=world.enterprise_user, appeal=appeal, text="补充", files=[pdf("内部.pdf")]
    )
    f = entry_files().get(object_id=entry.pk)
    for user in world.users_b.values():
        client = login(user)
        assert client.get(f"{API}/{appeal.pk}").status_code == 404
        assert client.get(f"/files/{f.pk}/").status_code == 404
        r = client.post(f"{API}/{appeal.pk}/supplement", {"text": "他方", "files": [pdf()]})
        assert r.status_code == 404 and r.json()["code"] == "not_found"
        r = client.post(f"{API}/{appeal.pk}/reply", {"reason": "他方", "outcome": "solved", "files": [pdf()]})
        assert r.status_code == 404
    assert supplements() == 1 and entry_files().count() == 1


def test_weak_roles_get_403_in_chinese(world, submit, login):
    appeal = handling(world, submit)
    # The desk sees the appeal but does not speak for the enterprise.
    r = login(world.admin).post(f"{API}/{appeal.pk}/supplement", {"text": "代补", "files": [pdf()]})
    assert r.status_code == 403 and r.json()["message"] == "只有提交诉求的企业可以补充材料。"
    # The enterprise does not reply to its own appeal.
    r = login(world.enterprise_user).post(
        f"{API}/{appeal.pk}/reply", {"reason": "自答", "outcome": "solved", "files": [pdf()]}
    )
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert (
        login(world.users[Role.FEDERATION_LEADER])
        .post(f"{API}/{appeal.pk}/supplement", {"text": "批示"})
        .status_code
        == 403
    )
    assert supplements() == 0 and not entry_files().exists()
    appeal.refresh_from_db()
    assert appeal.state == "handling"


def test_bad_input_and_a_closed_appeal_are_refused_and_nothing_written(world, submit, login):
    appeal = handling(world, submit)
    ent = login(world.enterprise_user)
    url = f"{API}/{appeal.pk}"
    r = ent.post(f"{url}/supplement", {"text": "  "})
    assert r.status_code == 400 and r.json()["message"] == "请填写补充说明或上传材料。"
    r = ent.post(f"{url}/supplement", {"text": "流水", "files": [pdf("好.pdf"), exe()]})
    assert r.status_code == 400 and "实为可执行程序，不能上传" in r.json()["message"]
    r = ent.post(f"{url}/supplement", {"text": "多", "files": [pdf(f"{i}.pdf") for i in range(11)]})
    assert r.status_code == 400 and r.json()["message"] == "一次最多上传 10 个文件。"
    liaison = login(world.liaison)
    r = liaison.post(f"{url}/reply", {"reason": "答复", "outcome": "solved", "files": [exe("复函.pdf")]})
    assert r.status_code == 400 and "实为可执行程序" in r.json()["message"]
    r = liaison.post(f"{url}/reply", {"reason": "答复", "outcome": "maybe"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_input"
    r = liaison.post(f"{url}/reply", "{not json", content_type="application/json")
    assert r.status_code == 400 and r.json()["message"] == "请求内容不是合法的 JSON。"
    appeal.refresh_from_db()
    assert appeal.state == "handling" and supplements() == 0 and not entry_files().exists()
    services.reply_appeal(actor=world.liaison, appeal=appeal, text="已办", outcome=Outcome.SOLVED)
    services.close_appeal(actor=world.admin, appeal=appeal)
    before = writes()
    r = login(world.enterprise_user).post(f"{url}/supplement", {"text": "再补", "files": [pdf()]})
    assert r.status_code == 400 and r.json()["message"] == "诉求已办结或不予受理，不能再补充材料。"
    r = login(world.liaison).post(f"{url}/reply", {"reason": "再答", "outcome": "solved", "files": [pdf()]})
    assert r.status_code == 409 and "不能答复" in r.json()["message"]
    assert supplements() == 0 and not entry_files().exists() and writes() == before
