"""The roles' pages: submit and follow (enterprise), take or forward (secretary), the desk's board and steps,
the liaison's department-only view, the leader's comments."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shanglian.appeals import services
from shanglian.appeals.models import Appeal, AppealState, Channel
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.roles import Role
from shanglian.core.testing.world import MARK
from shanglian.orgs.factories import make_department


def real_queries(ctx):
    """Statements a page ran, without the test transaction's savepoints around the session write."""
    return sum(1 for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"])


def detail(appeal):
    return f"/appeals/{appeal.pk}/"


def test_enterprise_submits_with_a_file_and_follows_it(world, login, categories):
    client = login(world.enterprise_user)
    response = client.post(
        "/appeals/new/",
        {
            "enterprise": world.enterprise.pk,
            "category": categories["融资"].pk,
            "title": "贷款续贷困难",
            "content": "流动资金贷款到期，银行要求先还后贷。",
            "contact_preference": "phone",
            "channel": Channel.ONLINE,
            "file": SimpleUploadedFile("说明.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    appeal = Appeal.unscoped_objects.get()
    assert response.status_code == 302 and response["Location"] == detail(appeal)
    page = client.get(detail(appeal)).content.decode()
    assert "待受理" in page and "受理窗口" in page and "说明.pdf" in page and "提交" in page
    assert "贷款续贷困难" in client.get("/appeals/").content.decode()


def test_bad_input_on_the_form_is_a_chinese_message_and_nothing_is_written(world, login, categories):
    client = login(world.enterprise_user)
    response = client.post(
        "/appeals/new/",
        {
            "enterprise": world.enterprise.pk,
            "title": "标题",
            "content": "有内容",
            "contact_preference": "phone",
            "channel": Channel.ONLINE,
            "file": SimpleUploadedFile("病毒.exe", b"MZ\x90\x00\x03binary", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "诉求附件" in response.content.decode()
    response = client.post(
        "/appeals/new/", {"enterprise": world.enterprise.pk, "title": "标题", "content": ""}
    )
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    assert not Appeal.unscoped_objects.exists()


def test_anonymous_goes_to_login(world, client, submit):
    appeal = submit()
    for url in ("/appeals/", "/appeals/new/", "/appeals/board/", detail(appeal)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_tenant_gets_404_and_a_weak_role_403(world, login, submit):
    appeal = submit()
    assert login(world.users_b[Role.FEDERATION_ADMIN]).get(detail(appeal)).status_code == 404
    assert login(world.liaison).get(detail(appeal)).status_code == 404  # not dispatched to its department
    assert login(world.liaison).get("/appeals/new/").status_code == 403
    client = login(world.enterprise_user)
    assert client.get("/appeals/board/").status_code == 403
    assert client.post(f"{detail(appeal)}accept/").status_code == 403
    assert not AuditEntry.unscoped_objects.filter(action=AuditAction.TRANSITION).exists()
    appeal.refresh_from_db()
    assert appeal.state == AppealState.SUBMITTED


def test_the_desk_accepts_dispatches_and_the_liaison_signs_and_replies(world, login, submit):
    appeal = submit()
    desk = login(world.admin)
    page = desk.get(detail(appeal)).content.decode()
    assert 'id="action-accept"' in page and 'id="action-decline"' in page
    desk.post(f"{detail(appeal)}accept/", {"accept-reason": ""})
    desk.post(
        f"{detail(appeal)}dispatch/", {"dispatch-lead": world.department.pk, "dispatch-reason": "请尽快联系"}
    )
    appeal.refresh_from_db()
    assert appeal.state == AppealState.DISPATCHED
    desk.logout()
    liaison = login(world.liaison)
    page = liaison.get(detail(appeal)).content.decode()
    assert 'id="action-sign"' in page and 'id="action-send_back"' in page and MARK not in page
    liaison.post(f"{detail(appeal)}sign/", {"sign-reason": ""})
    liaison.post(f"{detail(appeal)}reply/", {"reply-reason": "已办结", "reply-outcome": "solved"})
    appeal.refresh_from_db()
    assert appeal.state == AppealState.REPLIED and appeal.outcome == "solved"
    messages = [
        m
        for m in AuditEntry.unscoped_objects.filter(action=AuditAction.TRANSITION)
        .order_by("pk")
        .values_list("message", flat=True)
    ]
    assert messages == ["受理", "派单：请尽快联系", "签收", "答复：已办结"]


def test_a_step_refused_by_the_rules_is_flashed_and_writes_nothing(world, login, submit):
    appeal = submit()
    client = login(world.admin)
    response = client.post(f"{detail(appeal)}decline/", {"decline-reason": ""}, follow=True)
    assert "请向企业说明不予受理的理由" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.state == AppealState.SUBMITTED
    assert not AuditEntry.unscoped_objects.filter(action=AuditAction.TRANSITION).exists()
    assert client.post(f"{detail(appeal)}fly/").status_code == 404


def test_a_liaison_of_another_department_gets_404(world, login, submit):
    appeal = submit()
    services.accept_appeal(actor=world.admin, appeal=appeal)
    other = make_department(world.fed, "城阳区住建局")
    services.dispatch_appeal(actor=world.admin, appeal=appeal, lead=other.pk)
    client = login(world.liaison)
    assert client.get(detail(appeal)).status_code == 404
    assert client.post(f"{detail(appeal)}sign/").status_code == 404
    assert "厂房扩建" not in client.get("/appeals/").content.decode()


def test_the_board_puts_overdue_first_with_countdowns(world, login, submit, django_assert_max_num_queries):
    today = timezone.localdate()
    fresh = submit(title="新诉求甲", content="内容甲")
    late = submit(title="逾期诉求乙", content="内容乙")
    services.accept_appeal(actor=world.admin, appeal=late)
    services.dispatch_appeal(
        actor=world.admin, appeal=late, lead=world.department.pk, today=today - timedelta(days=30)
    )
    client = login(world.admin)
    with django_assert_max_num_queries(20) as board:
        page = client.get("/appeals/board/").content.decode()
    assert real_queries(board) <= 10
    assert page.index("逾期诉求乙") < page.index("新诉求甲")
    assert "已逾期" in page and 'id="overdue-count">1<' in page
    with django_assert_max_num_queries(20) as listing:
        client.get("/appeals/")
    assert real_queries(listing) <= 10
    with django_assert_max_num_queries(30) as one:
        client.get(detail(fresh))
    assert real_queries(one) <= 16  # the steps' rights are asked per step


def test_the_secretary_sees_its_members_appeals_and_takes_one(world, login, categories):
    appeal = services.submit_appeal(
        actor=world.secretary,
        enterprise=world.enterprise,
        title="招工难",
        content="缺普工",
        channel=Channel.PHONE,
    )
    client = login(world.secretary)
    page = client.get(detail(appeal)).content.decode()
    assert 'id="action-take"' in page and 'id="action-forward"' in page
    client.post(f"{detail(appeal)}take/", {"take-reason": "商会组织招聘会"})
    appeal.refresh_from_db()
    assert appeal.state == AppealState.HANDLING and appeal.lead_unit == world.chamber
    assert MARK not in client.get("/appeals/").content.decode()


def test_the_leader_comments(world, login, submit):
    appeal = submit()
    client = login(world.leader)
    client.post(f"{detail(appeal)}comment/", {"text": "请抓紧办理"})
    assert "请抓紧办理" in client.get(detail(appeal)).content.decode()
    assert login(world.admin).post(f"{detail(appeal)}comment/", {"text": "x"}).status_code == 403


@pytest.mark.parametrize("role", [Role.FEDERATION_ADMIN, Role.FEDERATION_LEADER, Role.ENTERPRISE_USER])
def test_the_todo_list_shows_what_each_role_must_do(world, login, submit, role):
    appeal = submit()
    if role == Role.ENTERPRISE_USER:
        services.accept_appeal(actor=world.admin, appeal=appeal)
        services.dispatch_appeal(actor=world.admin, appeal=appeal, lead=world.department.pk)
        services.sign_appeal(actor=world.liaison, appeal=appeal)
        services.reply_appeal(actor=world.liaison, appeal=appeal, text="好", outcome="solved")
        services.close_appeal(actor=world.admin, appeal=appeal)
    from shanglian.appeals.todos import appeal_todos

    titles = [t.title for t in appeal_todos(world.users[role]) or []]
    expected = {
        Role.FEDERATION_ADMIN: "待受理",
        Role.ENTERPRISE_USER: "请评价",
        Role.FEDERATION_LEADER: None,
    }[role]
    if expected is None:
        assert titles == []
    else:
        assert any(expected in t for t in titles)
